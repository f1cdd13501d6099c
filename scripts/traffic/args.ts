// Command-line options, validated by hand: the generator must run with plain `node` and no install
// (the compose traffic profile), so no zod here (docs/decisions/013). Every problem is reported at
// once, each naming the option, what it accepts and what it got.
import type { ArrivalModel } from './arrivals.ts';

/** The gateway of the local stack; the same default as @shopfast/test-kit's endpoints.gateway. */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:5001';
/** The edge (nginx) serving the storefront, for --browser. */
export const DEFAULT_EDGE_URL = 'http://localhost:8080';

export interface TrafficOptions {
  mode: 'api' | 'browser';
  target: string;
  model: ArrivalModel;
  /** 0: until stopped (SIGINT/SIGTERM). */
  durationSeconds: number;
  graceSeconds: number;
  maxInFlight: number;
  thinkMs: number;
  timeoutMs: number;
  maxErrorRate: number;
  seed: number | undefined;
  /** Journey name -> weight; undefined: the default mix. */
  mix: Map<string, number> | undefined;
  jsonFile: string | undefined;
  heartbeatFile: string | undefined;
  /** Seconds between progress lines when stderr is not a terminal (a terminal gets one every second). */
  progressIntervalSeconds: number;
  help: boolean;
}

export interface ArgsEnvironment {
  /** SHOPFAST_GATEWAY_URL */
  gatewayUrl?: string;
  /** SHOPFAST_EDGE_URL */
  edgeUrl?: string;
}

/**
 * The targets the environment names: a whole URL (SHOPFAST_GATEWAY_URL, SHOPFAST_EDGE_URL), else the port the
 * local stack was moved to (SHOPFAST_GATEWAY_PORT, SHOPFAST_EDGE_PORT: the same variables the stack and the
 * tests read through @shopfast/stack-ports, which this plain-Node script cannot import).
 */
export function targetsFromEnvironment(env: Readonly<Record<string, string | undefined>>): ArgsEnvironment {
  const local = (host: string, port: string | undefined) => (port ? `http://${host}:${port}` : undefined);
  return {
    gatewayUrl: env.SHOPFAST_GATEWAY_URL || local('127.0.0.1', env.SHOPFAST_GATEWAY_PORT),
    edgeUrl: env.SHOPFAST_EDGE_URL || local('localhost', env.SHOPFAST_EDGE_PORT),
  };
}

export class ArgsError extends Error {
  override name = 'ArgsError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`bad arguments:\n${problems.map((problem) => `  ${problem}`).join('\n')}\nRun with --help for every option.`);
    this.problems = problems;
  }
}

type Kind = 'flag' | 'value';
const OPTIONS: Record<string, Kind> = {
  '--target': 'value',
  '--rate': 'value',
  '--users': 'value',
  '--duration': 'value',
  '--grace': 'value',
  '--max-in-flight': 'value',
  '--think': 'value',
  '--timeout': 'value',
  '--max-error-rate': 'value',
  '--seed': 'value',
  '--mix': 'value',
  '--json': 'value',
  '--heartbeat': 'value',
  '--progress-interval': 'value',
  '--browser': 'flag',
  '--help': 'flag',
};

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function suggestion(name: string): string {
  const [closest] = Object.keys(OPTIONS).sort((a, b) => distance(name, a) - distance(name, b));
  return closest && distance(name, closest) <= 3 ? ` (did you mean ${closest}?)` : '';
}

/** Splits argv into option -> raw value, reporting unknown, repeated and value-less options. */
function tokenize(argv: readonly string[], problems: string[]): Map<string, string | true> {
  const given = new Map<string, string | true>();
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]!;
    if (token === '-h') {
      given.set('--help', true);
      continue;
    }
    if (!token.startsWith('--')) {
      problems.push(`unexpected argument "${token}": options start with -- (e.g. --rate 20)`);
      continue;
    }
    const equals = token.indexOf('=');
    const name = equals === -1 ? token : token.slice(0, equals);
    const kind = OPTIONS[name];
    if (!kind) {
      problems.push(`unknown option ${name}${suggestion(name)}`);
      if (equals === -1 && argv[index + 1] !== undefined && !argv[index + 1]!.startsWith('--')) index++;
      continue;
    }
    if (given.has(name)) problems.push(`${name} is given more than once`);
    if (kind === 'flag') {
      if (equals !== -1) problems.push(`${name} takes no value`);
      given.set(name, true);
      continue;
    }
    const value = equals !== -1 ? token.slice(equals + 1) : argv[index + 1];
    if (equals === -1) index++;
    if (value === undefined || (equals === -1 && value.startsWith('--'))) {
      problems.push(`${name} needs a value`);
      if (equals === -1 && value !== undefined) index--;
      continue;
    }
    given.set(name, value);
  }
  return given;
}

interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  /** The lower bound itself is not allowed (rate > 0). */
  exclusiveMin?: boolean;
  meaning: string;
}

function numberOption(given: Map<string, string | true>, name: string, rule: NumberRule, fallback: number, problems: string[]): number {
  const raw = given.get(name);
  if (raw === undefined || raw === true) return fallback;
  const value = raw.trim() === '' ? NaN : Number(raw);
  const low = rule.exclusiveMin ? value > rule.min : value >= rule.min;
  if (!Number.isFinite(value) || !low || value > rule.max || (rule.integer && !Number.isInteger(value))) {
    const range = `${rule.exclusiveMin ? 'above' : 'from'} ${rule.min} ${rule.exclusiveMin ? 'and at most' : 'to'} ${rule.max}`;
    problems.push(`${name} must be ${rule.integer ? 'a whole number' : 'a number'} ${range}: ${rule.meaning} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function urlOption(raw: string, name: string, problems: string[]): string | undefined {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    if (url.search || url.hash) throw new Error('query');
    return url.href.replace(/\/+$/, '');
  } catch {
    problems.push(`${name} must be an http(s) URL such as ${DEFAULT_GATEWAY_URL}, without query (got "${raw}")`);
    return undefined;
  }
}

/** "browse=5,checkout=2" or "checkout,checkout-declined" (their default weights). */
function mixOption(raw: string, journeys: ReadonlyArray<{ name: string; weight: number }>, problems: string[]): Map<string, number> | undefined {
  const mix = new Map<string, number>();
  const known = new Map(journeys.map((journey) => [journey.name, journey.weight]));
  for (const entry of raw.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [name = '', weightText] = entry.split('=').map((part) => part.trim());
    if (!known.has(name)) {
      problems.push(`--mix: unknown journey "${name}" (journeys: ${[...known.keys()].join(', ')})`);
      continue;
    }
    const weight = weightText === undefined ? known.get(name)! : Number(weightText);
    if (!Number.isFinite(weight) || weight <= 0) {
      problems.push(`--mix: the weight of ${name} must be a number above 0 (got "${weightText}")`);
      continue;
    }
    mix.set(name, weight);
  }
  if (mix.size === 0 && !problems.some((problem) => problem.startsWith('--mix'))) problems.push('--mix must name at least one journey, e.g. --mix checkout=3,browse=1');
  return mix.size > 0 ? mix : undefined;
}

export function parseArgs(argv: readonly string[], env: ArgsEnvironment, journeys: ReadonlyArray<{ name: string; weight: number }>): TrafficOptions {
  const problems: string[] = [];
  const given = tokenize(argv, problems);
  const text = (name: string) => {
    const raw = given.get(name);
    return typeof raw === 'string' ? raw : undefined;
  };
  const browser = given.has('--browser');

  if (given.has('--rate') && given.has('--users')) {
    problems.push('choose one arrival model: --rate N (open: N new journeys a second) or --users N (closed: N users, each starting a journey when the last one ended), not both');
  }
  if (browser && given.has('--rate')) problems.push('--browser runs --users N browsers at once; --rate is for the API mode');
  if (browser && given.has('--mix')) problems.push('--mix chooses API journeys; --browser always runs the storefront journey');

  const rate = numberOption(given, '--rate', { min: 0, max: 500, exclusiveMin: true, meaning: 'new journeys per second' }, 2, problems);
  const users = numberOption(given, '--users', { min: 1, max: browser ? 10 : 1000, integer: true, meaning: browser ? 'browsers at once' : 'virtual users' }, 2, problems);
  const model: ArrivalModel = browser || given.has('--users') ? { kind: 'closed', users } : { kind: 'open', rate };

  const targetRaw = text('--target');
  const fallbackTarget = browser ? (env.edgeUrl ?? DEFAULT_EDGE_URL) : (env.gatewayUrl ?? DEFAULT_GATEWAY_URL);
  const target = urlOption(targetRaw ?? fallbackTarget, targetRaw === undefined ? (browser ? 'SHOPFAST_EDGE_URL' : 'SHOPFAST_GATEWAY_URL') : '--target', problems);

  const seedRaw = text('--seed');
  const seed = seedRaw === undefined ? undefined : numberOption(given, '--seed', { min: 1, max: 2_147_483_647, integer: true, meaning: 'replays the same journeys' }, 1, problems);
  // "1%" is read as 0.01.
  const errorRateRaw = text('--max-error-rate');
  if (errorRateRaw !== undefined && /^\s*[\d.]+\s*%\s*$/.test(errorRateRaw)) {
    given.set('--max-error-rate', String(Number(errorRateRaw.replace('%', '')) / 100));
  }
  const maxErrorRate = numberOption(given, '--max-error-rate', { min: 0, max: 1, meaning: 'the share of requests that may fail, 0.01 or 1% for 1 %' }, 0.01, problems);

  const mixRaw = text('--mix');
  const options: TrafficOptions = {
    mode: browser ? 'browser' : 'api',
    target: target ?? fallbackTarget,
    model,
    durationSeconds: numberOption(given, '--duration', { min: 0, max: 7 * 86_400, meaning: 'seconds to run, 0 to run until stopped' }, 60, problems),
    // Longer than the gateway's checkout timeout (20 s): a request in flight at the end still gets its answer.
    graceSeconds: numberOption(given, '--grace', { min: 0, max: 600, meaning: 'seconds journeys in flight get to finish at the end' }, 30, problems),
    maxInFlight: numberOption(given, '--max-in-flight', { min: 1, max: 100_000, integer: true, meaning: 'journeys running at once before new arrivals are dropped' }, 500, problems),
    thinkMs: numberOption(given, '--think', { min: 0, max: 60_000, integer: true, meaning: 'mean pause between steps in ms' }, 1_000, problems),
    timeoutMs: numberOption(given, '--timeout', { min: 100, max: 300_000, integer: true, meaning: 'ms to wait for one answer' }, 30_000, problems),
    maxErrorRate,
    seed,
    mix: mixRaw === undefined ? undefined : mixOption(mixRaw, journeys, problems),
    jsonFile: text('--json'),
    heartbeatFile: text('--heartbeat'),
    progressIntervalSeconds: numberOption(given, '--progress-interval', { min: 1, max: 3_600, integer: true, meaning: 'seconds between progress lines when stderr is not a terminal' }, 5, problems),
    help: given.has('--help'),
  };
  for (const name of ['--json', '--heartbeat']) {
    if (given.has(name) && text(name)?.trim() === '') problems.push(`${name} needs a file name`);
  }
  if (options.help) return options;
  if (problems.length > 0) throw new ArgsError(problems);
  return options;
}

export function usage(journeys: ReadonlyArray<{ name: string; weight: number; description: string }>): string {
  const width = Math.max(...journeys.map((journey) => journey.name.length));
  return `Synthetic shoppers for ShopFast: weighted journeys over the public API (or real browsers on the storefront).

  npm run traffic -- [options]

Arrivals (one of):
  --rate N             open model: N new journeys a second, Poisson arrivals (default 2)
  --users N            closed model: N virtual users, each starting a journey when its last one ended
Run:
  --duration S         seconds to run, 0 = until Ctrl-C / SIGTERM (default 60)
  --grace S            seconds journeys in flight get to finish at the end before they are cut (default 30)
  --max-in-flight N    journeys at once; arrivals beyond are dropped and counted (default 500)
  --think MS           mean pause of a shopper between two steps (default 1000; 0 = none)
  --timeout MS         wait for one answer at most this long (default 30000)
  --seed N             replay the same arrivals and choices (printed at start when not given)
  --mix J=W,...        only these journeys, with these weights (J alone: its default weight)
  --target URL         the gateway (default SHOPFAST_GATEWAY_URL or ${DEFAULT_GATEWAY_URL});
                       with --browser the storefront edge (SHOPFAST_EDGE_URL or ${DEFAULT_EDGE_URL})
Output:
  --max-error-rate R   exit 1 when more than this share of requests failed (default 0.01; "1%" works too)
  --json FILE          write the summary as JSON
  --heartbeat FILE     touch FILE while journeys complete (container healthchecks)
  --progress-interval S  seconds between progress lines when stderr is not a terminal (default 5)
Browsers:
  --browser            drive Chromium (/usr/bin/chromium, SHOPFAST_CHROMIUM) through the storefront:
                       --users N browsers (default 2), each visit a new RUM session that buys something

Every request carries "x-shopfast-synthetic: true" and "baggage: synthetic_request=true".
Errors: no answer, 5xx, and any 4xx the step does not expect (a declined card's 402 is expected).

Journeys (default weight):
${journeys.map((journey) => `  ${journey.name.padEnd(width)}  ${String(journey.weight).padStart(2)}  ${journey.description}`).join('\n')}
`;
}
