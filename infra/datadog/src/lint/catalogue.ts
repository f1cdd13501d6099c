// The metric catalogue the lint checks definitions against: the tables of docs/telemetry.md whose header has a
// `Metric` and a `Tags` column (the DogStatsD metrics, trace metrics and runtime metrics sections). The document
// stays the single place a metric is declared; the lint only reads it.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export type MetricType = 'count' | 'gauge' | 'distribution' | 'histogram' | 'timing';

export interface CatalogueEntry {
  name: string;
  type: MetricType;
  /** Tag keys the catalogue lists for the metric (unified service tags come on top, see UNIVERSAL_TAGS). */
  tags: Set<string>;
}

export type MetricCatalogue = Map<string, CatalogueEntry>;

/** Unified service tagging puts these on everything (docs/telemetry.md, top); `host` comes from the agent. */
export const UNIVERSAL_TAGS: ReadonlySet<string> = new Set(['env', 'service', 'version', 'host']);

/** What the Agent makes of a histogram or timing: one metric per suffix (datadog.yaml histogram_aggregates). */
export const HISTOGRAM_SUFFIXES = ['avg', 'count', 'median', 'max', '95percentile'] as const;

export const TELEMETRY_DOC = path.resolve(__dirname, '../../../../docs/telemetry.md');

/** The cells of a table row; `\|` inside a cell is a literal pipe. */
function cells(line: string): string[] {
  return line
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.replace(/\\\|/g, '|').trim());
}

const backticked = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);

/** Parenthesised remarks (`(route template, or \`unmatched\`)`) hold tag values, not keys: drop them. */
function withoutParentheses(text: string): string {
  let depth = 0;
  let kept = '';
  for (const character of text) {
    if (character === '(') depth += 1;
    else if (character === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) kept += character;
  }
  return kept;
}

function metricType(cell: string): MetricType | undefined {
  const word = /^[a-z]+/.exec(cell.toLowerCase())?.[0];
  if (word === 'gauges') return 'gauge';
  return (['count', 'gauge', 'distribution', 'histogram', 'timing'] as const).find((type) => type === word);
}

/** The catalogue in a markdown text. Rows whose name has a wildcard (`runtime.node.*`) are not entries. */
export function parseCatalogue(markdown: string): MetricCatalogue {
  const catalogue: MetricCatalogue = new Map();
  let columns: { metric: number; type: number; tags: number } | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    if (!line.trimStart().startsWith('|')) {
      columns = undefined;
      continue;
    }
    const row = cells(line.trim());
    const header = row.map((cell) => cell.toLowerCase());
    if (header.includes('metric') && header.includes('tags') && header.includes('type')) {
      columns = { metric: header.indexOf('metric'), type: header.indexOf('type'), tags: header.indexOf('tags') };
      continue;
    }
    if (!columns || row.every((cell) => /^:?-+:?$/.test(cell))) continue;
    const type = metricType(row[columns.type] ?? '');
    if (!type) continue;
    const tags = new Set(backticked(withoutParentheses(row[columns.tags] ?? '')));
    for (const name of backticked(row[columns.metric] ?? '')) {
      if (!name.includes('*')) catalogue.set(name, { name, type, tags });
    }
  }
  return catalogue;
}

export function loadCatalogue(file = TELEMETRY_DOC): MetricCatalogue {
  return parseCatalogue(readFileSync(file, 'utf8'));
}

/**
 * The catalogue entry a queried name stands for: the name itself, or a histogram/timing whose Agent suffix it
 * carries (`ecommerce.database.query_time.95percentile`). `suffix` is set in the second case.
 */
export function lookupMetric(catalogue: MetricCatalogue, name: string): { entry: CatalogueEntry; suffix?: string } | undefined {
  const entry = catalogue.get(name);
  if (entry) return { entry };
  for (const suffix of HISTOGRAM_SUFFIXES) {
    const base = catalogue.get(name.slice(0, -(suffix.length + 1)));
    if (name.endsWith(`.${suffix}`) && base && (base.type === 'histogram' || base.type === 'timing')) return { entry: base, suffix };
  }
  return undefined;
}
