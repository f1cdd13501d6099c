import type { IncidentActionKind } from '@shopfast/contracts';
import type { Logger, Metrics } from '@shopfast/service-kit';
import { traced, tracer } from '@shopfast/tracing';
import type { PagerDutyClient } from '../clients/pagerduty-client';
import type { Scaler } from '../clients/scalers/scaler';
import type { SlackClient } from '../clients/slack-client';
import { ChannelError, type ActionTask, type ChannelOutcome } from '../model/incident';
import type { IncidentStore } from '../store/incident-store';
import { afterFailure, type RetryPolicy } from './retry-policy';

export interface ActionRunnerDeps {
  store: IncidentStore;
  pagerduty: PagerDutyClient;
  slack: SlackClient;
  scaler: Scaler;
  /** SCALE_ALLOWED_SERVICES: what an alert's `service:` tag may scale. */
  scalable: ReadonlySet<string>;
  retry: RetryPolicy;
  /** How long a claimed action is this instance's (actionLeaseMs of CHANNEL_TIMEOUT_MS). */
  leaseMs: number;
  /** Most actions running at once in this instance; default 20. */
  maxInFlight?: number;
  /** Called whenever an action finished (the worker looks for the next one at once: a resolve waiting behind its trigger). */
  onSettled?: () => void;
  metrics: Metrics;
  logger: Logger;
}

const MAX_IN_FLIGHT = 20;

/**
 * The lease of a claimed action, from CHANNEL_TIMEOUT_MS: the longest action is two channel calls (a
 * scale-up reads then writes the replicas), each bounded by that timeout; three of them and 30 s leave room
 * for the database writes around them. An action runs as soon as it is claimed, so it always ends within
 * its lease, and a lease that did run out is noticed before the channel is called (renewLease).
 */
export const actionLeaseMs = (channelTimeoutMs: number) => 3 * channelTimeoutMs + 30_000;

type Outcome = 'done' | 'retry' | 'skipped' | 'failed';

/** The stored trace context of the delivery, or null (then the action starts a trace of its own). */
function parentOf(trace: Record<string, string>) {
  if (Object.keys(trace).length === 0) return null;
  try {
    return tracer.extract('text_map', trace);
  } catch {
    return null;
  }
}

/**
 * Carries out the actions deliveries queued (the `incident_actions` outbox): each due action is claimed,
 * run against its channel and recorded as done, skipped (channel not configured), retried with backoff
 * (the channel is down or slow) or failed (refused for good, or out of attempts).
 *
 * Claimed actions run concurrently, each as soon as it is claimed, and a pass does not wait for them: a
 * PagerDuty that hangs until its timeout delays no Slack post of another incident. One claim never holds
 * two actions of one incident on one channel (the store's claim), so their order is kept. Safe with several
 * instances: a claimed action is leased to one, which checks it still holds it before calling the channel
 * and records the outcome only if it does.
 */
export function createActionRunner({ store, pagerduty, slack, scaler, scalable, retry, leaseMs, maxInFlight = MAX_IN_FLIGHT, onSettled, metrics, logger }: ActionRunnerDeps) {
  const inFlight = new Set<Promise<void>>();

  async function scaleUp(task: ActionTask): Promise<ChannelOutcome> {
    // A retry claimed after the recovery (the recovery cancels only scale-ups that were not running).
    if (task.incident.status === 'resolved') return { status: 'skipped', reason: 'the alert recovered before the scale-up was made' };
    const service = task.incident.service;
    if (!service) return { status: 'skipped', reason: 'the alert names no service (monitor tag service:<name>)' };
    if (!scalable.has(service)) return { status: 'skipped', reason: `${service} is not in SCALE_ALLOWED_SERVICES` };
    const result = await scaler.scaleUp(service);
    metrics.increment('ecommerce.incident.scale_requests', 1, { scaler: result.scaler, scaled_service: service, result: result.result });
    return { status: 'done', detail: { ...result } };
  }

  const execute: Record<IncidentActionKind, (task: ActionTask) => Promise<ChannelOutcome>> = {
    pagerduty_trigger: (task) => pagerduty.trigger(task.notice),
    pagerduty_resolve: (task) => pagerduty.resolve(task.notice),
    slack: (task) => slack.post(task.notice, task.notice.transition === 'Recovered' ? 'resolved' : 'triggered'),
    scale_up: scaleUp,
  };

  /** Logs an outcome this claim could not record: the action was taken over (lease ran out) or cancelled meanwhile. */
  const unrecorded = (recorded: boolean, context: Record<string, unknown>, outcome: Outcome) => {
    if (!recorded) logger.warn({ ...context, outcome }, 'incident action outcome not recorded: the action was taken over or cancelled meanwhile');
  };

  async function settle(task: ActionTask): Promise<Outcome> {
    const context = { incidentId: task.incident.id, action: task.kind, attempts: task.attempts };
    try {
      const outcome = await execute[task.kind](task);
      if (outcome.status === 'skipped') {
        unrecorded(await store.actionSkipped(task, outcome.reason), context, 'skipped');
        logger.info({ ...context, reason: outcome.reason }, 'incident action skipped');
        return 'skipped';
      }
      unrecorded(await store.actionDone(task, outcome.detail), context, 'done');
      logger.info({ ...context, outcome: outcome.detail }, 'incident action done');
      return 'done';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const next = afterFailure(retry, task.attempts, error instanceof ChannelError ? error.retryable : true);
      if (next.retry) {
        unrecorded(await store.actionRetry(task, message, next.delayMs), context, 'retry');
        logger.warn({ ...context, err: error, retryInMs: next.delayMs }, 'incident action failed; it will be retried');
        return 'retry';
      }
      unrecorded(await store.actionFailed(task, message), context, 'failed');
      logger.error({ ...context, err: error }, 'incident action failed for good');
      return 'failed';
    }
  }

  /** One action, as a span in the trace of the delivery that queued it. */
  function run(task: ActionTask): Promise<Outcome> {
    const tags = {
      'incident.id': task.incident.id,
      'incident.tier': task.incident.tier,
      'incident.transition': task.notice.transition,
      'incident.action': task.kind,
      'incident.action_attempt': task.attempts,
    };
    return traced('incident.action', { childOf: parentOf(task.trace), resource: task.kind, tags }, async (span) => {
      const outcome = await settle(task);
      span.setTag('incident.action_outcome', outcome);
      metrics.increment('ecommerce.incident.actions', 1, { action: task.kind, outcome });
      return outcome;
    });
  }

  /** A claimed action, from the lease check to its recorded outcome; never rejects. */
  async function carryOut(task: ActionTask): Promise<void> {
    try {
      if (!(await store.renewLease(task, leaseMs))) {
        logger.warn({ incidentId: task.incident.id, action: task.kind, attempts: task.attempts }, 'incident action lease lost before its call; another claim runs it');
        return;
      }
      await run(task);
    } catch (error) {
      // The database failed around the call: the lease runs out and the action is claimed again.
      logger.error({ err: error, incidentId: task.incident.id, action: task.kind }, 'incident action could not be run or recorded; it will be claimed again');
    }
  }

  return {
    /**
     * Claims the actions due now, as many as there is room for, and starts them (it does not wait for
     * them). `more`: the claim was full, more may be due.
     */
    async runDue(): Promise<{ claimed: number; more: boolean }> {
      const room = maxInFlight - inFlight.size;
      const tasks = room > 0 ? await store.claimDueActions({ limit: room, leaseMs }) : [];
      for (const task of tasks) {
        const running: Promise<void> = carryOut(task).finally(() => {
          inFlight.delete(running);
          onSettled?.();
        });
        inFlight.add(running);
      }
      metrics.gauge('ecommerce.incident.actions_pending', await store.pendingActionCount());
      return { claimed: tasks.length, more: room > 0 && tasks.length === room };
    },

    /** Resolves once no action is running (on shutdown, before the pool closes). */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

export type ActionRunner = ReturnType<typeof createActionRunner>;
