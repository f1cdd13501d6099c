import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNIVERSAL_TAGS, loadCatalogue, lookupMetric } from '../../lint/catalogue';
import { FAULT_SIGNALS } from '../signals/fault-signals';
import { monitorQuery } from '../signals/render';
import type { Series } from '../signals/types';
import { scopedName } from '../scope';
import { defaultSettings } from '../settings';
import type { DefinitionSettings } from '../types';
import { webhookHandle } from '../webhook';
import { faultMonitors } from './faults';

const FLAGS_FILE = path.resolve(__dirname, '../../../../flags/shopfast.flagd.json');
const flags = (JSON.parse(readFileSync(FLAGS_FILE, 'utf8')) as { flags: Record<string, { metadata?: { monitor?: string; service?: string } }> }).flags;
const settings: DefinitionSettings = { ...defaultSettings(), env: 'prod' };
const monitors = faultMonitors(settings);

describe('faultMonitors', () => {
  it('has, for every flag that names a monitor, exactly one monitor of that name (in the env), and its faults include the flag', () => {
    const named = Object.entries(flags).filter(([, flag]) => flag.metadata?.monitor);
    expect(named.length).toBeGreaterThan(0);
    for (const [key, flag] of named) {
      const matching = monitors.filter((monitor) => monitor.body.name === scopedName('prod', flag.metadata?.monitor as string));
      expect(matching, `monitor "${flag.metadata?.monitor}" of ${key}`).toHaveLength(1);
      expect(matching[0]?.faults, `faults of "${flag.metadata?.monitor}"`).toContain(key);
    }
  });

  it('watches only faults of the catalogue, one monitor each, with unique keys', () => {
    const faults = monitors.flatMap((monitor) => monitor.faults ?? []);
    expect(new Set(faults).size).toBe(faults.length);
    for (const fault of faults) expect(Object.keys(flags)).toContain(fault);
    expect(new Set(monitors.map((monitor) => monitor.key)).size).toBe(monitors.length);
  });

  it('queries exactly the signal the fault e2e tests evaluate, in the settings env, with its thresholds', () => {
    for (const monitor of monitors) {
      const signal = FAULT_SIGNALS[monitor.faults?.[0] as keyof typeof FAULT_SIGNALS];
      expect(monitor.body.query).toBe(monitorQuery(signal, 'prod'));
      expect(monitor.body.query).toContain('env:prod');
      expect(monitor.body.options?.thresholds).toEqual({ critical: signal.condition.critical, warning: signal.condition.warning });
      expect(monitor.body.type).toBe(signal.kind === 'rum' ? 'rum alert' : 'query alert');
    }
  });

  it('tags every monitor by the conventions and routes its message to its tier and the incident webhook', () => {
    for (const monitor of monitors) {
      const tags = monitor.body.tags ?? [];
      expect(tags).toEqual(expect.arrayContaining(['managed-by:shopfast', `managed_key:${monitor.key}`, 'team:shopfast', 'env:prod']));
      const tier = tags.find((tag) => tag.startsWith('tier:'))?.slice('tier:'.length) as keyof DefinitionSettings['tiers'];
      expect(['critical', 'performance', 'business']).toContain(tier);
      expect(tags.filter((tag) => tag.startsWith('alert:'))).toHaveLength(1);
      expect(tags.filter((tag) => tag.startsWith('service:'))).toHaveLength(1);
      for (const handle of [...settings.tiers[tier].handles, webhookHandle('prod')]) expect(monitor.body.message).toContain(handle);
    }
  });

  it('tags each backend monitor with the service the flag says the fault lives in', () => {
    for (const monitor of monitors) {
      const fault = monitor.faults?.[0] as string;
      const service = flags[fault]?.metadata?.service;
      const tagged = monitor.body.tags?.find((tag) => tag.startsWith('service:'));
      // The order failure rate is measured where orders fail (order), whichever service made them fail.
      if (service !== 'web' && fault !== 'paymentFailure') expect(tagged, fault).toBe(`service:${service}`);
    }
  });

  it('reads only metrics docs/telemetry.md catalogues, filtered only by tags catalogued on them', () => {
    const catalogue = loadCatalogue();
    const series = Object.values(FAULT_SIGNALS).flatMap((signal): Series[] =>
      signal.kind === 'ratio' ? [...signal.numerator, ...signal.denominator] : signal.kind === 'rum' ? [] : [signal.series],
    );
    for (const { metric, filter } of series) {
      const found = lookupMetric(catalogue, metric);
      expect(found, `${metric} in docs/telemetry.md`).toBeDefined();
      for (const key of Object.keys(filter)) expect(found?.entry.tags.has(key) || UNIVERSAL_TAGS.has(key), `tag ${key} of ${metric}`).toBe(true);
    }
  });
});
