import { z } from 'zod';
import { baseConfigSchema, booleanFlag, httpUrl, positiveInt, urlWithProtocol } from '@shopfast/service-kit';

export const configSchema = baseConfigSchema.extend({
  MONGODB_URL: urlWithProtocol('mongodb:').describe('Inventory database; the path names the database'),
  REDIS_URL: urlWithProtocol('redis:').describe('Redis Streams: stock.changed events for the catalog'),
  PRODUCT_SERVICE_URL: httpUrl().default('http://127.0.0.1:5102').describe('Product service, paged through once to seed stock for every SKU'),
  RESERVATION_TTL_SECONDS: positiveInt().max(86_400).default(900).describe('How long a reservation is held when the request gives no ttlSeconds'),
  RESERVATION_SWEEP_INTERVAL_MS: positiveInt().default(5_000).describe('How often held reservations past their expiry are released and stuck ones recovered'),
  STUCK_RESERVATION_AFTER_SECONDS: positiveInt()
    .min(30, 'must be >= 30 (longer than any live reservation step can take)')
    .max(86_400)
    .default(60)
    .describe('A reservation still pending, committing, releasing or restocking this long after its last step was left by a crash: the sweeper finishes or undoes it'),
  STOCK_SEED_RETRY_MS: positiveInt().default(2_000).describe('Pause between attempts to seed an empty stock collection from the product service'),
  STOCK_WRITE_LOCKS: booleanFlag()
    .default(true)
    .describe('Serialise stock writes per SKU with a lock document. Required on FerretDB, whose updates are not atomic; optional on MongoDB'),
});

export type Config = z.infer<typeof configSchema>;
