// The compose files are valid Compose files, checked by two independent validators that need no engine:
// npm `dclint` (Compose Spec JSON schema + lint rules) and Debian's `docker-compose` 1.29 (`config -q`).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeFiles, repoRoot } from './compose-file';

const dclint = path.join(repoRoot, 'node_modules', '.bin', 'dclint');
/**
 * Style rules we do not follow on purpose: services are ordered by start-up (stores, services,
 * gateway, edge, agent), keys by what a reader needs first, x- blocks so that each YAML anchor is
 * defined before it is used, and a top-level `name:` is forbidden because docker-compose 1.29
 * rejects it. Every other rule, and the schema check, stays on.
 */
const dclintDisabled = ['service-keys-order', 'services-alphabetical-order', 'top-level-properties-order', 'require-project-name-field'];
const COMPOSE_INSTALL = 'apt-get update && apt-get install -y --no-install-recommends docker-compose';

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('compose files validate without a container engine', () => {
  it.each(composeFiles)('%s passes dclint (schema and lint rules) with no warnings', (file) => {
    const result = run(dclint, [file, '--color=false', '--max-warnings=0', ...dclintDisabled.flatMap((rule) => ['--disable-rule', rule])]);
    expect(result.error, `could not run ${dclint}: run npm install`).toBeUndefined();
    expect(`${result.stdout}${result.stderr}`.trim() + `\nexit ${result.status}`).toMatch(/exit 0$/);
  });

  it('dclint is not a rubber stamp: it rejects an unknown service key', () => {
    const bad = run(process.execPath, [
      '-e',
      `const fs=require('fs');const f=require('os').tmpdir()+'/shopfast-bad-compose.yml';fs.writeFileSync(f,'services:\\n  a:\\n    image: x\\n    mem_limitt: 1g\\n');process.stdout.write(f)`,
    ]);
    const result = run(dclint, [bad.stdout, '--color=false', '-q']);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/invalid-schema/);
  });

  const hasDockerCompose = run('docker-compose', ['version']).status === 0;
  const compose = (args: string[]) => run('docker-compose', args);

  it('Debian docker-compose 1.29 is installed where CI runs (else: the exact install command)', () => {
    if (!hasDockerCompose && process.env.CI === 'true') {
      expect.fail(`docker-compose is missing on this CI machine; install it with: ${COMPOSE_INSTALL}`);
    }
    if (!hasDockerCompose) process.stderr.write(`[deploy] docker-compose not installed, its checks are skipped locally. Install: ${COMPOSE_INSTALL}\n`);
  });

  it.runIf(hasDockerCompose)('docker-compose config -q accepts docker-compose.yml', () => {
    const result = compose(['-f', 'docker-compose.yml', 'config', '-q']);
    expect(result.stderr.trim() + `\nexit ${result.status}`).toMatch(/^\nexit 0$|^exit 0$/);
  });

  it.runIf(hasDockerCompose)('docker-compose config -q accepts the test-agent override on top of it', () => {
    const result = compose(['-f', 'docker-compose.yml', '-f', 'docker-compose.test-agent.yml', 'config', '-q']);
    expect(result.stderr.trim() + `\nexit ${result.status}`).toMatch(/^\nexit 0$|^exit 0$/);
  });
});
