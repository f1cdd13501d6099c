// What `npm run synthetics` prints: one line per test as datadog-ci does (✓/✗, name, key, duration), and for a
// failed test the step that failed with each failed assertion, actual against expected; or, with --json, the
// whole result for machines (CI, tests/e2e/synthetics.e2e.test.ts).
import type { StepResult, TestResult } from './run-test';

export interface RunReport {
  baseUrl: string;
  startedAt: string;
  durationMs: number;
  passed: number;
  failed: number;
  tests: TestResult[];
}

export function summarize(baseUrl: string, startedAt: Date, durationMs: number, tests: TestResult[]): RunReport {
  const passed = tests.filter((test) => test.passed).length;
  return { baseUrl, startedAt: startedAt.toISOString(), durationMs, passed, failed: tests.length - passed, tests };
}

export const formatDuration = (milliseconds: number): string => (milliseconds < 1_000 ? `${milliseconds} ms` : `${(milliseconds / 1_000).toFixed(2)} s`);

function stepLines(step: StepResult, index: number): string[] {
  const timing = formatDuration(step.responseTimeMs ?? 0);
  // An HTTP step shows its status; a browser step (no status) where it ended and how long it took.
  const answer = step.status !== undefined ? ` -> ${step.status} in ${timing}` : step.traceId ? ' -> no answer' : ` (${timing})`;
  const head = `    ${step.passed ? '✓' : '✗'} step ${index + 1} "${step.name}": ${step.method} ${step.url}${answer}${step.traceId ? ` (trace ${step.traceId})` : ''}`;
  if (step.passed) return [head];
  const lines = [head];
  if (step.error) lines.push(`        ✗ ${step.error}`);
  for (const assertion of step.assertions.filter((candidate) => !candidate.passed)) {
    const why = assertion.error ? `: ${assertion.error}` : `: got ${truncate(assertion.actual ?? '')}, expected ${truncate(assertion.expected ?? '')}`;
    lines.push(`        ✗ ${assertion.description}${why}`);
  }
  if (step.allowFailure) lines.push('        (this step may fail: the run went on)');
  return lines;
}

const truncate = (text: string, max = 160): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** One line for a passed test; for a failed one its steps up to the failure and each failed assertion. */
export function formatTest(test: TestResult): string[] {
  const retried = test.attempts > 1 ? `, ${test.attempts} attempts` : '';
  const head = `${test.passed ? '✓' : '✗'} ${test.name} [${test.key}] ${formatDuration(test.durationMs)}${retried}`;
  if (test.passed) return [head];
  return [head, ...test.steps.flatMap(stepLines)];
}

/** The closing line. Not "N passed, N failed" alone on a line: CI reads that form as a test runner's own count. */
export function formatSummary(report: RunReport): string {
  const total = report.passed + report.failed;
  return `${report.failed === 0 ? '✓' : '✗'} ${report.passed} of ${total} synthetic tests passed (${report.failed} failing) in ${formatDuration(report.durationMs)}`;
}
