import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultFlags } from '@shopfast/feature-flags';
import type { NotificationKind } from '@shopfast/contracts';
import type { Logger, Metrics } from '@shopfast/service-kit';
import type { OrderPlacedData, ReceivedEvent, ShipmentUpdatedData } from '@shopfast/events';
import { tracer } from '@shopfast/tracing';
import type { Mailer } from '../clients/smtp-mailer';
import type { NotificationStore } from '../store/notification-store';
import { orderConfirmation, shipmentUpdate } from './email-templates';

export interface NotifierDeps {
  store: NotificationStore;
  mailer: Mailer;
  metrics: Metrics;
  logger: Logger;
  /** The fault flags (emailSlow); every fault off without them. */
  faults?: FaultFlags;
}

export interface NotificationView {
  id: string;
  orderId: string;
  kind: NotificationKind;
  to: string;
  subject: string;
  sentAt: string;
}

export function createNotifier({ store, mailer, metrics, logger, faults }: NotifierDeps) {
  /**
   * At least once, rarely twice: skip what is recorded, send, then record. If SMTP fails nothing is
   * recorded and the error goes back to the consumer, which retries the event. If recording fails
   * after a successful send, the retry sends the e-mail a second time (preferred over never).
   */
  async function notify(event: ReceivedEvent, orderId: string, kind: NotificationKind, to: string, content: { subject: string; text: string }): Promise<void> {
    if (await store.alreadySent(event.id, orderId, kind)) {
      logger.info({ eventId: event.id, orderId, kind }, 'e-mail already sent for this event; skipping');
      return;
    }
    let messageId: string;
    try {
      // No recipient on the span: addresses are personal data. The kind is enough to find failures.
      // The emailSlow fault: a slow mail server, inside the send span so its duration shows it.
      messageId = await tracer.trace('notification.send_email', { resource: kind, tags: { 'notification.kind': kind, 'notification.channel': 'email' } }, async () => {
        const delayMs = faults ? await faults.number('emailSlow') : 0;
        if (delayMs > 0) await sleep(delayMs);
        return mailer.send({ to, subject: content.subject, text: content.text });
      });
    } catch (error) {
      metrics.increment('ecommerce.notifications.failed', 1, { kind });
      throw error;
    }
    await store.record({ id: randomUUID(), eventId: event.id, orderId, kind, recipient: to, subject: content.subject, messageId });
    metrics.increment('ecommerce.notifications.sent', 1, { kind, channel: 'email' });
    logger.info({ eventId: event.id, orderId, kind }, 'e-mail sent');
  }

  return {
    orderPlaced(event: ReceivedEvent<OrderPlacedData>): Promise<void> {
      const order = event.data;
      return notify(event, order.orderId, 'order_confirmation', order.email, orderConfirmation(order));
    },

    async shipmentUpdated(event: ReceivedEvent<ShipmentUpdatedData>): Promise<void> {
      const update = shipmentUpdate(event.data);
      if (!update) return;
      await notify(event, event.data.orderId, update.kind, event.data.email, update);
    },

    async listForOrder(orderId: string): Promise<NotificationView[]> {
      const records = await store.listForOrder(orderId);
      return records.map((record) => ({ id: record.id, orderId: record.orderId, kind: record.kind, to: record.recipient, subject: record.subject, sentAt: record.sentAt.toISOString() }));
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
