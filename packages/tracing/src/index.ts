export { tracer } from './tracer';
export { tracerOptionsFromEnv, UNTRACED_PATHS, HEALTH_CHECK_SAMPLING_RULES } from './tracer-options';
export { traced } from './traced';
