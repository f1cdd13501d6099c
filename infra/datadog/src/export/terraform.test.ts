// `export terraform`: `terraform fmt -check` accepts what is written (Terraform is on the machine image; the
// test fails, not skips, without it), cross references are Terraform references, and what cannot be rendered
// faithfully is listed instead of written.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allDefinitions } from '../definitions';
import { settingsFromEnv } from '../definitions/settings';
import type { Definition } from '../definitions/types';
import { fixtureDefinitions } from '../testing/fixtures';
import { writeGeneratedFiles } from './generated-files';
import { quoted, templateText } from './hcl';
import { terraformExport } from './terraform';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function exportTo(definitions: Definition[]): { dir: string; file: (name: string) => string; result: ReturnType<typeof terraformExport> } {
  const dir = mkdtempSync(join(tmpdir(), 'datadog-terraform-'));
  dirs.push(dir);
  const result = terraformExport(definitions);
  writeGeneratedFiles(dir, result.files);
  return { dir, result, file: (name) => readFileSync(join(dir, name), 'utf8') };
}

function terraformFmtCheck(dir: string): { status: number | null; output: string } {
  const run = spawnSync('terraform', ['fmt', '-check', '-diff', '-recursive', dir], { encoding: 'utf8' });
  if (run.error) throw new Error(`terraform must be on PATH for this test (the machine image has 1.11.4): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('export terraform', () => {
  it('writes files terraform fmt -check accepts, for the real definitions and the fixtures', () => {
    for (const definitions of [allDefinitions(settingsFromEnv({})), fixtureDefinitions()]) {
      const { dir } = exportTo(definitions);
      const check = terraformFmtCheck(dir);
      expect(check.output.replace(/[\s\S]*CLI configuration[\s\S]*?╵\n?/g, '').trim()).toBe('');
      expect(check.status).toBe(0);
    }
  });

  it('notices a file terraform fmt would change (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'datadog-terraform-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'bad.tf'), 'resource "datadog_monitor_json" "x" {\nmonitor = "{}"\n}\n');

    expect(terraformFmtCheck(dir).status).not.toBe(0);
  });

  it('turns references into Terraform references and creates monitors after the webhook they notify', () => {
    const { file } = exportTo(fixtureDefinitions());
    const monitors = file('monitors.tf');

    expect(monitors).toContain('resource "datadog_monitor_json" "checkout_errors_while_traffic_flat" {');
    expect(monitors).toContain('"query": "${datadog_monitor_json.checkout_errors.id} && !${datadog_monitor_json.traffic_growth.id}",');
    expect(monitors).toContain('"query": "burn_rate(\\"${datadog_service_level_objective.checkout_availability.id}\\").over(\\"30d\\")');
    expect(monitors).toContain('depends_on = [datadog_webhook.shopfast_incident_test]');
    expect(file('dashboards.tf')).toContain('resource "datadog_dashboard_json" "operations" {');
    expect(file('slos.tf')).toMatch(/resource "datadog_service_level_objective" "checkout_availability" \{\n {2}name {8}= "Checkout availability"\n {2}type {8}= "metric"/);
    expect(file('webhooks.tf')).toContain('value     = var.shopfast_webhook_secret');
    // The env's own custom variable, the one the header sends.
    expect(file('webhooks.tf')).toContain('name      = "SHOPFAST_WEBHOOK_SECRET_TEST"');
    expect(file('webhooks.tf')).toContain('custom_headers = "{\\"x-shopfast-webhook-secret\\":\\"$SHOPFAST_WEBHOOK_SECRET_TEST\\"}"');
  });

  it('leaves the managed-by marker out, and lists the synthetic tests as not exported', () => {
    const { dir, file, result } = exportTo(fixtureDefinitions());

    for (const name of ['monitors.tf', 'slos.tf', 'dashboards.tf']) {
      expect(file(name)).not.toContain('managed-by:shopfast');
      expect(file(name)).not.toContain('managed_key:');
    }
    expect(result.notExported.map((entry) => `${entry.kind}:${entry.key}`)).toEqual(['synthetics-api:health', 'synthetics-browser:checkout-journey']);
    expect(file('README.md')).toContain('| synthetics-api | health | synthetic tests have no JSON resource in the provider');
    expect(readFileSync(join(dir, 'versions.tf'), 'utf8')).toContain('datadog = { source = "DataDog/datadog" }');
  });

  it('drops an object that refers to one it cannot export, and says why', () => {
    const definitions = fixtureDefinitions().map((definition) =>
      definition.kind === 'slo' ? { ...definition, body: { ...definition.body, thresholds: [{ timeframe: '30d' as const, target: 99.9, targetDisplay: '99.900' }] } } : definition,
    );
    const { result, file } = exportTo(definitions);

    expect(result.notExported).toEqual(
      expect.arrayContaining([
        { kind: 'slo', key: 'checkout-availability', reason: 'thresholds[0].target_display: no rendering in the native resource here' },
        { kind: 'monitor', key: 'checkout-availability-burn', reason: 'refers to slo:checkout-availability, which is not exported' },
      ]),
    );
    expect(file('monitors.tf')).not.toContain('checkout_availability_burn');
  });

  it('removes the files of an earlier export and nothing else', () => {
    const { dir } = exportTo(fixtureDefinitions());
    writeFileSync(join(dir, 'mine.tf'), '# my own file\n');
    const onlyMonitors = fixtureDefinitions().filter((definition) => definition.kind === 'monitor' && !definition.body.query.includes('${'));

    writeGeneratedFiles(dir, terraformExport(onlyMonitors).files);

    expect(spawnSync('ls', [dir], { encoding: 'utf8' }).stdout.trim().split('\n')).toEqual(['README.md', 'mine.tf', 'monitors.tf', 'versions.tf']);
  });
});

describe('HCL strings', () => {
  it('escapes quotes, backslashes, newlines and template sequences, and interpolates only mapped placeholders', () => {
    const references = (placeholder: string) => (placeholder === 'monitor:a' ? 'datadog_monitor_json.a.id' : undefined);

    expect(quoted('say "hi"\\n\nnow ${x} %{y} ${monitor:a} ${slo:b}', references)).toBe(
      '"say \\"hi\\"\\\\n\\nnow $${x} %%{y} ${datadog_monitor_json.a.id} $${slo:b}"',
    );
    expect(templateText('{{#is_alert}}$value{{/is_alert}}')).toBe('{{#is_alert}}$value{{/is_alert}}');
  });
});
