import { z } from 'zod';

/** One readiness check's outcome (service-kit's runReadinessChecks). */
export const readinessCheck = z
  .object({
    status: z.enum(['ok', 'error']),
    latencyMs: z.number().optional(),
    error: z.string().optional(),
  })
  .meta({ id: 'ReadinessCheck', description: "One service's /readyz outcome as the gateway saw it." });

export const healthReport = z
  .object({
    status: z.enum(['ok', 'degraded']),
    services: z.record(z.string(), readinessCheck),
  })
  .meta({ id: 'HealthReport', description: 'GET /api/health: 200 when every service is ready, 503 (same body) otherwise.' });
export type HealthReport = z.infer<typeof healthReport>;

/** A public signing key (RFC 7517); customer tokens are EdDSA over Ed25519 (decision 010). */
export const jsonWebKeySet = z
  .object({
    keys: z.array(
      z
        .object({
          kty: z.literal('OKP'),
          crv: z.literal('Ed25519'),
          x: z.string(),
          kid: z.string(),
          alg: z.literal('EdDSA').optional(),
          use: z.literal('sig').optional(),
        })
        .loose(),
    ),
  })
  .meta({ id: 'JsonWebKeySet', description: 'GET /.well-known/jwks.json: the public key customer tokens are signed with.' });
