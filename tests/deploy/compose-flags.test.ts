// The fault flags in compose (docs/faults.md): one state file in the `flags` volume, written with every fault
// off by the `secrets` init container before any app starts, read by every app as FLAGS_FILE, writable by the
// gateway alone (its admin API switches faults by rewriting it).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFINITIONS_FILE, overridesOf, readFlagdDocument, renderFlagState } from '@shopfast/feature-flags';
import { appServices, loadCompose, readRepoFile, repoRoot } from './compose-file';

const compose = loadCompose();
const apps = appServices(compose);
const FLAGS = '/run/shopfast/flags';
const STATE = `${FLAGS}/shopfast.flagd.json`;
const dir = mkdtempSync(join(tmpdir(), 'compose-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('compose fault flags', () => {
  it('renders the state with every fault off in the init container, from the definitions mounted read-only', () => {
    const init = compose.services.secrets!;
    const command = (init.command as string[])[2]!;
    expect(command).toMatch(new RegExp(`&&\\s*node /opt/shopfast/flags/render-initial-state\\.mjs ${STATE} --owner 1000:1000$`));
    expect(init.volumes).toEqual(expect.arrayContaining(['./infra/flags:/opt/shopfast/flags:ro', `flags:${FLAGS}`]));
    expect(compose.volumes).toHaveProperty('flags');
  });

  it.each(apps.map((a) => [a.name, a.service] as const))('%s: reads FLAGS_FILE from the flags volume, written only by the gateway', (name, service) => {
    expect(service.environment?.FLAGS_FILE).toBe(STATE);
    expect(service.depends_on?.secrets).toEqual({ condition: 'service_completed_successfully' });
    expect(service.volumes).toContain(name === 'gateway' ? `flags:${FLAGS}` : `flags:${FLAGS}:ro`);
    expect(service.volumes).not.toContain(name === 'gateway' ? `flags:${FLAGS}:ro` : `flags:${FLAGS}`);
  });

  it('the init script writes what the feature-flags package renders with no overrides', () => {
    const file = join(dir, 'state', 'shopfast.flagd.json');
    const output = execFileSync(process.execPath, [join(repoRoot, 'infra/flags/render-initial-state.mjs'), file], { encoding: 'utf8' });
    const definitions = readFlagdDocument(DEFINITIONS_FILE);
    expect(output.trim()).toBe(`${Object.keys(definitions.flags).length} faults off in ${file}`);
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(renderFlagState(definitions, {}), null, 2)}\n`);
    expect(overridesOf(readFlagdDocument(file))).toEqual({});
  });

  it('ships the definitions in every app image, where the gateway reads them to validate a fault value', () => {
    expect(readRepoFile('infra/docker/node-service.Dockerfile')).toMatch(/^COPY --from=build \/app\/infra\/flags\/shopfast\.flagd\.json \.\/infra\/flags\/shopfast\.flagd\.json$/m);
  });
});
