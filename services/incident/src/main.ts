import '@shopfast/tracing/register';
import { createServiceRuntime, databasePassword, loadConfigOrExit, readSecretFile, runService } from '@shopfast/service-kit';
import { createPostgresPool, migratePostgres } from '@shopfast/stores';
import { createPagerDutyClient } from './clients/pagerduty-client';
import { createScaler } from './clients/scalers/create-scaler';
import { createSlackClient } from './clients/slack-client';
import { configSchema } from './config';
import { migrations } from './store/migrations';
import { wireIncident } from './wire';

runService('incident', async () => {
  const config = loadConfigOrExit('incident', configSchema);
  const { logger, metrics, callers, serve } = createServiceRuntime(config);
  // Read once, before anything listens: a missing, weak or world-readable file stops start-up with a message.
  const webhookSecret = readSecretFile(config.WEBHOOK_SECRET_FILE, { name: 'the Datadog webhook secret (WEBHOOK_SECRET_FILE)', minLength: 32 });
  const pool = createPostgresPool(config.DATABASE_URL, config.DD_SERVICE, { password: databasePassword(config.DATABASE_PASSWORD_FILE), metrics });
  const applied = await migratePostgres(pool, migrations);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');

  const timeoutMs = config.CHANNEL_TIMEOUT_MS;
  const pagerduty = createPagerDutyClient({ eventsUrl: config.PAGERDUTY_EVENTS_URL, routingKey: config.PAGERDUTY_ROUTING_KEY, timeoutMs });
  const slack = createSlackClient({
    webhooks: { critical: config.SLACK_WEBHOOK_URL_CRITICAL, performance: config.SLACK_WEBHOOK_URL_PERFORMANCE, business: config.SLACK_WEBHOOK_URL_BUSINESS },
    timeoutMs,
  });
  const scaler = createScaler(config, logger);
  logger.info(
    { scaler: scaler.name, pagerduty: Boolean(config.PAGERDUTY_ROUTING_KEY), slackTiers: Object.entries({ critical: config.SLACK_WEBHOOK_URL_CRITICAL, performance: config.SLACK_WEBHOOK_URL_PERFORMANCE, business: config.SLACK_WEBHOOK_URL_BUSINESS }).filter(([, url]) => url).map(([tier]) => tier) },
    'incident channels',
  );

  const { app, jobs } = wireIncident({ config, logger, metrics, callers, pool, webhookSecret, pagerduty, slack, scaler });
  await jobs.start();
  await serve(app, [
    { name: 'background jobs', close: () => jobs.stop() },
    { name: 'postgres', close: () => pool.end() },
  ]);
});
