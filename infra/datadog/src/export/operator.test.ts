// `export operator`: every manifest written validates against the Operator's CRD schemas (a wrong field is
// rejected), typed resources where the CRD holds every field, DatadogGenericResource otherwise, and objects that
// refer to others by id are listed as not exported.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { allDefinitions } from '../definitions';
import { settingsFromEnv } from '../definitions/settings';
import type { Definition } from '../definitions/types';
import { fixtureDefinitions } from '../testing/fixtures';
import { writeGeneratedFiles } from './generated-files';
import { operatorExport } from './operator';
import { operatorValidator, type Manifest } from './operator-schemas';

const validate = operatorValidator();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Every document of every YAML file written, parsed back. */
function writtenManifests(definitions: Definition[]): Manifest[] {
  const dir = mkdtempSync(join(tmpdir(), 'datadog-operator-'));
  dirs.push(dir);
  writeGeneratedFiles(dir, operatorExport(definitions, validate).files);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .flatMap((name) => parseAllDocuments(readFileSync(join(dir, name), 'utf8')).map((document) => document.toJS() as Manifest));
}

const monitorManifest = (): Manifest => {
  const manifest = operatorExport(fixtureDefinitions(), validate).manifests.find((entry) => entry.kind === 'DatadogMonitor');
  if (!manifest) throw new Error('no DatadogMonitor');
  return structuredClone(manifest);
};

describe('export operator', () => {
  it('writes manifests that validate against the CRD schemas, for the real definitions and the fixtures', () => {
    for (const definitions of [allDefinitions(settingsFromEnv({})), fixtureDefinitions()]) {
      const manifests = writtenManifests(definitions);
      expect(manifests.length).toBeGreaterThan(0);
      for (const manifest of manifests) expect([manifest.metadata.name, validate(manifest)]).toEqual([manifest.metadata.name, []]);
    }
  });

  it('rejects a field the CRD does not define, a threshold that is not a string and a bad name', () => {
    const extra = monitorManifest();
    extra.spec.bogus = true;
    expect(validate(extra)).toEqual(['spec: has bogus, which the CRD does not define']);

    const numeric = monitorManifest();
    (numeric.spec.options as { thresholds: Record<string, unknown> }).thresholds.critical = 0.05;
    expect(validate(numeric)).toEqual(['spec.options.thresholds.critical: must be string']);

    const named = monitorManifest();
    named.metadata.name = 'Not_A_Name';
    expect(validate(named)).toEqual(['metadata.name: "Not_A_Name" is not a Kubernetes object name']);
  });

  it('uses the typed resource where the CRD holds every field, and the generic one otherwise', () => {
    const result = operatorExport(fixtureDefinitions(), validate);
    const kinds = Object.fromEntries(result.manifests.map((manifest) => [manifest.metadata.name, manifest.kind]));

    expect(kinds).toEqual({
      'shopfast-monitor-checkout-errors': 'DatadogMonitor',
      'shopfast-monitor-traffic-growth': 'DatadogMonitor',
      'shopfast-dashboard-operations': 'DatadogGenericResource',
      'shopfast-slo-checkout-availability': 'DatadogGenericResource',
      'shopfast-synthetics-api-health': 'DatadogGenericResource',
      'shopfast-synthetics-browser-checkout-journey': 'DatadogGenericResource',
    });
    const monitor = result.manifests.find((manifest) => manifest.metadata.name === 'shopfast-monitor-checkout-errors');
    expect(monitor?.spec).toEqual({
      name: 'Checkout error rate over 5 %',
      type: 'query alert',
      query:
        'sum(last_5m):sum:trace.express.request.errors{env:test,service:order}.as_count() / sum:trace.express.request.hits{env:test,service:order}.as_count() > 0.05',
      message: 'Checkout errors. @webhook-shopfast-incident-test',
      tags: ['team:shopfast', 'env:test', 'service:order', 'alert:error_rate_spike'],
      options: { thresholds: { critical: '0.05' }, notifyNoData: false, renotifyInterval: 30 },
    });
    const slo = result.manifests.find((manifest) => manifest.metadata.name === 'shopfast-slo-checkout-availability');
    expect(JSON.parse(String(slo?.spec.jsonSpec))).toMatchObject({ name: 'Checkout availability', type: 'metric', tags: ['team:shopfast', 'env:test'] });
    expect(slo?.spec.type).toBe('slo');
  });

  it('writes a DatadogSLO for a one-timeframe SLO without a description', () => {
    const definitions = fixtureDefinitions().flatMap((definition) =>
      definition.kind === 'slo'
        ? [{ ...definition, body: { ...definition.body, description: undefined, thresholds: [{ timeframe: '30d' as const, target: 99.9, warning: 99.95 }] } }]
        : [],
    );

    const [manifest] = operatorExport(definitions, validate).manifests;

    expect(manifest?.kind).toBe('DatadogSLO');
    expect(manifest?.spec).toMatchObject({ name: 'Checkout availability', type: 'metric', timeframe: '30d', targetThreshold: '99.9', warningThreshold: '99.95' });
  });

  it('falls back to the generic resource when a monitor option is not in the CRD', () => {
    const definitions = fixtureDefinitions().flatMap((definition) =>
      definition.kind === 'monitor' && definition.key === 'traffic-growth' ? [{ ...definition, body: { ...definition.body, options: { ...definition.body.options, newHostDelay: 300 } } }] : [],
    );

    const result = operatorExport(definitions, validate);

    expect(result.manifests.map((manifest) => manifest.kind)).toEqual(['DatadogGenericResource']);
    expect(result.generic).toEqual([{ kind: 'monitor', key: 'traffic-growth', reason: 'spec.options: has newHostDelay, which the CRD does not define' }]);
  });

  it('lists composite and burn-rate monitors and the webhook as not exported, and leaves the marker out', () => {
    const result = operatorExport(fixtureDefinitions(), validate);

    expect(result.notExported.map((entry) => `${entry.kind}:${entry.key}`)).toEqual(['webhook:shopfast-incident-test', 'monitor:checkout-errors-while-traffic-flat', 'monitor:checkout-availability-burn']);
    expect(result.notExported[1]?.reason).toContain('refers to monitor:checkout-errors, monitor:traffic-growth by id');
    expect(JSON.stringify(result.manifests)).not.toMatch(/managed-by:shopfast|managed_env:|managed_key:/);
    expect(result.files.get('README.md')).toContain('| monitor | checkout-availability-burn | refers to slo:checkout-availability by id');
  });

  it("sends the webhook to the Terraform export's webhooks.tf, with its hidden variable named, not to apply", () => {
    const readme = operatorExport(fixtureDefinitions(), validate).files.get('README.md') ?? '';

    expect(readme).toMatch(/\| webhook \| shopfast-incident-test \| .*`datadog_webhook` of webhooks\.tf .*hidden secret variable SHOPFAST_WEBHOOK_SECRET_TEST/);
    expect(readme).toContain('The webhook shopfast-incident-test is no Operator resource: create it and its hidden secret variable with the Terraform export');
    expect(readme).toContain('`TF_VAR_shopfast_webhook_secret`');
    // "The Operator or apply, not both" stands: nothing is sent to apply.
    expect(readme.match(/npm run datadog -- apply/g)).toHaveLength(1);
  });
});
