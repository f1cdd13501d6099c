import { randomUUID } from 'node:crypto';
import type { Shipment } from '@shopfast/contracts';
import { notFound, type Logger, type Metrics } from '@shopfast/service-kit';
import { deterministicEventId, extractTraceContext, EVENT_TYPES, injectTraceContext, type EventPublisher, type OrderPlacedData, type ShipmentUpdatedData } from '@shopfast/events';
import { tracer } from '@shopfast/tracing';
import { TrackingNumberTakenError, type ShipmentRecord, type ShipmentStore, type ShipmentTransaction } from '../store/shipment-store';
import { carrierFor, newTrackingNumber, nextStatus } from './shipment-lifecycle';

export interface ShipmentsDeps {
  store: ShipmentStore;
  publisher: EventPublisher;
  /** Stream `shipment.updated` goes to (STREAMS.shipments; tests use their own). */
  shipmentsStream: string;
  /** Time spent in each status before the next one. */
  stepDelayMs: number;
  metrics: Metrics;
  logger: Logger;
  now?: () => Date;
}

const DUE_BATCH = 50;

export function createShipments({ store, publisher, shipmentsStream, stepDelayMs, metrics, logger, now = () => new Date() }: ShipmentsDeps) {
  const later = (from: Date) => new Date(from.getTime() + stepDelayMs);

  /**
   * Published inside the transaction that made the change, before COMMIT: if the publish fails the
   * change rolls back and is retried; if COMMIT fails after the publish, the retry publishes the same
   * deterministic event id again and consumers (deduplicating by id) act once.
   */
  async function publishUpdate(shipment: ShipmentRecord): Promise<void> {
    const data: ShipmentUpdatedData = {
      orderId: shipment.orderId,
      userId: shipment.userId,
      email: shipment.email,
      status: shipment.status,
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
    };
    await publisher.publish(shipmentsStream, EVENT_TYPES.shipmentUpdated, data, { id: deterministicEventId(EVENT_TYPES.shipmentUpdated, shipment.orderId, shipment.status) });
  }

  async function insertWithFreshTrackingNumber(tx: ShipmentTransaction, order: OrderPlacedData, createdAt: Date): Promise<ShipmentRecord | null> {
    const activeSpan = tracer.scope().active();
    return tx.insertShipment({
      id: randomUUID(),
      orderId: order.orderId,
      userId: order.userId,
      email: order.email,
      method: order.shippingMethod,
      carrier: carrierFor(order.shippingMethod),
      trackingNumber: newTrackingNumber(),
      status: 'label_created',
      nextTransitionAt: later(createdAt),
      originTrace: activeSpan ? injectTraceContext(activeSpan) : {},
    });
  }

  return {
    /** Handles order.placed: one shipment per order, whatever the number of deliveries. */
    async createForOrder(order: OrderPlacedData): Promise<{ created: boolean }> {
      for (let attempt = 1; ; attempt++) {
        try {
          const createdAt = now();
          const shipment = await store.transaction(async (tx) => {
            const inserted = await insertWithFreshTrackingNumber(tx, order, createdAt);
            if (!inserted) return null;
            await tx.addHistory(inserted.id, 'label_created', createdAt);
            await publishUpdate(inserted);
            return inserted;
          });
          if (!shipment) {
            logger.info({ orderId: order.orderId }, 'order already has a shipment; nothing to do');
            return { created: false };
          }
          metrics.increment('ecommerce.shipments.created', 1, { method: shipment.method, carrier: shipment.carrier });
          metrics.increment('ecommerce.shipments.status_changed', 1, { status: shipment.status });
          logger.info({ orderId: order.orderId, carrier: shipment.carrier, trackingNumber: shipment.trackingNumber }, 'shipment created');
          return { created: true };
        } catch (error) {
          if (!(error instanceof TrackingNumberTakenError) || attempt >= 3) throw error;
        }
      }
    },

    /** Moves every due shipment one step on. Returns how many this instance advanced. */
    async advanceDue(): Promise<number> {
      const due = await store.findDue(now(), DUE_BATCH);
      let advanced = 0;
      for (const shipment of due) if (await advanceOne(shipment)) advanced++;
      return advanced;
    },

    async get(orderId: string): Promise<Shipment> {
      const found = await store.findByOrderId(orderId);
      if (!found) throw notFound('No shipment for this order', 'shipment_not_found');
      const { shipment, history } = found;
      return {
        orderId: shipment.orderId,
        carrier: shipment.carrier,
        trackingNumber: shipment.trackingNumber,
        status: shipment.status,
        history: history.map((entry) => ({ status: entry.status, at: entry.at.toISOString() })),
      };
    },
  };

  /**
   * One step for one shipment, as its own trace (`childOf: null`: the poll that found it is
   * housekeeping) with a span link to the order's trace, so the shipment's life can be followed
   * from the checkout without one trace lasting for days.
   */
  function advanceOne(shipment: ShipmentRecord): Promise<boolean> {
    const to = nextStatus(shipment.status);
    if (!to) return Promise.resolve(false);
    const tags = { 'shipment.status_from': shipment.status, 'shipment.status_to': to, 'shipment.carrier': shipment.carrier, 'order.id': shipment.orderId };
    return tracer.trace('shipping.advance_shipment', { childOf: null, resource: to, tags }, async (span) => {
      const origin = extractTraceContext(shipment.originTrace);
      if (origin) span?.addLink({ context: origin });
      const at = now();
      const moved = await store.transaction(async (tx) => {
        const updated = await tx.advance(shipment.id, shipment.status, to, to === 'delivered' ? null : later(at));
        if (!updated) return null;
        await tx.addHistory(updated.id, to, at);
        await publishUpdate(updated);
        return updated;
      });
      // False when another instance advanced it first.
      span?.setTag('shipment.advanced', Boolean(moved));
      if (!moved) return false;
      metrics.increment('ecommerce.shipments.status_changed', 1, { status: to });
      logger.info({ orderId: shipment.orderId, status: to }, 'shipment status changed');
      return true;
    });
  }
}

export type Shipments = ReturnType<typeof createShipments>;
