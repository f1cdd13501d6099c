// `npm run synthetics` against the running stack, as CI runs it: every synthetic API test defined for Datadog
// (infra/datadog/src/definitions/synthetics.ts) passes with Datadog's assertions, and its requests reached the
// services marked as synthetic: the trace of each request (found by the x-datadog-trace-id the runner sent,
// as Datadog's managed locations do) has the gateway's and every service's entry spans tagged
// `baggage.synthetic_request: true` and `_dd.origin: synthetics`.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForTrace, type AgentSpan } from '@shopfast/test-kit';
import type { RunReport } from '../../scripts/synthetics/report';

const REPO = path.resolve(__dirname, '..', '..');

function runSynthetics(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'synthetics', '--', ...args], { cwd: REPO, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const isEntrySpan = (span: AgentSpan) => span.name === 'express.request';

describe('npm run synthetics against the local stack', () => {
  let report: RunReport;

  it('passes every synthetic API test, one line per test', { timeout: 240_000 }, async () => {
    const run = await runSynthetics(['--json']);
    const context = `${run.stderr.slice(-4_000)}`;
    expect(run.code, context).toBe(0);
    report = JSON.parse(run.stdout) as RunReport;
    expect(report.tests.map((test) => test.key)).toEqual([
      'synthetics-health',
      'synthetics-product-listing',
      'synthetics-search',
      'synthetics-product',
      'synthetics-signup',
      'synthetics-login',
      'synthetics-checkout',
    ]);
    expect(report.tests.filter((test) => !test.passed).map((test) => test.key), context).toEqual([]);
    expect(report).toMatchObject({ passed: 7, failed: 0 });
    for (const test of report.tests) {
      expect(run.stderr, test.key).toContain(`✓ ${test.name} [${test.key}]`);
      for (const step of test.steps) {
        expect(step.passed, `${test.key}: ${step.name}`).toBe(true);
        expect(step.assertions.length, `${test.key}: ${step.name}`).toBeGreaterThan(0);
        expect(step.traceId).toMatch(/^\d+$/);
      }
    }
    const checkout = report.tests.find((test) => test.key === 'synthetics-checkout');
    expect(checkout?.steps.map((step) => step.status)).toEqual([201, 200, 200, 200, 200, 200, 201, 200]);
    expect(run.stderr).toMatch(/✓ 7 of 7 synthetic tests passed \(0 failing\)/);
  });

  it('sent requests the gateway and every service tagged as synthetic', { timeout: 120_000 }, async () => {
    expect(report, 'the run above produced no report').toBeDefined();
    const checkout = report.tests.find((test) => test.key === 'synthetics-checkout');
    const checkoutStep = checkout?.steps.find((step) => step.url.endsWith('/api/checkout'));
    expect(checkoutStep?.traceId).toBeDefined();
    const services = ['gateway', 'order', 'cart', 'inventory', 'payment'];
    const spans = await waitForTrace(checkoutStep!.traceId!, (all) => services.every((service) => all.some((span) => isEntrySpan(span) && span.service === service)));
    for (const service of services) {
      const entry = spans.find((span) => isEntrySpan(span) && span.service === service);
      expect(entry?.meta['baggage.synthetic_request'], service).toBe('true');
      expect(entry?.meta['_dd.origin'], service).toBe('synthetics');
    }

    // One request of every other test (health is sampled out on purpose: its spans are never kept).
    for (const test of report.tests.filter((candidate) => candidate.key !== 'synthetics-health')) {
      const traceId = test.steps[0]?.traceId;
      const trace = await waitForTrace(traceId!, (all) => all.some((span) => isEntrySpan(span) && span.service === 'gateway'));
      const gateway = trace.find((span) => isEntrySpan(span) && span.service === 'gateway');
      expect(gateway?.meta['baggage.synthetic_request'], test.key).toBe('true');
      expect(gateway?.meta['_dd.origin'], test.key).toBe('synthetics');
    }
  });

  it('passes the browser checkout journey in Chromium, through the edge that serves the storefront', { timeout: 240_000 }, async () => {
    const run = await runSynthetics(['--browser', '--test', 'synthetics-browser-checkout', '--json']);
    expect(run.code, run.stderr.slice(-4_000)).toBe(0);
    const browser = (JSON.parse(run.stdout) as RunReport).tests[0];
    expect(browser).toMatchObject({ key: 'synthetics-browser-checkout', subtype: 'browser', passed: true });
    expect(browser?.steps.length).toBeGreaterThan(20);
    expect(browser?.steps.filter((step) => !step.passed)).toEqual([]);
    expect(browser?.steps.at(-1)?.url).toMatch(/\/orders\/[0-9a-f-]{36}(\?|$)/);
  });

  it('fails with a clear message and exit code 2 when no shop answers', { timeout: 60_000 }, async () => {
    const run = await runSynthetics(['--base-url', 'http://127.0.0.1:9']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nothing answers http://127.0.0.1:9/api/health');
  });
});
