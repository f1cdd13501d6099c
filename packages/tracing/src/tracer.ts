import tracer from 'dd-trace';
import { tracerOptionsFromEnv, UNTRACED_PATHS } from './tracer-options';

tracer.init(tracerOptionsFromEnv(process.env));
tracer.use('http', { server: { blocklist: UNTRACED_PATHS } });
// One span per request instead of one per Express middleware (body parser, request id, router...):
// traces stay readable and cheap, and the business spans sit right under the request.
tracer.use('express', { middleware: false });
// Express 5 routes through the separate `router` package, which dd-trace traces on its own.
tracer.use('router', { middleware: false });

export { tracer };
