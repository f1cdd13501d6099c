import { describe, expect, it } from 'vitest';
import { ArgsError, DEFAULT_SCHEDULE, parseArgs } from './args';

const problemsOf = (argv: string[]): string[] => {
  try {
    parseArgs(argv);
  } catch (error) {
    if (error instanceof ArgsError) return error.problems;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

describe('npm run faults arguments', () => {
  it('reads list, set with and without a value, clear one and clear all', () => {
    expect(parseArgs(['list'])).toEqual({ command: 'list' });
    expect(parseArgs(['set', 'paymentFailure', '0.3'])).toEqual({ command: 'set', key: 'paymentFailure', value: '0.3' });
    expect(parseArgs(['set', 'bankTimeout'])).toEqual({ command: 'set', key: 'bankTimeout', value: undefined });
    expect(parseArgs(['clear', 'bankTimeout'])).toEqual({ command: 'clear', key: 'bankTimeout' });
    expect(parseArgs(['clear'])).toEqual({ command: 'clear', key: undefined });
    expect(parseArgs([])).toEqual({ command: 'help' });
  });

  it('refuses an unknown command, a set without a key, extra words and a key that cannot be one', () => {
    expect(problemsOf(['switch'])).toEqual(['switch: not a command (list, set, clear, schedule, help)']);
    expect(problemsOf(['set'])).toEqual(['set: which fault? set KEY [VALUE]']);
    expect(problemsOf(['set', 'paymentFailure', '0.3', 'now'])[0]).toContain('set KEY [VALUE]');
    expect(problemsOf(['clear', 'a', 'b'])[0]).toContain('clear [KEY]');
    expect(problemsOf(['clear', '../etc'])[0]).toContain('is not a fault key');
  });

  it('reads a schedule with its defaults, and with every option', () => {
    expect(parseArgs(['schedule', '--seed', '42', '--duration', '600'])).toEqual({
      command: 'schedule',
      seed: 42,
      durationSeconds: 600,
      ...DEFAULT_SCHEDULE,
      includeBrowser: false,
      dryRun: false,
    });
    expect(parseArgs(['schedule', '--duration=120', '--min-on', '5', '--max-on=10', '--max-concurrent', '3', '--include-browser', '--dry-run'])).toEqual({
      command: 'schedule',
      seed: undefined,
      durationSeconds: 120,
      minOnSeconds: 5,
      maxOnSeconds: 10,
      maxConcurrent: 3,
      includeBrowser: true,
      dryRun: true,
    });
  });

  it('lists every problem of a schedule at once, each naming the option and what it got', () => {
    expect(problemsOf(['schedule', '--seed', 'abc', '--min-on', '0', '--fast'])).toEqual([
      '--fast: not an option of schedule (--seed, --duration, --min-on, --max-on, --max-concurrent, --include-browser, --dry-run)',
      '--seed: an integer from 0 (got abc)',
      '--duration: required (seconds the schedule runs, then every fault is off)',
      '--min-on: a number from 1 (got 0)',
    ]);
    expect(problemsOf(['schedule', '--duration', '60', '--min-on', '30', '--max-on', '10'])).toEqual(['--max-on (10) must not be below --min-on (30)']);
    expect(problemsOf(['schedule', '--duration', '10', '--min-on', '20'])).toEqual(['--min-on (20) must be shorter than --duration (10): no fault would fit']);
    // Without --min-on/--max-on a short schedule gets shorter episodes instead of an error.
    expect(parseArgs(['schedule', '--duration', '20'])).toMatchObject({ minOnSeconds: 5, maxOnSeconds: 10 });
    expect(problemsOf(['schedule', '--duration', '--dry-run'])).toContain('--duration needs a value');
    expect(problemsOf(['schedule', '--duration', '60', '--dry-run=yes'])).toEqual(['--dry-run takes no value (got yes)']);
  });
});
