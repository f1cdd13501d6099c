// The chart's generated files (infra/helm/shopfast/files/): Helm reads only files inside the chart, so what it
// needs from the rest of the repository is copied in, byte for byte, and the app definitions are generated from
// scripts/stack/app-services.ts (chart-apps.ts). `npx tsx scripts/k8s/cli.ts sync` writes them;
// tests/deploy/helm-parity.test.ts fails while one is stale, so a change to a source cannot miss the chart.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../stack/lib/paths';
import { chartApps } from './chart-apps';

export const chartDir = path.join(repoRoot, 'infra', 'helm', 'shopfast');
const filesDir = path.join(chartDir, 'files');

/** Copied sources: the flag definitions, the secrets generator (the install Job runs it) and PostgreSQL's init scripts. */
function copies(): Array<{ source: string; target: string }> {
  const postgresInit = path.join(repoRoot, 'infra', 'postgres', 'init');
  return [
    { source: path.join(repoRoot, 'infra', 'flags', 'shopfast.flagd.json'), target: path.join(filesDir, 'shopfast.flagd.json') },
    { source: path.join(repoRoot, 'infra', 'secrets', 'generate-secrets.mjs'), target: path.join(filesDir, 'generate-secrets.mjs') },
    ...fs
      .readdirSync(postgresInit)
      .sort()
      .map((name) => ({ source: path.join(postgresInit, name), target: path.join(filesDir, 'postgres-init', name) })),
  ];
}

/** Every generated file and the content it must have. */
export function expectedChartFiles(): Array<{ file: string; content: Buffer; from: string }> {
  return [
    ...copies().map(({ source, target }) => ({ file: target, content: fs.readFileSync(source), from: path.relative(repoRoot, source) })),
    {
      file: path.join(filesDir, 'apps.json'),
      content: Buffer.from(`${JSON.stringify(chartApps(), null, 2)}\n`),
      from: 'scripts/stack/app-services.ts',
    },
  ];
}

/** Files of files/postgres-init that no source has any more. */
function leftovers(): string[] {
  const dir = path.join(filesDir, 'postgres-init');
  const wanted = new Set(copies().map((copy) => copy.target));
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)).filter((file) => !wanted.has(file)) : [];
}

/** Generated files that differ from their source (relative paths), and leftovers. */
export function staleChartFiles(): string[] {
  const stale = expectedChartFiles()
    .filter(({ file, content }) => !fs.existsSync(file) || !fs.readFileSync(file).equals(content))
    .map(({ file, from }) => `${path.relative(repoRoot, file)} (from ${from})`);
  return [...stale, ...leftovers().map((file) => `${path.relative(repoRoot, file)} (no source)`)];
}

/** Writes every generated file; returns the ones it changed. */
export function syncChartFiles(): string[] {
  const changed: string[] = [];
  for (const { file, content } of expectedChartFiles()) {
    if (fs.existsSync(file) && fs.readFileSync(file).equals(content)) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    changed.push(path.relative(repoRoot, file));
  }
  for (const file of leftovers()) {
    fs.rmSync(file);
    changed.push(`${path.relative(repoRoot, file)} (removed)`);
  }
  return changed;
}
