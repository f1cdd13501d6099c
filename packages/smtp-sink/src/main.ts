// Entry point for the local stack: `node --import tsx packages/smtp-sink/src/main.ts`.
// SMTP_SINK_HOST (127.0.0.1), SMTP_SINK_PORT (2525), SMTP_SINK_API_PORT (8025), SMTP_SINK_CAPACITY (1000).
import { startSmtpSink } from './smtp-sink';

const env = process.env;
const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

startSmtpSink({
  host: env.SMTP_SINK_HOST ?? '127.0.0.1',
  smtpPort: Number(env.SMTP_SINK_PORT ?? 2525),
  apiPort: Number(env.SMTP_SINK_API_PORT ?? 8025),
  capacity: Number(env.SMTP_SINK_CAPACITY ?? 1000),
  onMessage: (message) => log(`received ${message.id} for ${message.to.length} recipient(s): ${message.subject}`),
}).then(
  (sink) => {
    log(`smtp-sink listening: SMTP 127.0.0.1:${sink.smtpPort}, HTTP 127.0.0.1:${sink.apiPort}`);
    const stop = () => void sink.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  },
  (error: unknown) => {
    process.stderr.write(`smtp-sink failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
