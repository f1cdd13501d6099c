import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface CatalogueRow {
  names: string[];
  cells: string[];
}

/** Rows of the markdown table under `## <heading>` in docs/telemetry.md: backticked names of the first cell, and all cells. */
export function catalogueTable(markdown: string, heading: string): CatalogueRow[] {
  const start = markdown.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`docs/telemetry.md has no "## ${heading}" section`);
  const next = markdown.indexOf('\n## ', start + 3);
  const section = markdown.slice(start, next < 0 ? undefined : next);
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .slice(1) // header row
    .map((line) => {
      const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
      const names = [...(cells[0] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
      return { names, cells };
    });
}

/** Source files that ship (no tests, no build output, no test helpers). */
export function shippedSources(): string[] {
  const roots = ['services', 'gateway', 'packages'].map((dir) => join(ROOT, dir));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (['node_modules', 'dist', 'test', 'test-fixtures'].includes(entry)) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ts$/.test(entry) && !/\.(test|int\.test|e2e\.test)\.ts$/.test(entry) && !/test-(kit|support)/.test(path)) files.push(path);
    }
  };
  for (const root of roots) if (existsSync(root)) walk(root);
  return files.filter((file) => !relative(ROOT, file).startsWith('packages/test-kit'));
}

const SPAN_CALL = /(?:\btraced|\btracer\.trace|\btracer\.startSpan)\(\s*['"]([a-z0-9_.]+)['"]/g;
/** Also span names given as `spanName = 'x.y'` / `spanName: 'x.y'` (periodic tasks, computed names). */
const SPAN_NAME_CONSTANT = /\bspanName\s*[:=]\s*([^;,\n]+)/g;
const ECOMMERCE_LITERAL = /['"](ecommerce\.[a-z0-9_.]+)['"]/g;

/** Custom span names started in code, and `ecommerce.*` metric names that appear as literals (calls or constants). */
export function emittedNames(files: string[]): { spans: Map<string, string[]>; metrics: Map<string, string[]> } {
  const spans = new Map<string, string[]>();
  const literals = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, name: string, file: string) => map.set(name, [...(map.get(name) ?? []), relative(ROOT, file)]);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(SPAN_CALL)) add(spans, match[1]!, file);
    for (const match of text.matchAll(SPAN_NAME_CONSTANT)) for (const literal of match[1]!.matchAll(/['"]([a-z0-9_]+\.[a-z0-9_.]+)['"]/g)) add(spans, literal[1]!, file);
    for (const match of text.matchAll(ECOMMERCE_LITERAL)) add(literals, match[1]!, file);
  }
  const metrics = new Map([...literals].filter(([name]) => !spans.has(name)));
  return { spans, metrics };
}
