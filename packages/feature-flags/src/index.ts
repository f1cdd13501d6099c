export * from './definitions';
// fault-flags before anything else that loads the flagd provider: it loads dd-trace first (see there).
export { createFaultFlags, NO_FAULTS, type FaultFlags, type FaultFlagsClient, type FaultFlagsOptions } from './fault-flags';
export { faultFlagHook, EVALUATIONS_METRIC, OFF_VARIANT, type FaultFlagsLogger, type FaultFlagsMetrics } from './hook';
