import { z } from 'zod';
import { baseConfigSchema, httpUrl, positiveInt, urlWithProtocol } from '@shopfast/service-kit';

export const SERVICE_NAMES = ['user', 'product', 'cart', 'order', 'payment', 'inventory', 'shipping', 'notification'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const serviceUrls = Object.fromEntries(
  SERVICE_NAMES.map((name) => [`${name.toUpperCase()}_SERVICE_URL`, httpUrl().describe(`Base URL of the ${name} service`)]),
) as Record<`${Uppercase<ServiceName>}_SERVICE_URL`, ReturnType<typeof httpUrl>>;

export const configSchema = baseConfigSchema.extend({
  ...serviceUrls,
  REDIS_URL: urlWithProtocol('redis:').describe('Redis for rate-limit counters'),
  UPSTREAM_TIMEOUT_MS: positiveInt().max(60_000).default(5_000).describe('Per-attempt timeout for calls to services'),
  BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/, 'like 100kb or 1mb').default('100kb').describe('Largest JSON body accepted (413 above)'),
});

export type Config = z.infer<typeof configSchema>;

export function serviceUrl(config: Config, name: ServiceName): string {
  return config[`${name.toUpperCase() as Uppercase<ServiceName>}_SERVICE_URL`];
}
