import { z } from 'zod';
import { baseConfigSchema, httpUrl, isTrustedProxyEntry, positiveInt, urlWithProtocol } from '@shopfast/service-kit';

export const SERVICE_NAMES = ['user', 'product', 'cart', 'order', 'payment', 'inventory', 'shipping', 'notification'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const serviceUrls = Object.fromEntries(
  SERVICE_NAMES.map((name) => [`${name.toUpperCase()}_SERVICE_URL`, httpUrl().describe(`Base URL of the ${name} service`)]),
) as Record<`${Uppercase<ServiceName>}_SERVICE_URL`, ReturnType<typeof httpUrl>>;

const splitList = (value: string) => value.split(',').map((entry) => entry.trim()).filter(Boolean);
const isOrigin = (value: string) => {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
};

/** One entry of Express's trust-proxy list: a named range, an address, or address/prefix. */
export const configSchema = baseConfigSchema.extend({
  ...serviceUrls,
  REDIS_URL: urlWithProtocol('redis:').describe('Redis for rate-limit counters and the active-users count'),
  UPSTREAM_TIMEOUT_MS: positiveInt().max(60_000).default(5_000).describe('Per-attempt timeout for calls to services'),
  CHECKOUT_TIMEOUT_MS: positiveInt().max(120_000).default(20_000).describe('Timeout of POST /api/checkout, which is never retried'),
  BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/, 'like 100kb or 1mb').default('100kb').describe('Largest JSON body accepted (413 above)'),
  JWT_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .default('local-development-secret-change-me-0123456789')
    .describe('HMAC key the user service signs login tokens with (HS256); same value as there. Set a real one outside local runs'),
  JWT_ISSUER: z.string().min(1).default('shopfast-user').describe('Required `iss` claim of customer tokens'),
  ADMIN_TOKEN: z
    .string()
    .min(12, 'must be at least 12 characters')
    .default('local-admin-token')
    .describe('Bearer token for /api/admin/*; set a long random one outside local runs'),
  RATE_LIMIT_POINTS: positiveInt().default(300).describe('Requests one client (user id, else IP) may make per window'),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt().max(86_400).default(60).describe('Length of the rate-limit window'),
  LOGIN_RATE_LIMIT_POINTS: positiveInt().default(10).describe('Login attempts one IP may make per LOGIN_RATE_LIMIT_WINDOW_SECONDS'),
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: positiveInt().max(86_400).default(60).describe('Window of the per-IP login limit'),
  LOGIN_FAILURE_LIMIT: positiveInt().default(5).describe('Failed logins (401) for one e-mail before further attempts get 429'),
  LOGIN_FAILURE_WINDOW_SECONDS: positiveInt().max(86_400).default(900).describe('Window in which failed logins for one e-mail are counted'),
  RUM_RATE_LIMIT_POINTS: positiveInt().default(600).describe('Browser RUM/log batches one client IP may post to /api/rum per RUM_RATE_LIMIT_WINDOW_SECONDS'),
  RUM_RATE_LIMIT_WINDOW_SECONDS: positiveInt().max(86_400).default(60).describe('Window of the /api/rum limit'),
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .refine((value) => splitList(value).length > 0 && splitList(value).every(isTrustedProxyEntry), 'comma-separated addresses, CIDRs, loopback, linklocal, uniquelocal or host names')
    .transform(splitList)
    .describe('Proxies whose X-Forwarded-For is believed for the client IP (rate limits); Express trust-proxy syntax plus host names, looked up every 10 s. Locally the edge is on loopback; in compose, the edge service name'),
  RATE_LIMIT_KEY_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]+$/, 'lower-case letters, digits, :, - and _ only')
    .default('gateway')
    .describe('Prefix of every Redis key the gateway writes'),
  CORS_ORIGINS: z
    .string()
    .default('http://localhost:8080,http://127.0.0.1:8080,http://localhost:5173')
    .refine((value) => splitList(value).every(isOrigin), 'a comma-separated list of origins like http://host:port, without paths or trailing slashes')
    .transform(splitList)
    .describe('Comma-separated browser origins allowed to call the API (the storefront)'),
  ACTIVE_USERS_INTERVAL_MS: positiveInt().min(1_000).default(10_000).describe('How often ecommerce.active_users is emitted'),
  RUM_INTAKE_SITE: z
    .string()
    .regex(/^[a-z0-9.-]+$/, 'a Datadog site such as datadoghq.com or datadoghq.eu')
    .optional()
    .describe('Datadog site to forward browser RUM and logs to; unset: recorded locally at GET /api/rum/events'),
});

export type Config = z.infer<typeof configSchema>;

export function serviceUrl(config: Config, name: ServiceName): string {
  return config[`${name.toUpperCase() as Uppercase<ServiceName>}_SERVICE_URL`];
}
