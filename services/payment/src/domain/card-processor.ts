import type { Metrics } from '@shopfast/service-kit';
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The simulated processor: a fraud check, then the bank authorization. Each step is a custom span.
 * The card number is used in memory only: never a tag, a log field or an error message.
 */
export function createCardProcessor(settings: ProcessorSettings, metrics: Metrics) {
  /** Deterministic score from 0 to 1 that grows with the amount; above the limit it is a decline. */
  function fraudScore(amount: number): number {
    if (amount > settings.fraudAmountLimit) return 0.95;
    return Math.round((amount / settings.fraudAmountLimit) * 0.5 * 100) / 100;
  }

  return {
    async authorize(input: { cardNumber: string; amount: number }): Promise<Decision> {
      const score = await tracer.trace('payment.fraud_check', { resource: 'fraud_check' }, async (span) => {
        const value = fraudScore(input.amount);
        span?.setTag('payment.fraud_score', value);
        return value;
      });
      if (score >= 0.9) return { approved: false, reason: 'fraud_suspected' };

      return tracer.trace('payment.bank_authorization', { resource: 'bank_authorization' }, async (span) => {
        const latency = Math.round(settings.bankLatencyMs * (0.75 + Math.random() * 0.5));
        const started = performance.now();
        await sleep(latency);
        const reason = BANK_ANSWERS[input.cardNumber];
        const decision: Decision = reason ? { approved: false, reason } : { approved: true };
        metrics.distribution('ecommerce.payment.bank_latency', Math.round(performance.now() - started), {
          result: decision.approved ? 'approved' : 'declined',
        });
        span?.setTag('payment.bank_result', decision.approved ? 'approved' : decision.reason);
        return decision;
      });
    },
  };
}

export type CardProcessor = ReturnType<typeof createCardProcessor>;
