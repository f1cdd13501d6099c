// `npm run traces`: the latest traces from the local Datadog test agent, as trees. See README.md.
import { AgentUnavailableError, fetchTraceChunks } from './agent-client';
import { buildTraces } from './build-traces';
import { parseArgs, USAGE, type TracesArgs } from './parse-args';
import { renderTrace } from './render-trace';
import { selectTraces } from './select-traces';

async function main(): Promise<number> {
  let args: TracesArgs;
  try {
    args = parseArgs(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const traces = buildTraces(await fetchTraceChunks(args.agentUrl, args.id));
    // One asked-for trace is shown even when it looks like noise.
    const shown = selectTraces(traces, { limit: args.limit, service: args.service, all: args.all || args.id !== undefined });
    if (shown.length === 0) {
      console.log(emptyMessage(args, traces.length));
      return 0;
    }
    const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    console.log(shown.map((trace) => renderTrace(trace, { color })).join('\n\n'));
    return 0;
  } catch (error) {
    if (error instanceof AgentUnavailableError) {
      console.error(error.message);
      return 1;
    }
    console.error(`could not read traces: ${(error as Error).message}`);
    return 1;
  }
}

function emptyMessage(args: TracesArgs, total: number): string {
  if (args.id) return `No trace ${args.id} at the test agent (it may not be flushed yet: tracers send every 2 s).`;
  if (total === 0) return 'The test agent holds no traces yet. Use the shop (http://127.0.0.1:5001) and run this again.';
  const filter = args.service ? ` with a span from service "${args.service}"` : '';
  return `No traces${filter} among the ${total} the test agent holds${args.all ? '' : ' (background polls hidden; --all shows them)'}.`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
