export * from './config';
export * from './errors';
export * from './auth';
export { createLogger, REDACTED_PATHS, type Logger, type LoggerOptions } from './telemetry/logger';
export { createMetrics, type Metrics, type MetricsOptions, type Tags } from './telemetry/metrics';
export { createHttpApp, type HttpAppOptions } from './http/create-app';
export {
  DEFAULT_MAX_JSON_DEPTH,
  exceedsJsonDepth,
  jsonDepthVerifier,
  jsonNestingDepth,
  jsonTooDeep,
  rawJsonDepthLimit,
  type JsonDepthScanOptions,
  type RawJsonDepthLimitOptions,
} from './http/json-depth';
export { createTrustedProxies, isTrustedProxyEntry, type ResolveHost, type TrustedProxies, type TrustedProxiesOptions } from './http/trusted-proxies';
export { validate, type RequestSchemas, type FieldProblem } from './http/validate';
export { errorHandler, notFoundHandler } from './http/error-handler';
export { runReadinessChecks, readinessRoutes, type ReadinessChecks, type CheckResult } from './http/health';
export { requestId, REQUEST_ID_HEADER } from './http/request-id';
export { requestMetrics } from './http/request-metrics';
export { startHttpServer, type Closeable, type RunningServer, type StartServerOptions } from './http/server';
export { createServiceClient, type ServiceClient, type ServiceClientOptions, type ServiceRequest, type ServiceResponse } from './http/service-client';
export { createServiceRuntime, runService, type ServiceRuntime } from './runtime';
export { createPeriodicTask, type PeriodicTask, type PeriodicTaskOptions } from './periodic-task';
export { createServiceJobs, type BackgroundJob, type ServiceJobs } from './jobs';
