import '@shopfast/tracing/register';
import { createServiceRuntime, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { checkPostgres, createPostgresPool } from '@shopfast/stores';
import { createApp } from './app';
import { configSchema } from './config';

runService('payment', async () => {
  const config = loadConfigOrExit('payment', configSchema);
  const { logger, metrics, serve } = createServiceRuntime(config);
  const pool = createPostgresPool(config.DATABASE_URL, config.DD_SERVICE);
  const app = createApp({ logger, metrics, readiness: { postgres: () => checkPostgres(pool) } });
  await serve(app, [{ name: 'postgres', close: () => pool.end() }]);
});
