import { datadogLogs } from '@datadog/browser-logs';
import { datadogRum } from '@datadog/browser-rum';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig, parseRuntimeConfig } from '../config/runtime-config';
import { initTelemetry, isSyntheticVisit, setTelemetryEnabledForTests, SYNTHETIC_STORAGE_KEY, telemetry } from './rum';

const configured = parseRuntimeConfig({
  rum: { applicationId: 'app-1', clientToken: 'pub-1', site: 'datadoghq.eu', service: 'shopfast-web', env: 'staging', version: '1.2.3', sessionSampleRate: 50, sessionReplaySampleRate: 10, proxy: '/api/rum' },
  apiOrigin: '',
});

afterEach(() => setTelemetryEnabledForTests(false));

describe('RUM initialisation', () => {
  it('does nothing at all without an application id and a client token', () => {
    const init = vi.spyOn(datadogRum, 'init');
    const addAction = vi.spyOn(datadogRum, 'addAction');
    expect(initTelemetry(defaultConfig)).toBe(false);
    expect(initTelemetry(parseRuntimeConfig({ rum: { applicationId: 'app-1', clientToken: '' } }))).toBe(false);
    telemetry.action('search', { query: 'x' });
    telemetry.setUser('u1');
    expect(init).not.toHaveBeenCalled();
    expect(addAction).not.toHaveBeenCalled();
  });

  it('sets every option explicitly, traces only the shop API and sends through the proxy', () => {
    const init = vi.spyOn(datadogRum, 'init').mockImplementation(() => undefined);
    const logsInit = vi.spyOn(datadogLogs, 'init').mockImplementation(() => undefined);
    expect(initTelemetry(configured)).toBe(true);
    expect(init).toHaveBeenCalledWith({
      applicationId: 'app-1',
      clientToken: 'pub-1',
      site: 'datadoghq.eu',
      service: 'shopfast-web',
      env: 'staging',
      version: '1.2.3',
      sessionSampleRate: 50,
      sessionReplaySampleRate: 10,
      trackUserInteractions: true,
      trackResources: true,
      trackLongTasks: true,
      defaultPrivacyLevel: 'mask-user-input',
      allowedTracingUrls: [{ match: `${window.location.origin}/api/`, propagatorTypes: ['tracecontext', 'datadog'] }],
      traceSampleRate: 100,
      traceContextInjection: 'all',
      compressIntakeRequests: false,
      proxy: `${window.location.origin}/api/rum`,
    });
    expect(logsInit).toHaveBeenCalledWith(expect.objectContaining({ clientToken: 'pub-1', service: 'shopfast-web', forwardErrorsToLogs: true }));
  });

  it('passes only the user id to RUM', () => {
    setTelemetryEnabledForTests(true);
    const setUser = vi.spyOn(datadogRum, 'setUser').mockImplementation(() => undefined);
    telemetry.setUser('u-42');
    expect(setUser).toHaveBeenCalledWith({ id: 'u-42' });
  });
});

describe('runtime config parsing', () => {
  it('keeps well-typed values and falls back for the rest', () => {
    const parsed = parseRuntimeConfig({ rum: { applicationId: 42, sessionSampleRate: 250, env: 'prod' }, apiOrigin: 'https://shop.example.com/', features: { a: true, b: 'yes' } });
    expect(parsed.rum.applicationId).toBe('');
    expect(parsed.rum.sessionSampleRate).toBe(100);
    expect(parsed.rum.env).toBe('prod');
    expect(parsed.apiOrigin).toBe('https://shop.example.com');
    expect(parsed.features).toEqual({ a: true });
    expect(parseRuntimeConfig('not an object')).toEqual(defaultConfig);
  });
});

describe('synthetic visits (the traffic generator\'s browsers)', () => {
  afterEach(() => localStorage.removeItem(SYNTHETIC_STORAGE_KEY));

  it('marks a visit synthetic from ?synthetic=1 and remembers it for the next pages, until ?synthetic=0', () => {
    expect(isSyntheticVisit('')).toBe(false);
    expect(isSyntheticVisit('?q=lamp&synthetic=1')).toBe(true);
    expect(isSyntheticVisit('')).toBe(true);
    expect(isSyntheticVisit('?synthetic=0')).toBe(false);
    expect(isSyntheticVisit('')).toBe(false);
  });

  it('puts synthetic: true in the RUM and logs global context of a synthetic visit only', () => {
    vi.spyOn(datadogRum, 'init').mockImplementation(() => undefined);
    vi.spyOn(datadogLogs, 'init').mockImplementation(() => undefined);
    const rumContext = vi.spyOn(datadogRum, 'setGlobalContextProperty').mockImplementation(() => undefined);
    const logsContext = vi.spyOn(datadogLogs, 'setGlobalContextProperty').mockImplementation(() => undefined);
    initTelemetry(configured);
    expect(rumContext).not.toHaveBeenCalled();
    localStorage.setItem(SYNTHETIC_STORAGE_KEY, 'true');
    initTelemetry(configured);
    expect(rumContext).toHaveBeenCalledWith('synthetic', true);
    expect(logsContext).toHaveBeenCalledWith('synthetic', true);
  });
});
