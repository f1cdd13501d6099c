export { tracer } from './tracer';
export { tracerOptionsFromEnv, UNTRACED_PATHS } from './tracer-options';
export { traced } from './traced';
