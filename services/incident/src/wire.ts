import { createServiceJobs, type CallerVerifier, type Logger, type Metrics } from '@shopfast/service-kit';
import { checkPostgres, type PgPool } from '@shopfast/stores';
import { createApp } from './app';
import type { PagerDutyClient } from './clients/pagerduty-client';
import type { Scaler } from './clients/scalers/scaler';
import type { SlackClient } from './clients/slack-client';
import { scalableServices, type Config } from './config';
import { actionLeaseMs, createActionRunner } from './domain/action-runner';
import { createIncidents } from './domain/incidents';
import { createActionWorker } from './jobs/action-worker.job';
import { createIncidentStore } from './store/incident-store';

/** The configuration the incident service is built from (main.ts passes its whole validated config). */
export type IncidentSettings = Pick<
  Config,
  'ACTIONS_POLL_MS' | 'ACTION_MAX_ATTEMPTS' | 'ACTION_RETRY_BASE_MS' | 'ACTION_RETRY_MAX_MS' | 'CHANNEL_TIMEOUT_MS' | 'SCALER' | 'SCALE_ALLOWED_SERVICES'
>;

export interface IncidentDeps {
  config: IncidentSettings;
  logger: Logger;
  metrics: Metrics;
  /** Verifies the service tokens of callers (runtime.callers): the gateway's. */
  callers: CallerVerifier;
  /** The incident database, migrated. */
  pool: PgPool;
  /** The webhook's shared secret, read once from WEBHOOK_SECRET_FILE. */
  webhookSecret: string;
  pagerduty: PagerDutyClient;
  slack: SlackClient;
  scaler: Scaler;
  /** The clock deliveries are received on; default the real one. */
  now?: () => Date;
}

/**
 * The incident service from its dependencies: the incidents (receiving deliveries, listing), the HTTP
 * app, and its background job (the action worker), not started.
 */
export function wireIncident({ config, logger, metrics, callers, pool, webhookSecret, pagerduty, slack, scaler, now }: IncidentDeps) {
  const store = createIncidentStore(pool);
  const runner = createActionRunner({
    store,
    pagerduty,
    slack,
    scaler,
    scalable: scalableServices(config),
    retry: { baseMs: config.ACTION_RETRY_BASE_MS, maxMs: config.ACTION_RETRY_MAX_MS, maxAttempts: config.ACTION_MAX_ATTEMPTS },
    leaseMs: actionLeaseMs(config.CHANNEL_TIMEOUT_MS),
    // An action that finished may let the next one of its incident run (a resolve behind its trigger).
    onSettled: () => worker.wake(),
    metrics,
    logger,
  });
  const worker = createActionWorker({ runner, logger, intervalMs: config.ACTIONS_POLL_MS });
  const incidents = createIncidents({ store, metrics, logger, onActionsQueued: () => worker.wake(), ...(now ? { now } : {}) });
  const jobs = createServiceJobs([{ name: 'incident action worker', start: worker.start, stop: worker.stop }], logger);

  // PagerDuty, Slack and the scaler are not readiness checks: while one is down, its actions wait and are retried.
  const app = createApp({ incidents, webhookSecret, logger, metrics, callers, readiness: { postgres: () => checkPostgres(pool) } });
  return { app, jobs, incidents, runner, worker, store };
}

export type IncidentService = ReturnType<typeof wireIncident>;
