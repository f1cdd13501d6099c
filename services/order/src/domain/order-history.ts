import type { Order } from '@shopfast/contracts';
import type { FaultFlags } from '@shopfast/feature-flags';
import type { Shipment, ShippingClient } from '../clients/shipping-client';
import type { OrderStore } from '../store/order-store';

/** An order as its customer reads it: with its shipment, `null` until one exists or while shipping is down. */
export type OrderWithShipment = Order & { shipment: Shipment | null };

/**
 * Order history: a customer sees their own orders and no one else's (another customer's order is
 * "not found", never "forbidden", so ids cannot be probed). Only a confirmed order can have a shipment,
 * so shipping is asked about those alone.
 */
export function createOrderHistory({ store, shipping, faults }: { store: OrderStore; shipping: ShippingClient; faults?: FaultFlags }) {
  return {
    /**
     * The customer's orders, newest first, a page at a time. The orderHistoryNPlusOne fault loads the
     * items with one query per order (same answer, slower).
     */
    async list(customerId: string, page: number, limit: number): Promise<{ items: Order[]; total: number }> {
      const itemsPerOrder = faults ? await faults.enabled('orderHistoryNPlusOne') : false;
      return store.listForUser(customerId, page, limit, { itemsPerOrder });
    },

    /** One of the customer's orders with its shipment; null when the customer has no order with this id. */
    async get(orderId: string, customerId: string): Promise<OrderWithShipment | null> {
      const order = await store.getForUser(orderId, customerId);
      if (!order) return null;
      const shipment = order.status === 'confirmed' ? await shipping.shipmentFor(order.id) : null;
      return { ...order, shipment };
    },
  };
}

export type OrderHistory = ReturnType<typeof createOrderHistory>;
