import { traced } from '@shopfast/tracing';
import type { InventoryClient } from '../../../clients/inventory-client';
import type { CheckoutContext } from '../checkout-context';
import { OutOfStockError } from '../checkout-errors';
import type { SagaStep } from '../saga';

/**
 * Step 3: hold every item's units (all or nothing; the order id is the reservation id, so a retried call
 * is idempotent). Compensation: cancel the reservation, which releases held units and restocks committed
 * ones. A refusal for lack of stock holds nothing.
 */
export function reserveStockStep(deps: { inventory: InventoryClient; reservationTtlSeconds: number }): SagaStep<CheckoutContext> {
  return {
    name: 'reserve_stock',
    compensation: 'cancel_reservation',
    leftNothingBehind: (error) => error instanceof OutOfStockError,
    run: (context) =>
      traced('checkout.reserve_inventory', {}, async (span) => {
        const { items } = context.priced;
        span.setTag('inventory.items_requested', items.length);
        const reservation = await deps.inventory.reserve({
          reservationId: context.orderId,
          orderId: context.orderId,
          items: items.map((item) => ({ sku: item.sku, quantity: item.quantity })),
          ttlSeconds: deps.reservationTtlSeconds,
        });
        if (!reservation.ok) {
          const named = reservation.shortItems.map((short) => {
            const item = items.find((candidate) => candidate.sku === short.sku);
            return { ...short, productId: item?.productId, name: item?.name };
          });
          throw new OutOfStockError(named);
        }
      }),
  };
}
