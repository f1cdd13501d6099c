/**
 * A small saga runner: runs steps in order, recording each one durably before and after it runs (the
 * journal), and on a failure says which compensations are owed, in reverse order, for every step that
 * started (its effect may have happened even if its answer was lost), unless the failing step itself
 * says it left nothing behind (a reservation refused for lack of stock, a declined card).
 */
import type { CompensationKind } from '../../model/checkout';

export interface SagaStep<C> {
  /** Journal name; also how logs and the sweeper refer to the step. */
  name: string;
  run(context: C): Promise<void>;
  /** What undoes this step once it has started. */
  compensation?: CompensationKind;
  /** True when `error` proves the step changed nothing (so its compensation is not owed). */
  leftNothingBehind?(error: unknown): boolean;
}

export interface SagaJournal {
  started(orderId: string, step: string): Promise<void>;
  done(orderId: string, step: string): Promise<void>;
  failed(orderId: string, step: string): Promise<void>;
}

export type SagaOutcome = { ok: true } | { ok: false; step: string; error: unknown; compensations: CompensationKind[] };

export async function runSaga<C>(orderId: string, steps: Array<SagaStep<C>>, context: C, journal: SagaJournal): Promise<SagaOutcome> {
  const started: Array<SagaStep<C>> = [];
  for (const step of steps) {
    await journal.started(orderId, step.name);
    started.push(step);
    try {
      await step.run(context);
    } catch (error) {
      // Recording the failure is for people reading the journal; the compensations do not depend on it.
      await journal.failed(orderId, step.name).catch(() => undefined);
      const owed = started.filter((candidate) => candidate.compensation && !(candidate === step && candidate.leftNothingBehind?.(error)));
      return { ok: false, step: step.name, error, compensations: compensationsFor(owed.map((candidate) => candidate.name), steps) };
    }
    await journal.done(orderId, step.name);
  }
  return { ok: true };
}

/** The compensations owed for these started steps, latest first, each kind once. */
export function compensationsFor<C>(startedSteps: string[], steps: Array<SagaStep<C>>): CompensationKind[] {
  const kinds: CompensationKind[] = [];
  for (const step of [...steps].reverse()) {
    if (step.compensation && startedSteps.includes(step.name) && !kinds.includes(step.compensation)) kinds.push(step.compensation);
  }
  return kinds;
}
