/**
 * Side-effect entry point. Make `import '@shopfast/tracing/register';` the FIRST line of a service's
 * main.ts: dd-trace can only instrument modules (http, express, pg, mongodb, ioredis, elasticsearch, pino)
 * that are required after it has been initialised. TypeScript keeps import order when compiling to
 * CommonJS, so this line runs before any other import of main.ts.
 */
import './tracer';
