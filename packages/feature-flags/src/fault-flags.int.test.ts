import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { tracer } from '@shopfast/tracing';
import { listenedMetrics, newTraceContext, testFaultFlags, waitFor, waitForTrace } from '@shopfast/test-kit';
import { DEFINITIONS_FILE, readFlagdDocument, renderFlagState, writeFlagState, type FaultValue } from './definitions';
import { createFaultFlags, type FaultFlagsClient } from './fault-flags';

const definitions = readFlagdDocument(DEFINITIONS_FILE);
const dir = mkdtempSync(join(tmpdir(), 'fault-flags-'));
const listened = listenedMetrics('feature-flags');
const warnings: string[] = [];
const logger = { warn: (_details: Record<string, unknown>, message: string) => void warnings.push(message), info: () => undefined };
const opened: FaultFlagsClient[] = [];

function flagsOn(stateFile: string, retryMs?: number): FaultFlagsClient {
  const flags = createFaultFlags({ stateFile, service: 'feature-flags-test', metrics: listened.metrics, logger, ...(retryMs ? { retryMs } : {}) });
  opened.push(flags);
  return flags;
}

async function stateFileWith(name: string, overrides: Record<string, FaultValue>): Promise<string> {
  const file = join(dir, name);
  await writeFlagState(file, renderFlagState(definitions, overrides));
  return file;
}

beforeEach(async () => {
  warnings.length = 0;
  await listened.reset();
});

afterAll(async () => {
  await Promise.all(opened.map((flags) => flags.close()));
  await listened.metrics.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('fault flags read the state file in-process', () => {
  it('answers the value of a fault that is on and the off value of every other', async () => {
    const flags = flagsOn(await stateFileWith('on.json', { paymentLatency: 1500, cacheOutage: true }));
    await flags.ready;
    expect(await flags.number('paymentLatency')).toBe(1500);
    expect(await flags.enabled('cacheOutage')).toBe(true);
    expect(await flags.number('paymentFailure')).toBe(0);
    expect(await flags.enabled('productPageJsError')).toBe(false);
  });

  it('sees a change to the state file within 10 s, on and then off again, with no restart', async () => {
    const file = await stateFileWith('change.json', {});
    const flags = flagsOn(file);
    await flags.ready;
    expect(await flags.number('paymentFailure')).toBe(0);

    await writeFlagState(file, renderFlagState(definitions, { paymentFailure: 0.25 }));
    await waitFor('paymentFailure to read 0.25', async () => ((await flags.number('paymentFailure')) === 0.25 ? true : undefined), 10_000);
    await writeFlagState(file, renderFlagState(definitions, {}));
    await waitFor('paymentFailure to read off again', async () => ((await flags.number('paymentFailure')) === 0 ? true : undefined), 10_000);
  });

  it('reads every fault off, without throwing, while the state file is missing, and picks it up once it appears', async () => {
    const file = join(dir, 'late.json');
    const flags = flagsOn(file, 200);
    await flags.ready;
    expect(await flags.number('paymentLatency')).toBe(0);
    expect(await flags.enabled('cacheOutage')).toBe(false);
    expect(warnings).toContain('fault flags: the state file cannot be read; every fault is off until it can');

    await writeFlagState(file, renderFlagState(definitions, { cacheOutage: true }));
    await waitFor('cacheOutage to read on', async () => ((await flags.enabled('cacheOutage')) ? true : undefined), 10_000);
  });

  it('reads every fault off from a state file that is not JSON', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"flags": {"paymentLatency": ');
    const flags = flagsOn(file, 60_000);
    await flags.ready;
    expect(await flags.number('paymentLatency')).toBe(0);
    expect(await flags.enabled('bankTimeout')).toBe(false);
  });

  it('answers the off value for a key the catalogue does not have, and warns once', async () => {
    const flags = flagsOn(await stateFileWith('unknown.json', {}));
    await flags.ready;
    expect(await flags.number('noSuchFault')).toBe(0);
    expect(await flags.number('noSuchFault')).toBe(0);
    expect(warnings.filter((message) => message === 'fault flag evaluation failed; the fault reads off')).toHaveLength(1);
  });
});

describe('the fault flag hook', () => {
  it('tags the root span with the value of a fault that is on and counts the evaluation; a fault that is off leaves nothing', async () => {
    const flags = flagsOn(await stateFileWith('hook.json', { paymentLatency: 1500, cacheOutage: true }));
    await flags.ready;
    await listened.reset();

    const test = newTraceContext();
    await tracer.trace('test.request', { childOf: tracer.extract('text_map', test.headers)! }, () =>
      // Evaluated in a child span, as domain code does: the tag still goes on the root.
      tracer.trace('test.domain_work', async () => {
        await flags.number('paymentLatency');
        await flags.enabled('cacheOutage');
        await flags.number('paymentFailure');
      }),
    );

    const spans = await waitForTrace(test.traceId, (all) => ['test.request', 'test.domain_work'].every((name) => all.some((span) => span.name === name)));
    const root = spans.find((span) => span.name === 'test.request')!;
    const child = spans.find((span) => span.name === 'test.domain_work')!;
    expect(root.meta['feature_flags.paymentLatency']).toBe('1500');
    expect(root.meta['feature_flags.cacheOutage']).toBe('true');
    expect(root.meta).not.toHaveProperty('feature_flags.paymentFailure');
    expect(Object.keys(child.meta).filter((key) => key.startsWith('feature_flags.'))).toEqual([]);

    expect((await listened.received('ecommerce.feature_flags.evaluations')).sort()).toEqual([
      'ecommerce.feature_flags.evaluations:1|c|#flag:cacheOutage,variant:on',
      'ecommerce.feature_flags.evaluations:1|c|#flag:paymentLatency,variant:on',
    ]);
  });
});

describe('testFaultFlags (@shopfast/test-kit), for the services\' integration tests', () => {
  it('starts with the faults asked for on, switches them with set(), and removes its state file', async () => {
    const test = await testFaultFlags({ paymentFailure: 1 });
    try {
      expect(await test.faults.number('paymentFailure')).toBe(1);
      await test.set({ cacheOutage: true });
      expect(await test.faults.number('paymentFailure')).toBe(0);
      expect(await test.faults.enabled('cacheOutage')).toBe(true);
    } finally {
      await test.cleanup();
    }
    expect(existsSync(test.stateFile)).toBe(false);
  });
});
