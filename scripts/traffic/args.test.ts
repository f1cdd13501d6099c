import { describe, expect, it } from 'vitest';
import { endpoints } from '@shopfast/test-kit';
import { ArgsError, DEFAULT_EDGE_URL, DEFAULT_GATEWAY_URL, parseArgs, targetsFromEnvironment } from './args.ts';
import { JOURNEYS } from './journeys/index.ts';

const parse = (...argv: string[]) => parseArgs(argv, {}, JOURNEYS);

function problemsOf(...argv: string[]): string[] {
  try {
    parse(...argv);
  } catch (error) {
    if (error instanceof ArgsError) return error.problems;
    throw error;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('traffic options', () => {
  it('defaults to 2 journeys/s for 60 s against the local gateway, 1 % error budget', () => {
    expect(parse()).toMatchObject({
      mode: 'api',
      target: DEFAULT_GATEWAY_URL,
      model: { kind: 'open', rate: 2 },
      durationSeconds: 60,
      graceSeconds: 30,
      maxErrorRate: 0.01,
      seed: undefined,
      mix: undefined,
    });
  });

  it('targets the gateway the e2e tests use (@shopfast/test-kit endpoints.gateway, SHOPFAST_GATEWAY_URL)', () => {
    expect(parseArgs([], { gatewayUrl: process.env.SHOPFAST_GATEWAY_URL }, JOURNEYS).target).toBe(endpoints.gateway.replace(/\/+$/, ''));
    expect(parseArgs([], { gatewayUrl: 'http://gateway:5001/' }, JOURNEYS).target).toBe('http://gateway:5001');
    // The port the stack was moved to (one setting moves the stack, the tests and the generator).
    expect(parseArgs([], targetsFromEnvironment({ SHOPFAST_GATEWAY_PORT: '5999' }), JOURNEYS).target).toBe('http://127.0.0.1:5999');
    expect(parseArgs(['--browser'], targetsFromEnvironment({ SHOPFAST_EDGE_PORT: '9099' }), JOURNEYS).target).toBe('http://localhost:9099');
    expect(targetsFromEnvironment({ SHOPFAST_GATEWAY_URL: 'http://elsewhere:1', SHOPFAST_GATEWAY_PORT: '5999' }).gatewayUrl).toBe('http://elsewhere:1');
  });

  it('reads the acceptance run, with --flag value and --flag=value alike', () => {
    expect(parse('--rate', '20', '--duration=60', '--json', 'out.json', '--max-error-rate', '1%', '--seed', '9')).toMatchObject({
      model: { kind: 'open', rate: 20 },
      durationSeconds: 60,
      jsonFile: 'out.json',
      maxErrorRate: 0.01,
      seed: 9,
    });
  });

  it('runs closed-model users, and browsers against the edge', () => {
    expect(parse('--users', '50', '--duration', '0')).toMatchObject({ model: { kind: 'closed', users: 50 }, durationSeconds: 0 });
    expect(parse('--browser', '--users', '2')).toMatchObject({ mode: 'browser', target: DEFAULT_EDGE_URL, model: { kind: 'closed', users: 2 } });
    expect(parseArgs(['--browser'], { edgeUrl: 'http://127.0.0.1:9090' }, JOURNEYS).target).toBe('http://127.0.0.1:9090');
  });

  it('takes a journey mix by name, with or without weights', () => {
    const options = parse('--mix', 'checkout=3, browse');
    expect([...options.mix!.entries()]).toEqual([
      ['checkout', 3],
      ['browse', JOURNEYS.find((journey) => journey.name === 'browse')!.weight],
    ]);
  });

  it('rejects both arrival models at once, and --rate with --browser', () => {
    expect(problemsOf('--rate', '5', '--users', '5')).toEqual([expect.stringContaining('choose one arrival model')]);
    expect(problemsOf('--browser', '--rate', '5')).toEqual([expect.stringContaining('--browser runs --users N browsers')]);
  });

  it('names the option, what it accepts and what it got, for every bad value at once', () => {
    const problems = problemsOf('--rate', 'fast', '--duration', '-1', '--max-error-rate', '2', '--target', 'ftp://x', '--think', '');
    expect(problems).toEqual([
      expect.stringMatching(/^--rate must be a number above 0 and at most 500: new journeys per second \(got "fast"\)$/),
      expect.stringMatching(/^--target must be an http\(s\) URL.*\(got "ftp:\/\/x"\)$/),
      expect.stringMatching(/^--max-error-rate must be a number from 0 to 1.*\(got "2"\)$/),
      expect.stringMatching(/^--duration must be a number from 0 to 604800: seconds to run, 0 to run until stopped \(got "-1"\)$/),
      expect.stringMatching(/^--think must be a whole number.*\(got ""\)$/),
    ]);
    expect(problemsOf('--users', '2.5')).toEqual(['--users must be a whole number from 1 to 1000: virtual users (got "2.5")']);
    expect(problemsOf('--browser', '--users', '11')).toEqual(['--users must be a whole number from 1 to 10: browsers at once (got "11")']);
  });

  it('catches typos, repeats, missing values and stray words', () => {
    expect(problemsOf('--rat', '5')).toEqual(['unknown option --rat (did you mean --rate?)']);
    expect(problemsOf('--rate', '5', '--rate', '6')).toEqual(['--rate is given more than once']);
    expect(problemsOf('--rate')).toEqual(['--rate needs a value']);
    expect(problemsOf('--json', '--rate', '5')).toEqual(['--json needs a value']);
    expect(problemsOf('20')).toEqual([expect.stringContaining('unexpected argument "20"')]);
    expect(problemsOf('--browser=yes')).toEqual(['--browser takes no value']);
    expect(problemsOf('--mix', 'checkout=0,teleport')).toEqual([
      '--mix: the weight of checkout must be a number above 0 (got "0")',
      expect.stringMatching(/^--mix: unknown journey "teleport" \(journeys: browse, category, .*\)$/),
    ]);
  });

  it('answers --help even next to bad options', () => {
    expect(parse('--help', '--rate', 'x').help).toBe(true);
    expect(parse('-h').help).toBe(true);
  });

  it('prints every problem in the error message with a pointer to --help', () => {
    expect(() => parse('--rate', '0')).toThrow(/bad arguments:\n {2}--rate must be .*\nRun with --help/);
  });
});
