// A Windows clone with core.autocrlf=true would check files out with CRLF; a bind-mounted shell script
// then fails in bash (`$'\r': command not found`) and the agent container crash-loops. .gitattributes
// pins LF on everything a container or Linux reads; this checks it through git itself.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeFiles, loadCompose, repoRoot } from './compose-file';

const git = (args: string[]) => spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' });

/** Files under each `./` bind mount of every compose file. */
const mounted = [...new Set(composeFiles.flatMap((file) => Object.values(loadCompose(file).services).flatMap((s) => s.volumes ?? []))
  .map((volume) => volume.split(':')[0]!)
  .filter((source) => source.startsWith('./'))
  .flatMap((source) => git(['ls-files', '--', source]).stdout.split('\n').filter(Boolean)))].sort();

const eolOf = (files: string[]) =>
  Object.fromEntries(git(['check-attr', 'eol', '--', ...files]).stdout.trim().split('\n').map((line) => {
    const [file, , value] = line.split(': ');
    return [file!, value!];
  }));

describe('line endings', () => {
  it('finds the bind-mounted files to check (entrypoint script, agent and nginx config, init SQL)', () => {
    expect(mounted).toEqual(expect.arrayContaining(['datadog.yaml', 'infra/datadog/agent/agent-entrypoint.sh', 'infra/postgres/init/02-datadog.sql']));
  });

  it('checks every bind-mounted file, shell script and Dockerfile out with LF on any platform', () => {
    const scripts = git(['ls-files', '--', '*.sh', '*.Dockerfile', '.ci/run']).stdout.split('\n').filter(Boolean);
    const files = [...mounted, ...scripts];
    expect(scripts.length).toBeGreaterThan(3);
    const wrong = Object.entries(eolOf(files)).filter(([, eol]) => eol !== 'lf');
    expect(wrong).toEqual([]);
  });

  it('is not satisfied by accident: in a repository without these rules git reports `unspecified`', () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'shopfast-attr-'));
    try {
      expect(spawnSync('git', ['init', '-q', bare]).status).toBe(0);
      expect(spawnSync('git', ['-C', bare, 'check-attr', 'eol', '--', 'infra/datadog/agent/agent-entrypoint.sh'], { encoding: 'utf8' }).stdout).toMatch(/eol: unspecified/);
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });
});
