import '@shopfast/tracing/register';
import { createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { checkElasticsearch, checkMongo, connectMongo, createElasticsearch } from '@shopfast/stores';
import { createApp } from './app';
import { configSchema } from './config';
import { createCatalog } from './domain/catalog';
import { createProductStore } from './store/product-store';
import { createSearchIndex } from './store/search-index';

runService('product', async () => {
  const config = loadConfigOrExit('product', configSchema);
  const { logger, metrics, serve } = createServiceRuntime(config);
  const mongo = await connectMongo(config.MONGODB_URL, config.DD_SERVICE, { metrics });
  const elasticsearch = createElasticsearch(config.ELASTICSEARCH_URL);
  const catalog = createCatalog({
    store: createProductStore(mongo),
    search: createSearchIndex(elasticsearch, config.SEARCH_INDEX),
    logger,
    metrics,
  });
  await catalog.seedIfEmpty(config.CATALOG_SEED_SIZE);
  await catalog.syncSearchIndex();

  const app = createApp({
    catalog,
    logger,
    metrics,
    readiness: { mongodb: () => checkMongo(mongo), elasticsearch: () => checkElasticsearch(elasticsearch) },
  });
  await serve(app, [
    { name: 'mongodb', close: () => mongo.client.close() },
    { name: 'elasticsearch', close: () => elasticsearch.close() },
  ]);
});
