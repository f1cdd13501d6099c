// Entry point for the local stack: `node --import tsx packages/alert-sink/src/main.ts`.
// ALERT_SINK_HOST (127.0.0.1), ALERT_SINK_PORT (8027), ALERT_SINK_CAPACITY (1000).
import { startAlertSink } from './alert-sink';

const env = process.env;
const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

startAlertSink({
  host: env.ALERT_SINK_HOST ?? '127.0.0.1',
  port: Number(env.ALERT_SINK_PORT ?? 8027),
  capacity: Number(env.ALERT_SINK_CAPACITY ?? 1000),
  onRequest: (request) => log(`${request.channel} ${request.path} answered ${request.status} (#${request.seq})`),
}).then(
  (sink) => {
    log(`alert-sink listening on ${sink.url}: POST /v2/enqueue (PagerDuty), POST /slack/<tier> (Slack), GET /requests`);
    const stop = () => void sink.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  },
  (error: unknown) => {
    process.stderr.write(`alert-sink failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
