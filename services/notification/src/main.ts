import '@shopfast/tracing/register';
import { CONSUMER_POLL_COMMANDS } from '@shopfast/events';
import { createFaultFlags } from '@shopfast/feature-flags';
import { createServiceRuntime, databasePassword, loadConfigOrExit, runService } from '@shopfast/service-kit';
import { createPostgresPool, createRedis, migratePostgres } from '@shopfast/stores';
import { tracer } from '@shopfast/tracing';
import { createSmtpMailer } from './clients/smtp-mailer';
import { configSchema } from './config';
import { migrations } from './store/migrations';
import { wireNotification } from './wire';

// The consumers' blocking reads would otherwise be a root trace every second.
tracer.use('ioredis', { blocklist: CONSUMER_POLL_COMMANDS });

runService('notification', async () => {
  const config = loadConfigOrExit('notification', configSchema);
  const { logger, metrics, callers, serve } = createServiceRuntime(config);
  // Fault flags (docs/faults.md): every fault off until the gateway's admin API switches one on.
  const faults = createFaultFlags({ stateFile: config.FLAGS_FILE, service: config.DD_SERVICE, metrics, logger });
  const pool = createPostgresPool(config.DATABASE_URL, config.DD_SERVICE, { password: databasePassword(config.DATABASE_PASSWORD_FILE), metrics });
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);
  const applied = await migratePostgres(pool, migrations);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  const mailer = createSmtpMailer({ url: config.SMTP_URL, from: config.SMTP_FROM });

  const { app, jobs } = wireNotification({ config, faults, logger, metrics, callers, pool, redis, mailer });
  await faults.ready;
  await jobs.start();
  await serve(app, [
    { name: 'background jobs', close: () => jobs.stop() },
    { name: 'fault flags', close: () => faults.close() },
    { name: 'smtp', close: async () => mailer.close() },
    { name: 'postgres', close: () => pool.end() },
    { name: 'redis', close: () => redis.quit() },
  ]);
});
