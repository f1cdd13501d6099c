import { hostname } from 'node:os';
import { z } from 'zod';
import { baseConfigSchema, positiveInt, urlWithProtocol, httpUrl } from '@shopfast/service-kit';

export const configSchema = baseConfigSchema.extend({
  MONGODB_URL: urlWithProtocol('mongodb:').describe('Catalog database (source of truth); the path names the database'),
  ELASTICSEARCH_URL: httpUrl().describe('Elasticsearch 8 node for full-text search'),
  REDIS_URL: urlWithProtocol('redis:').describe('Redis: the catalog cache, and the stock.changed events of the inventory stream'),
  INVENTORY_SERVICE_URL: httpUrl().describe('Inventory service, paged through (GET /stock) to reconcile stock at start-up and periodically'),
  SEARCH_INDEX: z.string().regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, - and _ only').default('products').describe('Search index name'),
  CATALOG_SEED_SIZE: positiveInt().max(5_000).default(500).describe('Products generated into an empty catalog at start-up'),
  CACHE_PRODUCT_TTL_SECONDS: positiveInt().max(86_400).default(300).describe('How long a product document stays cached (changes invalidate it sooner)'),
  CACHE_QUERY_TTL_SECONDS: positiveInt().max(86_400).default(120).describe('How long a listing page or search answer stays cached (changes retire them sooner)'),
  STOCK_RECONCILE_INTERVAL_MS: positiveInt().min(1_000).default(60_000).describe('How often stock is compared with inventory, in case a stock.changed event was lost (also right after a Redis outage)'),
  EVENTS_CONSUMER_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (1-64)')
    .default(hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64) || 'product')
    .describe('This instance in the `product` consumer group of the inventory stream; keep it stable across restarts'),
});

export type Config = z.infer<typeof configSchema>;
