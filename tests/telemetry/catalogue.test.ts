import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueTable, emittedNames, ROOT, shippedSources } from './catalogue';

/**
 * docs/telemetry.md is the contract for dashboards and monitors. These checks keep it and the code in
 * step: a metric or custom span that code emits must be catalogued, a catalogued one must be emitted,
 * and every catalogued metric must name a test that asserts it.
 */
const markdown = readFileSync(join(ROOT, 'docs', 'telemetry.md'), 'utf8');
const metricRows = catalogueTable(markdown, 'Metrics (DogStatsD)').filter((row) => !row.names.some((name) => name.includes('*')));
const spanRows = catalogueTable(markdown, 'Custom spans');
const catalogued = {
  metrics: new Set(metricRows.flatMap((row) => row.names)),
  spans: new Set(spanRows.flatMap((row) => row.names)),
};
const emitted = emittedNames(shippedSources());

describe('telemetry catalogue (docs/telemetry.md)', () => {
  it('lists every metric the code emits', () => {
    const missing = [...emitted.metrics.keys()].filter((name) => !catalogued.metrics.has(name));
    expect(missing, `emitted but not catalogued: ${missing.map((n) => `${n} (${emitted.metrics.get(n)})`).join(', ')}`).toEqual([]);
  });

  it('lists only metrics some code emits', () => {
    expect([...catalogued.metrics].filter((name) => !emitted.metrics.has(name))).toEqual([]);
  });

  it('lists every custom span the code starts', () => {
    const missing = [...emitted.spans.keys()].filter((name) => !catalogued.spans.has(name));
    expect(missing, `started but not catalogued: ${missing.map((n) => `${n} (${emitted.spans.get(n)})`).join(', ')}`).toEqual([]);
  });

  it('lists only custom spans some code starts', () => {
    expect([...catalogued.spans].filter((name) => !emitted.spans.has(name))).toEqual([]);
  });

  it('names, for every metric, a test that exists and asserts that metric', () => {
    const problems: string[] = [];
    for (const row of metricRows) {
      const tests = [...(row.cells.at(-1) ?? '').matchAll(/`([^`]+\.test\.ts)`/g)].map((match) => match[1]!);
      if (tests.length === 0) problems.push(`${row.names.join(', ')}: no test named`);
      for (const name of row.names) {
        const asserting = tests.filter((test) => existsSync(join(ROOT, test)) && readFileSync(join(ROOT, test), 'utf8').includes(name));
        if (asserting.length === 0) problems.push(`${name}: none of ${tests.join(', ') || '(none)'} mentions it`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('finds a sensible number of names, so a broken scan cannot pass silently', () => {
    expect(emitted.metrics.size).toBeGreaterThan(20);
    expect(emitted.spans.size).toBeGreaterThan(15);
  });
});
