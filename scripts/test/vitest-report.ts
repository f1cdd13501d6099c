// Reads the counts out of a Vitest JSON report (--reporter=json). Vitest counts tests, so a test file
// that throws while it loads (a missing tool, a broken import) adds no failed test: it is counted
// here as one failure, so the summary line can never read "0 failed" for a run that failed.
import * as path from 'node:path';

export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: Array<{ name: string; status: string; message?: string; assertionResults: unknown[] }>;
}

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

export interface ReportCounts {
  totals: Totals;
  /** "path relative to root: first line of the error" for each file that failed before any test ran. */
  unloadable: string[];
}

export function countReport(report: VitestReport, root: string): ReportCounts {
  const unloadable = report.testResults
    .filter((file) => file.status === 'failed' && file.assertionResults.length === 0)
    .map((file) => `${path.relative(root, file.name)}: ${(file.message ?? 'no message').split('\n')[0]}`);
  return {
    totals: {
      passed: report.numPassedTests,
      failed: report.numFailedTests + unloadable.length,
      skipped: report.numPendingTests + report.numTodoTests,
    },
    unloadable,
  };
}
