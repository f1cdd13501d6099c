import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  allowedRange,
  DEFINITIONS_FILE,
  faultDefinitions,
  overridesOf,
  readFlagdDocument,
  renderFlagState,
  validateFaultValue,
  writeFlagState,
} from './definitions';

const document = readFlagdDocument(DEFINITIONS_FILE);
const definitions = faultDefinitions(document);
const byKey = (key: string) => definitions.find((definition) => definition.key === key)!;
const dir = mkdtempSync(join(tmpdir(), 'fault-definitions-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the fault catalogue', () => {
  it('holds the fourteen faults of the issue, every one off by default', () => {
    expect(definitions.map((definition) => definition.key).sort()).toEqual(
      [
        'paymentLatency',
        'paymentFailure',
        'bankTimeout',
        'inventoryErrors',
        'searchSlow',
        'cacheOutage',
        'orderHistoryNPlusOne',
        'memoryLeak',
        'cpuBurn',
        'emailSlow',
        'consumerLag',
        'endpointErrorSpike',
        'imageSlowLoad',
        'productPageJsError',
      ].sort(),
    );
    for (const definition of definitions) {
      expect(definition.default, definition.key).toBe(definition.type === 'number' ? 0 : false);
      expect(validateFaultValue(definition, definition.on), `${definition.key}'s "on" value is in its own range`).toEqual({ ok: true, value: definition.on });
      expect(definition.service, definition.key).not.toBe('');
      expect(definition.signal, definition.key).not.toBe('');
      expect(definition.monitor, definition.key).not.toBe('');
    }
  });

  it('refuses a definitions file that ships a fault on, or a numeric fault without a range', () => {
    const shippedOn = structuredClone(document);
    shippedOn.flags.paymentLatency!.defaultVariant = 'on';
    expect(() => faultDefinitions(shippedOn)).toThrow(/paymentLatency: the definitions ship every fault off/);
    const noRange = structuredClone(document);
    delete noRange.flags.paymentFailure!.metadata!.max;
    expect(() => faultDefinitions(noRange)).toThrow(/paymentFailure: numeric faults need metadata.min and metadata.max/);
  });
});

describe('validating a fault value', () => {
  const ratio = byKey('paymentFailure');
  const latency = byKey('paymentLatency');
  const outage = byKey('cacheOutage');

  it('accepts the ends of a numeric range and refuses just outside it, naming the range', () => {
    expect(validateFaultValue(ratio, 0)).toEqual({ ok: true, value: 0 });
    expect(validateFaultValue(ratio, 1)).toEqual({ ok: true, value: 1 });
    expect(validateFaultValue(ratio, 1.01)).toEqual({ ok: false, message: 'paymentFailure takes a number from 0 to 1 (ratio)' });
    expect(validateFaultValue(ratio, -0.01)).toMatchObject({ ok: false });
    expect(validateFaultValue(latency, latency.max! + 1)).toEqual({ ok: false, message: `paymentLatency takes ${allowedRange(latency)}` });
  });

  it('parses numbers and booleans given as text (a command line), and refuses the wrong type', () => {
    expect(validateFaultValue(ratio, ' 0.25 ')).toEqual({ ok: true, value: 0.25 });
    expect(validateFaultValue(outage, 'true')).toEqual({ ok: true, value: true });
    expect(validateFaultValue(outage, 'false')).toEqual({ ok: true, value: false });
    expect(validateFaultValue(outage, 1)).toEqual({ ok: false, message: 'cacheOutage takes true or false' });
    expect(validateFaultValue(ratio, true)).toMatchObject({ ok: false });
    for (const bad of ['', 'abc', 'NaN', 'Infinity', null, undefined, {}]) expect(validateFaultValue(ratio, bad), String(bad)).toMatchObject({ ok: false });
  });
});

describe('the state file', () => {
  it('round-trips overrides: rendered, written, read back, the same faults at the same values', async () => {
    const overrides = { paymentFailure: 0.3, cacheOutage: true, paymentLatency: 0 };
    const file = join(dir, 'state.json');
    await writeFlagState(file, renderFlagState(document, overrides));
    const state = readFlagdDocument(file);
    expect(overridesOf(state)).toEqual(overrides);
    expect(state.flags.paymentFailure).toMatchObject({ defaultVariant: 'on', variants: { off: 0, on: 0.3 } });
    // Everything else is the definitions as they are, so the state file is a valid catalogue too.
    expect(state.flags.bankTimeout).toEqual(document.flags.bankTimeout);
    expect(readdirSync(dir), 'no temporary file is left behind').toEqual(['state.json']);
  });

  it('renders every fault off with no overrides, and never changes the definitions it renders from', () => {
    const before = structuredClone(document);
    expect(overridesOf(renderFlagState(document, {}))).toEqual({});
    renderFlagState(document, { paymentFailure: 0.9 });
    expect(document).toEqual(before);
  });

  it('refuses an unknown fault instead of dropping it', () => {
    expect(() => renderFlagState(document, { noSuchFault: true })).toThrow('unknown fault noSuchFault');
  });
});
