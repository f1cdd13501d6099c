// The shop's runtime configuration, fetched from /config.json (rendered by the edge from its
// environment at start-up) so one build runs everywhere: with RUM, without RUM, any API origin.

export interface RumSettings {
  applicationId: string;
  clientToken: string;
  site: string;
  service: string;
  env: string;
  version: string;
  sessionSampleRate: number;
  sessionReplaySampleRate: number;
  /** Where the SDK sends its batches (the intake proxy), relative or absolute; empty: straight to Datadog. */
  proxy: string;
}

export interface RuntimeConfig {
  rum: RumSettings;
  /** Origin of the public API; empty means the page's own origin (the edge proxies /api). */
  apiOrigin: string;
  features: Record<string, boolean>;
}

export const defaultConfig: RuntimeConfig = {
  rum: {
    applicationId: '',
    clientToken: '',
    site: 'datadoghq.com',
    service: 'shopfast-web',
    env: 'local',
    version: '0.0.0',
    sessionSampleRate: 100,
    sessionReplaySampleRate: 0,
    proxy: '',
  },
  apiOrigin: '',
  features: {},
};

const str = (value: unknown, fallback: string): string => (typeof value === 'string' ? value.trim() : fallback);
const rate = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100 ? value : fallback;

/** Accepts anything and keeps only well-typed values; a malformed file must not break the shop. */
export function parseRuntimeConfig(raw: unknown): RuntimeConfig {
  const root = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rum = (root.rum && typeof root.rum === 'object' ? root.rum : {}) as Record<string, unknown>;
  const d = defaultConfig.rum;
  const features: Record<string, boolean> = {};
  if (root.features && typeof root.features === 'object') {
    for (const [key, value] of Object.entries(root.features as Record<string, unknown>)) {
      if (typeof value === 'boolean') features[key] = value;
    }
  }
  return {
    rum: {
      applicationId: str(rum.applicationId, d.applicationId),
      clientToken: str(rum.clientToken, d.clientToken),
      site: str(rum.site, d.site) || d.site,
      service: str(rum.service, d.service) || d.service,
      env: str(rum.env, d.env) || d.env,
      version: str(rum.version, d.version) || d.version,
      sessionSampleRate: rate(rum.sessionSampleRate, d.sessionSampleRate),
      sessionReplaySampleRate: rate(rum.sessionReplaySampleRate, d.sessionReplaySampleRate),
      proxy: str(rum.proxy, d.proxy),
    },
    apiOrigin: str(root.apiOrigin, '').replace(/\/+$/, ''),
    features,
  };
}

/** Never throws: without a config file the shop still works, just without RUM. */
export async function loadRuntimeConfig(timeoutMs = 3_000): Promise<RuntimeConfig> {
  try {
    const response = await fetch('/config.json', { cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return defaultConfig;
    return parseRuntimeConfig(await response.json());
  } catch {
    return defaultConfig;
  }
}

export const rumConfigured = (config: RuntimeConfig): boolean =>
  config.rum.applicationId !== '' && config.rum.clientToken !== '';
