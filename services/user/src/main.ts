import '@shopfast/tracing/register';
import { createFaultFlags } from '@shopfast/feature-flags';
import { createServiceRuntime, databasePassword, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { createPostgresPool, migratePostgres } from '@shopfast/stores';
import { configSchema } from './config';
import { migrations } from './store/migrations';
import { wireUser } from './wire';

runService('user', async () => {
  const config = loadConfigOrExit('user', configSchema);
  const { logger, metrics, serve, callers, keys } = createServiceRuntime(config);
  // Fault flags (docs/faults.md): every fault off until the gateway's admin API switches one on.
  const faults = createFaultFlags({ stateFile: config.FLAGS_FILE, service: config.DD_SERVICE, metrics, logger });
  const pool = createPostgresPool(config.DATABASE_URL, config.DD_SERVICE, { password: databasePassword(config.DATABASE_PASSWORD_FILE), metrics });
  const applied = await migratePostgres(pool, migrations);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');

  // The service's own key signs login tokens too: its public half is in every app's trusted keys already.
  const { app, jobs } = wireUser({ config, faults, logger, metrics, callers, signingKey: keys.privateKey, pool });
  await faults.ready;
  await jobs.start();
  await serve(app, [
    { name: 'background jobs', close: () => jobs.stop() },
    { name: 'fault flags', close: () => faults.close() },
    { name: 'postgres', close: () => pool.end() },
  ]);
});
