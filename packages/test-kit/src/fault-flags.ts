import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFaultFlags,
  DEFINITIONS_FILE,
  faultDefinitions,
  readFlagdDocument,
  renderFlagState,
  writeFlagState,
  type FaultFlagsClient,
  type FaultFlagsLogger,
  type FaultFlagsMetrics,
  type FaultValue,
} from '@shopfast/feature-flags';
import { createLogger } from '@shopfast/service-kit';
import { waitFor } from './wait-for';

export interface TestFaultFlags {
  /** Pass this as a service's `faults` dependency. */
  faults: FaultFlagsClient;
  /** The temporary state file the flags read. */
  stateFile: string;
  /**
   * Renders a new state (these faults on, every other off) and waits until the flags read it: the provider
   * polls the file, so a change takes a few seconds (up to ~7). Waiting evaluates every fault, which the hook
   * counts: reset listened metrics after it.
   */
  set(overrides: Record<string, FaultValue>): Promise<void>;
  /** Closes the flags and removes the state file. */
  cleanup(): Promise<void>;
}

const noMetrics: FaultFlagsMetrics = { increment: () => undefined };

/**
 * Fault flags for a service built in an integration test, on a state file of its own rendered from the real
 * definitions with `overrides` switched on. Pass `metrics` (listenedMetrics) to read the hook's counts back.
 */
export async function testFaultFlags(
  overrides: Record<string, FaultValue> = {},
  options: { service?: string; metrics?: FaultFlagsMetrics; logger?: FaultFlagsLogger } = {},
): Promise<TestFaultFlags> {
  const definitions = readFlagdDocument(DEFINITIONS_FILE);
  const dir = await mkdtemp(join(tmpdir(), 'shopfast-faults-'));
  const stateFile = join(dir, 'shopfast.flagd.json');
  await writeFlagState(stateFile, renderFlagState(definitions, overrides));
  const faults = createFaultFlags({
    stateFile,
    service: options.service ?? 'test',
    metrics: options.metrics ?? noMetrics,
    logger: options.logger ?? createLogger({ service: 'fault-flags-test', env: 'test', version: '0', level: 'silent' }),
  });
  await faults.ready;

  const catalogue = faultDefinitions(definitions);
  const reads = (wanted: Record<string, FaultValue>) => async () => {
    for (const definition of catalogue) {
      const expected = wanted[definition.key] ?? definition.default;
      const actual = definition.type === 'number' ? await faults.number(definition.key) : await faults.enabled(definition.key);
      if (actual !== expected) return undefined;
    }
    return true;
  };
  await waitFor('the fault flags to read their state file', reads(overrides), 10_000);

  return {
    faults,
    stateFile,
    async set(next) {
      await writeFlagState(stateFile, renderFlagState(definitions, next));
      await waitFor(`the fault flags to read ${JSON.stringify(next)}`, reads(next), 15_000, 250);
    },
    async cleanup() {
      await faults.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
