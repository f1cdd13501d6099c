import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultFlags } from '@shopfast/feature-flags';
import { AppError, type Metrics } from '@shopfast/service-kit';
import { tracer } from '@shopfast/tracing';

export type DeclineReason = 'card_declined' | 'insufficient_funds' | 'fraud_suspected';
export type Decision = { approved: true } | { approved: false; reason: DeclineReason };

export interface ProcessorSettings {
  /** Typical bank latency; each call varies by ±25% so dashboards show a realistic spread. */
  bankLatencyMs: number;
  /** Charges above this amount are declined as fraud_suspected. */
  fraudAmountLimit: number;
}

/** Test cards with a fixed bank answer (the same numbers as the big processors' sandboxes). */
const BANK_ANSWERS: Record<string, DeclineReason> = {
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
};

/**
 * How long the payment service waits for the bank before it gives up on a charge (504 bank_timeout).
 * Below the order service's 8 s per attempt, so the order hears our answer rather than its own timeout;
 * a bank slower than this (the paymentLatency fault above ~3.8 s, or bankTimeout) ends as a timeout.
 */
export const BANK_TIMEOUT_MS = 4_000;

/**
 * Where a charge falls in [0, 1), from its idempotency key: the paymentFailure fault fails the charges
 * below its rate. Tied to the key, not drawn per call, so the order service's retries of one charge get
 * the same answer and the share of failed charges is the rate itself (not rate³ after two retries).
 */
export function chargeShare(chargeKey: string): number {
  return createHash('sha256').update(chargeKey).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * The simulated processor: a fraud check, then the bank authorization. Each step is a custom span.
 * The card number is used in memory only: never a tag, a log field or an error message.
 *
 * Faults (infra/flags/shopfast.flagd.json), read per charge while it runs so the request's span carries
 * them: paymentLatency adds to the bank's latency, bankTimeout makes the bank never answer, and
 * paymentFailure makes that share of charges fail at the processor (502 card_processor_error). A failed
 * or timed-out charge throws: the idempotency-locked transaction records nothing, so no money moves.
 * Without `faults` (unit tests) every fault is off.
 */
export function createCardProcessor(settings: ProcessorSettings, metrics: Metrics, faults?: FaultFlags) {
  /** Deterministic score from 0 to 1 that grows with the amount; above the limit it is a decline. */
  function fraudScore(amount: number): number {
    if (amount > settings.fraudAmountLimit) return 0.95;
    return Math.round((amount / settings.fraudAmountLimit) * 0.5 * 100) / 100;
  }

  /**
   * One bank authorization's end: its time (a distribution, for the latency) and one count of its result (a
   * counter, so shares of results add up as counts over any window: the bank timeouts monitor divides them).
   */
  function recordAuthorization(result: 'approved' | 'declined' | 'error' | 'timeout', started: number): void {
    metrics.distribution('ecommerce.payment.bank_latency', Math.round(performance.now() - started), { result });
    metrics.increment('ecommerce.payment.bank_authorizations', 1, { result });
  }

  return {
    /** `chargeKey` is the charge's idempotency key (which charges paymentFailure fails). */
    async authorize(input: { cardNumber: string; amount: number; chargeKey?: string }): Promise<Decision> {
      const score = await tracer.trace('payment.fraud_check', { resource: 'fraud_check' }, async (span) => {
        const value = fraudScore(input.amount);
        span?.setTag('payment.fraud_score', value);
        return value;
      });
      if (score >= 0.9) return { approved: false, reason: 'fraud_suspected' };

      return tracer.trace('payment.bank_authorization', { resource: 'bank_authorization' }, async (span) => {
        const [extraLatency, bankHangs, failureRate] = faults
          ? await Promise.all([faults.number('paymentLatency'), faults.enabled('bankTimeout'), faults.number('paymentFailure')])
          : [0, false, 0];
        const latency = Math.round(settings.bankLatencyMs * (0.75 + Math.random() * 0.5)) + Math.max(0, extraLatency);
        const started = performance.now();
        if (bankHangs || latency > BANK_TIMEOUT_MS) {
          await sleep(BANK_TIMEOUT_MS);
          recordAuthorization('timeout', started);
          span?.setTag('payment.bank_result', 'timeout');
          throw new AppError('bank_timeout', 'The bank did not answer in time; nothing was charged', 504);
        }
        await sleep(latency);
        if (failureRate > 0 && (input.chargeKey ? chargeShare(input.chargeKey) : Math.random()) < failureRate) {
          recordAuthorization('error', started);
          span?.setTag('payment.bank_result', 'processor_error');
          throw new AppError('card_processor_error', 'The card processor failed to process the charge; nothing was charged', 502);
        }
        const reason = BANK_ANSWERS[input.cardNumber];
        const decision: Decision = reason ? { approved: false, reason } : { approved: true };
        recordAuthorization(decision.approved ? 'approved' : 'declined', started);
        span?.setTag('payment.bank_result', decision.approved ? 'approved' : decision.reason);
        return decision;
      });
    },
  };
}

export type CardProcessor = ReturnType<typeof createCardProcessor>;
