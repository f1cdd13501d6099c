import { traced } from '@shopfast/tracing';
import type { InventoryClient } from '../../../clients/inventory-client';
import type { CheckoutContext } from '../checkout-context';
import type { SagaStep } from '../saga';

/** Step 5: the held units leave stock for good. Compensation: cancel (puts committed units back on sale). */
export function commitStockStep(deps: { inventory: InventoryClient }): SagaStep<CheckoutContext> {
  return {
    name: 'commit_stock',
    compensation: 'cancel_reservation',
    run: (context) =>
      traced('checkout.update_inventory', {}, async (span) => {
        await deps.inventory.commit(context.orderId);
        span.setTag('inventory.items_updated', context.priced.items.length);
      }),
  };
}
