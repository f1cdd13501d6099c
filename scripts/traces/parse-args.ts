import { toAgentTraceId } from './build-traces';

export interface TracesArgs {
  limit: number;
  /** Decimal lower 64 bits, ready for the agent's `trace_ids` filter. */
  id?: string;
  service?: string;
  all: boolean;
  help: boolean;
  agentUrl: string;
}

export const USAGE = `Usage: npm run traces -- [--limit N] [--id TRACE_ID] [--service NAME] [--all]

Prints the latest traces the local test agent holds, as indented trees, newest first.
  --limit N        how many traces (default 5, at most 1000)
  --id ID          one trace: the decimal id, or the 32 hex-digit id Datadog shows
  --service NAME   only traces in which this service has a span
  --all            also show background polls (store-command roots, manual.drop traces)
The agent is DD_TRACE_AGENT_URL, else http://127.0.0.1:8126.`;

/** Throws an Error whose message is meant for the user on a bad argument. */
export function parseArgs(argv: string[], env: Record<string, string | undefined> = {}): TracesArgs {
  const args: TracesArgs = { limit: 5, all: false, help: false, agentUrl: env.DD_TRACE_AGENT_URL || 'http://127.0.0.1:8126' };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const next = inline ?? argv[++index];
      if (next === undefined || next === '') throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--limit': {
        const raw = value();
        if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1000) throw new Error(`--limit must be a whole number from 1 to 1000, got "${raw}"`);
        args.limit = Number(raw);
        break;
      }
      case '--id': {
        const raw = value();
        const id = toAgentTraceId(raw);
        if (!id) throw new Error(`--id must be a decimal trace id or 16/32 hex digits, got "${raw}"`);
        args.id = id;
        break;
      }
      case '--service':
        args.service = value();
        break;
      case '--all':
        args.all = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw new Error(`unknown argument "${arg}"`);
    }
  }
  return args;
}
