import type { Logger, Metrics } from '@shopfast/service-kit';
import type { InventoryClient } from '../../clients/inventory-client';
import type { PaymentClient } from '../../clients/payment-client';
import type { CheckoutResult, CompensationKind } from '../../model/checkout';
import type { CompensationTask, OrderStore } from '../../store/order-store';

export interface CompensatorDeps {
  store: OrderStore;
  payments: PaymentClient;
  inventory: InventoryClient;
  metrics: Metrics;
  logger: Logger;
  /** Longest wait between two attempts of one compensation (the wait doubles from 1 s up to this). */
  maxBackoffSeconds: number;
}

/** How long a claimed compensation is left to its claimant before another pass may take it over. */
const LEASE_SECONDS = 60;

/**
 * Executes the undo work failed checkouts owe (the `compensations` table) until each succeeds:
 * refunds through the payment ledger, stock back through inventory's cancel. Every compensation is
 * idempotent, so a retry after a lost answer, a crash or a second instance never refunds or restocks
 * twice. When an order owes nothing more, its status and stored answer say where the money is.
 */
export function createCompensator({ store, payments, inventory, metrics, logger, maxBackoffSeconds }: CompensatorDeps) {
  const execute: Record<CompensationKind, (orderId: string) => Promise<unknown>> = {
    async refund_charges(orderId) {
      // First make the ledger final: payment waits for a charge still at the bank, or closes the payment so
      // none can land later. Reading the ledger without this could miss a charge in flight and say
      // "nothing was charged" about money that arrives a second later.
      await payments.close(orderId);
      // Then the ledger decides: every approved charge of the order is refunded, a refunded one counts as done.
      const charges = (await payments.chargesFor(orderId)).filter((charge) => charge.status === 'approved');
      for (const charge of charges.filter((candidate) => !candidate.refunded)) await payments.refund(charge.chargeId);
      return { refundedChargeIds: charges.map((charge) => charge.chargeId) };
    },
    async cancel_reservation(orderId) {
      await inventory.cancel(orderId);
      return { cancelled: true };
    },
  };

  async function run(task: CompensationTask): Promise<boolean> {
    try {
      const outcome = await execute[task.kind](task.orderId);
      await store.compensationDone(task.id, outcome);
      metrics.increment('ecommerce.checkout.compensations', 1, { kind: task.kind, outcome: 'done' });
      logger.info({ orderId: task.orderId, compensation: task.kind, attempts: task.attempts, outcome }, 'compensation done');
      return true;
    } catch (error) {
      const retryIn = Math.min(maxBackoffSeconds, 2 ** Math.min(task.attempts - 1, 20));
      await store.compensationFailed(task.id, error instanceof Error ? error.message : String(error), retryIn);
      metrics.increment('ecommerce.checkout.compensations', 1, { kind: task.kind, outcome: 'retry' });
      logger.warn({ err: error, orderId: task.orderId, compensation: task.kind, attempts: task.attempts, retryInSeconds: retryIn }, 'compensation failed; it will be retried');
      return false;
    }
  }

  return {
    /**
     * Runs what is due (for one order, or any, a batch at a time). Returns, per order touched, its final
     * answer once it owes nothing more (undefined while work is still owed).
     */
    async settle(options: { orderId?: string; limit?: number } = {}): Promise<Map<string, CheckoutResult | undefined>> {
      const tasks = await store.claimCompensations({ orderId: options.orderId, limit: options.limit ?? 20, leaseSeconds: LEASE_SECONDS });
      const touched = new Map<string, CheckoutResult | undefined>();
      // Within an order, in the order they were stored (latest step first); orders one after the other.
      for (const task of tasks) await run(task);
      for (const orderId of new Set(tasks.map((task) => task.orderId))) {
        touched.set(orderId, (await store.finalizeCompensated(orderId)) ?? undefined);
      }
      return touched;
    },
  };
}

export type Compensator = ReturnType<typeof createCompensator>;
