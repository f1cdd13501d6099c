// The environment of `npm run datadog`, validated once before anything is called: the API and application
// keys, and the Datadog site. Every problem is listed at once; a missing key stops the command before its first
// request.
import type { client } from '@datadog/datadog-api-client';
import { z } from 'zod';

/** The sites the client's server template types accept for `site`. */
type ClientSite = typeof client.server1 extends client.ServerConfiguration<infer T> ? T['site'] : never;

/** Datadog's sites. Type-checked against the client's list both ways: an upgrade that adds one fails typecheck. */
export const DATADOG_SITES = [
  'datadoghq.com',
  'us3.datadoghq.com',
  'us5.datadoghq.com',
  'datadoghq.eu',
  'ap1.datadoghq.com',
  'ap2.datadoghq.com',
  'uk1.datadoghq.com',
  'ddog-gov.com',
  'us2.ddog-gov.com',
] as const satisfies readonly ClientSite[];
const everySite: [Exclude<ClientSite, (typeof DATADOG_SITES)[number]>] extends [never] ? true : false = true;
void everySite;
export const DEFAULT_SITE = 'datadoghq.com';

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

const key = (name: string, where: string) =>
  z
    .string({ error: `${name} is not set: create one in Datadog (${where}) and export ${name}=...` })
    .trim()
    .min(1, `${name} is empty`);

const environment = z.object({
  DD_API_KEY: key('DD_API_KEY', 'Organization Settings > API Keys'),
  DD_APP_KEY: key('DD_APP_KEY', 'Organization Settings > Application Keys; it needs the monitors, dashboards, SLOs, synthetics and integrations write scopes'),
  DD_SITE: z
    .enum(DATADOG_SITES, { error: (issue) => `DD_SITE=${String(issue.input)} is not a Datadog site; one of ${DATADOG_SITES.join(', ')}` })
    .default(DEFAULT_SITE),
});

export interface ApiSettings {
  apiKey: string;
  appKey: string;
  site: (typeof DATADOG_SITES)[number];
}

/** The API settings, or a ConfigError listing every problem. Empty variables count as unset. */
export function apiSettingsFromEnv(env: NodeJS.ProcessEnv): ApiSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = environment.safeParse(present);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  return { apiKey: parsed.data.DD_API_KEY, appKey: parsed.data.DD_APP_KEY, site: parsed.data.DD_SITE };
}
