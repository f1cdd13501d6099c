import '@shopfast/tracing/register';
import { createServiceRuntime, databasePassword, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { checkPostgres, createPostgresPool, migratePostgres } from '@shopfast/stores';
import { createApp } from './app';
import { configSchema } from './config';
import { createAccounts } from './domain/accounts';
import { migrations } from './store/migrations';
import { createUserStore } from './store/user-store';

runService('user', async () => {
  const config = loadConfigOrExit('user', configSchema);
  const { logger, metrics, serve, callers, keys } = createServiceRuntime(config);
  const pool = createPostgresPool(config.DATABASE_URL, config.DD_SERVICE, { password: databasePassword(config.DATABASE_PASSWORD_FILE), metrics });
  const applied = await migratePostgres(pool, migrations);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');

  // The service's own key signs login tokens too: its public half is in every app's trusted keys already.
  const signingKey = keys.privateKey;
  const accounts = createAccounts({
    store: createUserStore(pool),
    tokens: { privateKey: signingKey, issuer: config.JWT_ISSUER, ttlSeconds: config.JWT_TTL_SECONDS },
    metrics,
  });
  const app = createApp({ accounts, logger, metrics, readiness: { postgres: () => checkPostgres(pool) }, callers, signingKey });
  await serve(app, [{ name: 'postgres', close: () => pool.end() }]);
});
