import { describe, expect, it } from 'vitest';
import { endpoints, newTraceContext, sameId, waitForTrace, type AgentSpan, type TestTraceContext } from '@shopfast/test-kit';

/**
 * Application Security (DD_APPSEC_ENABLED=true, docs/decisions/009): dd-trace's in-process WAF reads
 * every request and, when a rule matches, tags the request's root span with the event. That span is
 * what Datadog's App and API Protection explorers show. By default the rules only report; the one
 * default rule that blocks is Datadog's own test scanner user agent. These tests read the gateway's
 * root span back from the test agent. They need the stack started with the DD_APPSEC_* lines of
 * scripts/stack/app-services.ts.
 */

interface AppsecTrigger {
  rule: { id: string; name: string; tags: { type: string; category: string }; on_match: string[] };
  rule_matches: Array<{ parameters: Array<{ address: string; key_path?: string[]; value?: string }> }>;
}

/** The gateway's root span: the one whose parent is the test's own context. */
async function gatewayRoot(context: TestTraceContext, name: string): Promise<AgentSpan> {
  const isRoot = (span: AgentSpan) => span.service === 'gateway' && span.name === name && sameId(span.parent_id, context.parentId);
  const spans = await waitForTrace(context.traceId, (all) => all.some(isRoot));
  return spans.find(isRoot)!;
}

function triggersOf(span: AgentSpan): AppsecTrigger[] {
  const json = span.meta['_dd.appsec.json'];
  expect(json, '_dd.appsec.json on the root span').toBeDefined();
  return (JSON.parse(json!) as { triggers: AppsecTrigger[] }).triggers;
}

describe('Application Security through the gateway', () => {
  it('marks every request span as inspected by the WAF, and a normal request carries no event', async () => {
    const context = newTraceContext();
    const response = await fetch(`${endpoints.gateway}/api/products?limit=1`, { headers: context.headers });
    expect(response.status).toBe(200);

    const root = await gatewayRoot(context, 'express.request');
    expect(root.metrics['_dd.appsec.enabled'], 'AppSec is on in the gateway (DD_APPSEC_ENABLED)').toBe(1);
    expect(root.meta['_dd.appsec.event_rules.version']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(root.meta['appsec.event']).toBeUndefined();
    expect(root.meta['_dd.appsec.json']).toBeUndefined();
  });

  it('reports an SQL injection attempt on the gateway root span and still answers normally (monitoring, not blocking)', async () => {
    const context = newTraceContext();
    const injection = "' OR 1=1--";
    const response = await fetch(`${endpoints.gateway}/api/search?q=${encodeURIComponent(injection)}&limit=1`, { headers: context.headers });
    // The default rules only report an injection: the request goes on to the product service as usual.
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: unknown[] }).items).toBeInstanceOf(Array);

    const root = await gatewayRoot(context, 'express.request');
    expect(root.resource).toBe('GET /api/search');
    expect(root.meta['appsec.event']).toBe('true');
    expect(root.meta['_dd.origin']).toBe('appsec');
    expect(root.metrics['_dd.appsec.enabled']).toBe(1);
    // AppSec keeps the trace whatever the sampling decision was (USER_KEEP). The decision maker is -5
    // (AppSec) when the WAF decided first; dd-trace records only the first decision maker, so when the
    // default sampler had already decided for this trace (-0) it stays -0 while the priority still rises.
    expect(root.metrics['_sampling_priority_v1']).toBe(2);
    expect(root.meta['_dd.p.dm']).toMatch(/^-(5|0)$/);
    expect(root.meta['network.client.ip']).toBeDefined();

    const sqli = triggersOf(root).find((trigger) => trigger.rule.tags.type === 'sql_injection');
    expect(sqli, `an sql_injection trigger in ${root.meta['_dd.appsec.json']}`).toBeDefined();
    expect(sqli!.rule.id).toBe('crs-942-100');
    expect(sqli!.rule.tags.category).toBe('attack_attempt');
    expect(sqli!.rule.on_match).toEqual([]);
    expect(sqli!.rule_matches[0]!.parameters[0]).toMatchObject({ address: 'server.request.query', key_path: ['q'], value: injection });
  });

  it("blocks Datadog's test scanner user agent with 403, the default rules' one blocking rule", async () => {
    const context = newTraceContext();
    const response = await fetch(`${endpoints.gateway}/api/products?limit=1`, {
      headers: { ...context.headers, 'user-agent': 'dd-test-scanner-log-block', accept: 'application/json' },
    });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { errors: Array<{ title: string }> };
    expect(body.errors[0]?.title).toBe("You've been blocked");

    // Blocked before Express runs: the root span keeps the HTTP server's name.
    const root = await gatewayRoot(context, 'http.server.request');
    expect(root.meta['appsec.blocked']).toBe('true');
    expect(root.meta['appsec.event']).toBe('true');
    expect(root.meta['http.status_code']).toBe('403');
    const trigger = triggersOf(root)[0]!;
    expect(trigger.rule).toMatchObject({ id: 'ua0-600-56x', on_match: ['block'] });
  });
});
