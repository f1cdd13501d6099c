export { endpoints } from './endpoints';
export { waitFor } from './wait-for';
export { newTraceContext, getTrace, waitForTrace, traceCheckFailures, sameId, type AgentSpan, type TestTraceContext } from './test-agent';
export { lastMetricSeq, metricLines, waitForMetric, type MetricLine } from './dogstatsd';
export { listenedMetrics } from './listened-metrics';
export { storeUrls, freshPostgresDatabase } from './stores';
export { callerHeaders, stackAdminToken, stackCallerHeaders, stackSecretsDir, testCallers, testCredentials, type AppName } from './service-tokens';
export { testFaultFlags, type TestFaultFlags } from './fault-flags';
