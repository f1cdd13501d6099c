import { Client } from '@elastic/elasticsearch';

export type ElasticsearchClient = Client;

/** The official v8 client; it refuses servers that are not Elasticsearch 8 (product check). */
export function createElasticsearch(url: string): ElasticsearchClient {
  return new Client({ node: url, requestTimeout: 5_000, maxRetries: 1 });
}

/**
 * Readiness via cluster health: the integ-test distribution used locally does not serve `GET /`,
 * and yellow is enough on a single node.
 */
export async function checkElasticsearch(client: ElasticsearchClient): Promise<void> {
  const health = await client.cluster.health({ timeout: '1s' });
  if (health.status === 'red') throw new Error('cluster status is red');
}
