export { tracer } from './tracer';
export { tracerOptionsFromEnv, UNTRACED_PATHS, HEALTH_CHECK_SAMPLING_RULES, SYNTHETIC_BAGGAGE_KEY } from './tracer-options';
export { traced } from './traced';
