// Turns autocannon results into the table `npm run bench` prints and the section of
// docs/benchmarks.md it rewrites (between the bench:start and bench:end markers; the rest of the
// file, the history and the analysis, is written by people).

export interface ScenarioResult {
  scenario: string;
  requestsPerSecond: number;
  p50: number;
  p975: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  total: number;
}

export interface PhaseResult {
  /** e.g. "tracing on", "tracing off" */
  phase: string;
  results: ScenarioResult[];
}

export interface Machine {
  cores: number;
  memoryGiB: number;
  cpu: string;
  node: string;
  commit: string;
  date: string;
}

export interface BenchRun {
  machine: Machine;
  connections: number;
  durationSeconds: number;
  phases: PhaseResult[];
}

export const START_MARKER = '<!-- bench:start (written by npm run bench) -->';
export const END_MARKER = '<!-- bench:end -->';

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

function mdTable(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** One phase as rows: scenario, req/s, p50, p97.5, p99 (ms), non-2xx, errors. */
export function phaseRows(phase: PhaseResult): string[][] {
  return phase.results.map((r) => [r.scenario, fixed(r.requestsPerSecond), fixed(r.p50), fixed(r.p975), fixed(r.p99), String(r.non2xx), String(r.errors + r.timeouts)]);
}

export const PHASE_HEADER = ['scenario', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'non-2xx', 'errors'];

/** Requests/s of `phase` divided by those of `baseline`, per scenario (tracing on ÷ tracing off). */
export function ratioRows(phase: PhaseResult, baseline: PhaseResult): string[][] {
  return phase.results.map((r) => {
    const base = baseline.results.find((b) => b.scenario === r.scenario);
    const ratio = base && base.requestsPerSecond > 0 ? r.requestsPerSecond / base.requestsPerSecond : NaN;
    return [r.scenario, fixed(r.requestsPerSecond), base ? fixed(base.requestsPerSecond) : '-', fixed(ratio, 2), base ? fixed(r.p99 / Math.max(base.p99, 1), 2) : '-'];
  });
}

export function renderSection(run: BenchRun): string {
  const { machine } = run;
  const parts = [
    START_MARKER,
    `Latest run: ${machine.date}, commit \`${machine.commit}\`, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.cpu}, Node ${machine.node}. ` +
      `${run.connections} connections, ${run.durationSeconds} s per scenario after a warm-up, through the gateway (:5001), everything on this one machine.`,
  ];
  for (const phase of run.phases) parts.push('', `**${phase.phase}**`, '', mdTable(PHASE_HEADER, phaseRows(phase)));
  const [on, off] = [run.phases.find((p) => p.phase === 'tracing on'), run.phases.find((p) => p.phase === 'tracing off')];
  if (on && off) {
    parts.push('', '**Cost of tracing, same run** (tracing on ÷ off)', '', mdTable(['scenario', 'req/s on', 'req/s off', 'throughput ratio', 'p99 ratio'], ratioRows(on, off)));
  }
  parts.push(END_MARKER);
  return parts.join('\n');
}

/** The document with its generated section replaced (or appended when it has none). */
export function replaceSection(document: string, section: string): string {
  const start = document.indexOf(START_MARKER);
  const end = document.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) return `${document.trimEnd()}\n\n${section}\n`;
  return document.slice(0, start) + section + document.slice(end + END_MARKER.length);
}
