// A traced process calls a local HTTP server through the service client, inside a span, and prints
// the trace headers the server received next to the span's own ids.
require('@shopfast/tracing/register');
const http = require('node:http');
const { tracer } = require('@shopfast/tracing');
const { createServiceClient } = require('@shopfast/service-kit');

const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ headers: req.headers }));
});
server.listen(0, '127.0.0.1', () => {
  const client = createServiceClient({ name: 'peer', baseUrl: `http://127.0.0.1:${server.address().port}` });
  tracer.trace('test.caller', async (span) => {
    const response = await client.get('/anything');
    const context = span.context();
    process.stdout.write(
      `${JSON.stringify({ received: response.body.headers, traceId: context.toTraceId(), traceId128: context.toTraceId(true), spanId: context.toSpanId() })}\n`,
    );
    server.close();
    process.exit(0);
  });
});
