import { describe, expect, it } from 'vitest';
import { countReport, type VitestReport } from './vitest-report';

const report = (testResults: VitestReport['testResults'], counts: Partial<VitestReport> = {}): VitestReport => ({
  numPassedTests: 0,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  testResults,
  ...counts,
});

describe('countReport', () => {
  it('adds the test counts of a normal run, pending and todo counted as skipped', () => {
    const counts = countReport(
      report([{ name: '/repo/a.test.ts', status: 'passed', assertionResults: [{}, {}] }], { numPassedTests: 5, numFailedTests: 1, numPendingTests: 2, numTodoTests: 1 }),
      '/repo',
    );
    expect(counts).toEqual({ totals: { passed: 5, failed: 1, skipped: 3 }, unloadable: [] });
  });

  it('counts a file that failed before any test ran as one failure and says why', () => {
    const counts = countReport(
      report(
        [
          { name: '/repo/tests/deploy/address-allocation.test.ts', status: 'failed', message: 'Compose v2 is not built at /cache/bin/docker-compose\n(spawnSync ENOENT)', assertionResults: [] },
          { name: '/repo/tests/deploy/compose-validate.test.ts', status: 'failed', message: '', assertionResults: [{}, {}] },
        ],
        { numPassedTests: 1, numFailedTests: 1 },
      ),
      '/repo',
    );
    expect(counts.totals).toEqual({ passed: 1, failed: 2, skipped: 0 });
    expect(counts.unloadable).toEqual(['tests/deploy/address-allocation.test.ts: Compose v2 is not built at /cache/bin/docker-compose']);
  });
});
