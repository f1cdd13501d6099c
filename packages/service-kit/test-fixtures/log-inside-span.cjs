// Runs in its own process, as a service does: the tracer first, then the logger, then one log line
// inside a span. Prints the span's ids on the last line so the test can compare them with the log.
require('@shopfast/tracing/register');
const { tracer } = require('@shopfast/tracing');
const { createLogger } = require('@shopfast/service-kit');

const logger = createLogger({ service: 'order', env: 'test', version: '9.9.9', destination: process.stdout });
tracer.trace('test.log_correlation', (span) => {
  logger.info('inside a span');
  logger.flush();
  setTimeout(() => {
    process.stdout.write(`${JSON.stringify({ traceId: span.context().toTraceId(true), spanId: span.context().toSpanId() })}\n`);
    process.exit(0);
  }, 50);
});
