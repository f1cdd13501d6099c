// The compose traffic profile runs `node scripts/traffic/cli.ts` in a stock node image with nothing
// installed: these keep that true (erasable TypeScript Node strips itself, node: imports only).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [file] : [];
  });
}

/** Node 22 strips types only behind a flag; 23.6+ and 24 do it by default. */
const stripFlag = () => {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 23 || (major === 23 && minor >= 6) ? [] : ['--experimental-strip-types'];
};

describe('the generator under plain Node', () => {
  it('runs from a copy of its folder outside the repository (as compose mounts it): --help and a bad option', () => {
    // No node_modules anywhere above the copy: a runtime import of a package would fail here.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'shopfast-traffic-'));
    try {
      fs.cpSync(here, copy, { recursive: true, filter: (source) => !source.endsWith('.test.ts') });
      const cli = path.join(copy, 'cli.ts');
      const options = { cwd: copy, encoding: 'utf8' as const, env: { PATH: process.env.PATH ?? '' } };
      const help = spawnSync(process.execPath, [...stripFlag(), cli, '--help'], options);
      expect(help.stderr).toBe('');
      expect(help.status).toBe(0);
      expect(help.stdout).toContain('checkout-retry');

      const bad = spawnSync(process.execPath, [...stripFlag(), cli, '--rate', 'lots'], options);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--rate must be a number above 0');
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('imports only node: built-ins and its own files at run time (playwright-core only lazily, for --browser)', () => {
    const offenders: string[] = [];
    for (const file of sources(here)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)) {
        const [, typeOnly, specifier = ''] = match;
        if (typeOnly || specifier.startsWith('node:') || specifier.startsWith('./') || specifier.startsWith('../')) continue;
        offenders.push(`${path.relative(here, file)}: ${specifier}`);
      }
      for (const match of text.matchAll(/await import\('([^']+)'\)/g)) {
        const allowed = match[1] === './browser/run-browser.ts' || (match[1] === 'playwright-core' && file.endsWith(path.join('browser', 'run-browser.ts')));
        if (!allowed) offenders.push(`${path.relative(here, file)}: dynamic ${match[1]}`);
      }
      // Relative imports name the .ts file: Node resolves no extensions for ES modules.
      for (const match of text.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
        if (!match[1]!.endsWith('.ts')) offenders.push(`${path.relative(here, file)}: ${match[1]} without .ts`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
