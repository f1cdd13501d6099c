// Datadog browser RUM and logs. Everything here is a no-op until initTelemetry() saw an application
// id AND a client token: an unconfigured shop makes no RUM call and logs nothing to the console.
import { datadogLogs } from '@datadog/browser-logs';
import { datadogRum } from '@datadog/browser-rum';
import { rumConfigured, type RuntimeConfig } from '../config/runtime-config';

let enabled = false;

type Context = Record<string, string | number | boolean | null | undefined>;

/**
 * A visit by the traffic generator's browsers (scripts/traffic, docs/decisions/013): `?synthetic=1` on
 * any page, kept in localStorage for the rest of the visit (`?synthetic=0` clears it). Its RUM sessions and
 * browser logs carry the global context `synthetic: true` so dashboards can leave demo traffic out.
 */
export const SYNTHETIC_STORAGE_KEY = 'shopfast.synthetic';

export function isSyntheticVisit(search = window.location.search): boolean {
  const flag = new URLSearchParams(search).get('synthetic');
  const said = flag === '1' || flag === 'true';
  try {
    if (said) localStorage.setItem(SYNTHETIC_STORAGE_KEY, 'true');
    else if (flag === '0') localStorage.removeItem(SYNTHETIC_STORAGE_KEY);
    return localStorage.getItem(SYNTHETIC_STORAGE_KEY) === 'true';
  } catch {
    // Storage blocked (private mode, sandboxed frame): the query alone decides.
    return said;
  }
}

function absolute(url: string): string {
  return new URL(url, window.location.origin).href;
}

/** The shop's own API: the only URLs that get trace headers (never third parties). */
export function apiTracingPrefix(config: RuntimeConfig): string {
  return `${config.apiOrigin || window.location.origin}/api/`;
}

export function initTelemetry(config: RuntimeConfig): boolean {
  if (!rumConfigured(config)) return false;
  const { rum } = config;
  const proxy = rum.proxy ? absolute(rum.proxy) : undefined;
  datadogRum.init({
    applicationId: rum.applicationId,
    clientToken: rum.clientToken,
    site: rum.site,
    service: rum.service,
    env: rum.env,
    version: rum.version,
    sessionSampleRate: rum.sessionSampleRate,
    sessionReplaySampleRate: rum.sessionReplaySampleRate,
    // v6 defaults these three to true and v5 to false: set them so an SDK upgrade changes nothing.
    trackUserInteractions: true,
    trackResources: true,
    trackLongTasks: true,
    defaultPrivacyLevel: 'mask-user-input',
    allowedTracingUrls: [{ match: apiTracingPrefix(config), propagatorTypes: ['tracecontext', 'datadog'] }],
    traceSampleRate: 100,
    // v6 defaults to 'sampled'; 'all' also sends headers for unsampled traces so the backend decides.
    traceContextInjection: 'all',
    // Plain NDJSON batches, so the local intake proxy can read them without inflating.
    compressIntakeRequests: false,
    ...(proxy ? { proxy } : {}),
  });
  datadogLogs.init({
    clientToken: rum.clientToken,
    site: rum.site,
    service: rum.service,
    env: rum.env,
    version: rum.version,
    sessionSampleRate: rum.sessionSampleRate,
    forwardErrorsToLogs: true,
    ...(proxy ? { proxy } : {}),
  });
  if (isSyntheticVisit()) {
    datadogRum.setGlobalContextProperty('synthetic', true);
    datadogLogs.setGlobalContextProperty('synthetic', true);
  }
  enabled = true;
  return true;
}

export const telemetry = {
  get enabled(): boolean {
    return enabled;
  },
  action(name: string, context?: Context): void {
    if (enabled) datadogRum.addAction(name, context);
  },
  /** A page milestone, relative to the start of the current view. */
  timing(name: string): void {
    if (enabled) datadogRum.addTiming(name);
  },
  error(error: unknown, context?: Context): void {
    if (enabled) datadogRum.addError(error, context);
  },
  /** Only the id: no e-mail or name leaves the browser for RUM. */
  setUser(id: string): void {
    if (enabled) datadogRum.setUser({ id });
  },
  clearUser(): void {
    if (enabled) datadogRum.clearUser();
  },
  flag(key: string, value: boolean | string | number): void {
    if (enabled) datadogRum.addFeatureFlagEvaluation(key, value);
  },
};

/** Test hook: jsdom tests toggle the facade without a real SDK init. */
export function setTelemetryEnabledForTests(value: boolean): void {
  enabled = value;
}
