// The compose files are valid Compose files for the Compose v2 CLI itself (`docker compose config`,
// the loader Docker Desktop runs), in every combination users start them, and for npm `dclint`
// (Compose Spec JSON schema + lint rules). Neither needs a container engine.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_HINT, composeBinary, composeFileSets, composeProfiles, runCompose } from './compose-cli';
import { composeFiles, repoRoot } from './compose-file';

const dclint = path.join(repoRoot, 'node_modules', '.bin', 'dclint');
/**
 * Style rules we do not follow on purpose: services are ordered by start-up (stores, services,
 * gateway, edge, agent), keys by what a reader needs first, and x- blocks so that each YAML anchor is
 * defined before it is used. Every other rule, and the schema check, stays on.
 */
const dclintDisabled = ['service-keys-order', 'services-alphabetical-order', 'top-level-properties-order'];

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
const combinations = composeFileSets.flatMap((files) => composeProfiles.map((profiles) => [`${files.join(' + ')}${profiles.length ? ` --profile ${profiles.join(',')}` : ''}`, files, profiles] as const));

describe('Compose v2 (docker compose config) accepts every way the shop is started', () => {
  it('the Compose v2 CLI is built and reports its version', () => {
    expect(fs.existsSync(composeBinary), BUILD_HINT).toBe(true);
    const version = spawnSync(composeBinary, ['version'], { encoding: 'utf8' });
    expect(version.stdout).toMatch(/Docker Compose version v\d+\.\d+\.\d+/);
  });

  it.each(combinations)('%s', (_name, files, profiles) => {
    const result = runCompose(files, profiles, ['config', '-q']);
    expect(`${result.stderr.trim()}\nexit ${result.status}`).toBe('\nexit 0');
  });

  it('is not a rubber stamp: it rejects an unknown service key and a depends_on on a missing service', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopfast-bad-compose-'));
    try {
      fs.writeFileSync(path.join(dir, 'unknown-key.yml'), 'services:\n  a:\n    image: x\n    mem_limitt: 1g\n');
      fs.writeFileSync(path.join(dir, 'missing-dependency.yml'), 'services:\n  a:\n    image: x\n    depends_on:\n      b: { condition: service_healthy }\n');
      const unknownKey = runCompose(['unknown-key.yml'], [], ['config', '-q'], dir);
      expect(unknownKey.status).not.toBe(0);
      expect(unknownKey.stderr).toMatch(/mem_limitt/);
      const missing = runCompose(['missing-dependency.yml'], [], ['config', '-q'], dir);
      expect(missing.status).not.toBe(0);
      expect(missing.stderr).toMatch(/depends on undefined service "?b"?/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('dclint (Compose Spec schema and lint rules)', () => {
  it.each([...composeFiles])('%s passes with no warnings', (file) => {
    // Override files are merged into docker-compose.yml, which names the project; they must not.
    const disabled = file === 'docker-compose.yml' ? dclintDisabled : [...dclintDisabled, 'require-project-name-field'];
    const result = run(dclint, [file, '--color=false', '--max-warnings=0', ...disabled.flatMap((rule) => ['--disable-rule', rule])]);
    expect(result.error, `could not run ${dclint}: run npm install`).toBeUndefined();
    expect(`${result.stdout}${result.stderr}`.trim() + `\nexit ${result.status}`).toMatch(/exit 0$/);
  });

  it('is not a rubber stamp: it rejects an unknown service key', () => {
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shopfast-dclint-')), 'compose.yml');
    fs.writeFileSync(bad, 'services:\n  a:\n    image: x\n    mem_limitt: 1g\n');
    const result = run(dclint, [bad, '--color=false', '-q']);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/invalid-schema/);
  });
});
