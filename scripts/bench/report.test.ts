import { describe, expect, it } from 'vitest';
import { END_MARKER, START_MARKER, ratioRows, renderSection, replaceSection, type BenchRun, type PhaseResult } from './report';

const result = (scenario: string, requestsPerSecond: number, p99: number) => ({ scenario, requestsPerSecond, p50: 10, p975: 40, p99, non2xx: 0, errors: 0, timeouts: 0, total: requestsPerSecond * 10 });
const on: PhaseResult = { phase: 'tracing on', results: [result('listing', 400, 120), result('search', 150, 200)] };
const off: PhaseResult = { phase: 'tracing off', results: [result('listing', 500, 100), result('search', 300, 100)] };
const run: BenchRun = {
  machine: { cores: 2, memoryGiB: 24, cpu: 'Test CPU', node: '24.19.0', commit: 'abc1234', date: '2026-12-01 12:00 UTC' },
  connections: 16,
  durationSeconds: 10,
  phases: [on, off],
};

describe('benchmark report', () => {
  it('divides tracing-on throughput and p99 by the same run\'s tracing-off figures', () => {
    expect(ratioRows(on, off)).toEqual([
      ['listing', '400', '500', '0.80', '1.20'],
      ['search', '150', '300', '0.50', '2.00'],
    ]);
  });

  it('renders the machine, the commit, both phases and the ratio between the markers', () => {
    const section = renderSection(run);
    expect(section.startsWith(START_MARKER)).toBe(true);
    expect(section.endsWith(END_MARKER)).toBe(true);
    expect(section).toContain('commit `abc1234`, 2 cores, 24 GiB');
    expect(section).toContain('| listing | 400 | 10 | 40 | 120 | 0 | 0 |');
    expect(section).toContain('| search | 150 | 300 | 0.50 | 2.00 |');
  });

  it('replaces only the generated section and keeps what people wrote around it', () => {
    const document = `# Benchmarks\n\nBefore: notes.\n\n${START_MARKER}\nold figures\n${END_MARKER}\n\n## Where the time goes\n`;
    const updated = replaceSection(document, renderSection(run));
    expect(updated).toContain('Before: notes.');
    expect(updated).toContain('## Where the time goes');
    expect(updated).not.toContain('old figures');
    expect(updated.match(new RegExp(START_MARKER.replace(/[()]/g, '\\$&'), 'g'))).toHaveLength(1);
  });

  it('appends the section to a document that has none', () => {
    expect(replaceSection('# Benchmarks\n', renderSection(run))).toMatch(/^# Benchmarks\n\n<!-- bench:start/);
  });
});
