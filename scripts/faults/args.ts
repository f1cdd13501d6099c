// `npm run faults -- <command>`: the command line, checked before anything is called. Every problem is
// reported at once, each naming the option, what it accepts and what it got.

export interface ScheduleOptions {
  /** undefined: a new seed, printed so the run can be replayed. */
  seed: number | undefined;
  durationSeconds: number;
  minOnSeconds: number;
  maxOnSeconds: number;
  /** Faults on at the same time, at most. */
  maxConcurrent: number;
  /** Storefront faults too (they only show in real browsers: npm run traffic -- --browser). */
  includeBrowser: boolean;
  dryRun: boolean;
}

export type FaultsCommand =
  | { command: 'help' }
  | { command: 'list' }
  | { command: 'set'; key: string; value: string | undefined }
  | { command: 'clear'; key: string | undefined }
  | ({ command: 'schedule' } & ScheduleOptions);

export class ArgsError extends Error {
  override name = 'ArgsError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`bad arguments:\n${problems.map((problem) => `  ${problem}`).join('\n')}\nRun \`npm run faults -- help\` for every command.`);
    this.problems = problems;
  }
}

export const DEFAULT_SCHEDULE = { minOnSeconds: 20, maxOnSeconds: 90, maxConcurrent: 2 } as const;

export function usage(): string {
  return [
    'npm run faults -- <command>',
    '',
    '  list                          every fault, its value now and its range',
    '  set KEY [VALUE]               switch a fault on (without VALUE: the value the catalogue runs it at)',
    '  clear [KEY]                   switch one fault off, or every fault',
    '  schedule --duration S [--seed N] [--min-on S] [--max-on S] [--max-concurrent N] [--include-browser] [--dry-run]',
    '                                random server faults on and off for S seconds, then every fault off;',
    '                                the same --seed switches the same faults at the same offsets',
    '',
    'The gateway: SHOPFAST_GATEWAY_URL (default the local stack). The admin token: SHOPFAST_ADMIN_TOKEN,',
    'else the local stack\'s .stack/secrets/admin-token. The catalogue: infra/flags/shopfast.flagd.json (docs/faults.md).',
  ].join('\n');
}

const SCHEDULE_OPTIONS: Record<string, 'value' | 'flag'> = {
  '--seed': 'value',
  '--duration': 'value',
  '--min-on': 'value',
  '--max-on': 'value',
  '--max-concurrent': 'value',
  '--include-browser': 'flag',
  '--dry-run': 'flag',
};

function parseSchedule(args: string[]): FaultsCommand {
  const problems: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const kind = SCHEDULE_OPTIONS[name];
    if (!kind) {
      problems.push(`${arg}: not an option of schedule (${Object.keys(SCHEDULE_OPTIONS).join(', ')})`);
      continue;
    }
    if (kind === 'flag') {
      if (inline !== undefined) problems.push(`${name} takes no value (got ${inline})`);
      flags.add(name);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith('--')) {
      problems.push(`${name} needs a value`);
      if (value !== undefined) i--;
      continue;
    }
    values.set(name, value);
  }

  const number = (name: string, { integer, min, fallback }: { integer: boolean; min: number; fallback?: number }): number | undefined => {
    const text = values.get(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min) {
      problems.push(`${name}: ${integer ? 'an integer' : 'a number'} from ${min} (got ${text})`);
      return fallback;
    }
    return value;
  };
  const seed = number('--seed', { integer: true, min: 0 });
  if (seed !== undefined && seed > 4_294_967_295) problems.push(`--seed: at most 4294967295 (got ${seed})`);
  const durationSeconds = number('--duration', { integer: false, min: 1 });
  if (!values.has('--duration')) problems.push('--duration: required (seconds the schedule runs, then every fault is off)');
  // Defaults shrink for a short schedule (a 20 s demo still switches something): at most a quarter and half of it.
  const shortened = (fallback: number, share: number) => (durationSeconds !== undefined ? Math.max(1, Math.min(fallback, Math.floor(durationSeconds * share))) : fallback);
  const minOnSeconds = number('--min-on', { integer: false, min: 1, fallback: shortened(DEFAULT_SCHEDULE.minOnSeconds, 0.25) })!;
  const maxOnSeconds = number('--max-on', { integer: false, min: 1, fallback: Math.max(minOnSeconds, shortened(DEFAULT_SCHEDULE.maxOnSeconds, 0.5)) })!;
  const maxConcurrent = number('--max-concurrent', { integer: true, min: 1, fallback: DEFAULT_SCHEDULE.maxConcurrent })!;
  if (maxOnSeconds < minOnSeconds) problems.push(`--max-on (${maxOnSeconds}) must not be below --min-on (${minOnSeconds})`);
  if (durationSeconds !== undefined && minOnSeconds >= durationSeconds) {
    problems.push(`--min-on (${minOnSeconds}) must be shorter than --duration (${durationSeconds}): no fault would fit`);
  }
  if (problems.length > 0) throw new ArgsError(problems);
  return {
    command: 'schedule',
    seed,
    durationSeconds: durationSeconds!,
    minOnSeconds,
    maxOnSeconds,
    maxConcurrent,
    includeBrowser: flags.has('--include-browser'),
    dryRun: flags.has('--dry-run'),
  };
}

/** argv after `npm run faults --`. */
export function parseArgs(argv: string[]): FaultsCommand {
  const [command, ...rest] = argv;
  const tooMany = (most: number, shape: string) => {
    if (rest.length > most) throw new ArgsError([`${command}: ${shape} (got ${rest.join(' ')})`]);
  };
  const isKey = (key: string) => {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(key)) throw new ArgsError([`${command}: ${key} is not a fault key (the camelCase names \`npm run faults -- list\` shows)`]);
    return key;
  };
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return { command: 'help' };
    case 'list':
      tooMany(0, 'takes nothing');
      return { command: 'list' };
    case 'set':
      if (rest.length === 0) throw new ArgsError(['set: which fault? set KEY [VALUE]']);
      tooMany(2, 'set KEY [VALUE]');
      return { command: 'set', key: isKey(rest[0]!), value: rest[1] };
    case 'clear':
      tooMany(1, 'clear [KEY]');
      return { command: 'clear', key: rest[0] === undefined ? undefined : isKey(rest[0]) };
    case 'schedule':
      return parseSchedule(rest);
    default:
      throw new ArgsError([`${command}: not a command (list, set, clear, schedule, help)`]);
  }
}
