import { z } from 'zod';
import { baseConfigSchema, positiveInt, urlWithProtocol, httpUrl } from '@shopfast/service-kit';

export const configSchema = baseConfigSchema.extend({
  MONGODB_URL: urlWithProtocol('mongodb:').describe('Catalog database (source of truth); the path names the database'),
  ELASTICSEARCH_URL: httpUrl().describe('Elasticsearch 8 node for full-text search'),
  SEARCH_INDEX: z.string().regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, - and _ only').default('products').describe('Search index name'),
  CATALOG_SEED_SIZE: positiveInt().max(5_000).default(500).describe('Products generated into an empty catalog at start-up'),
});

export type Config = z.infer<typeof configSchema>;
