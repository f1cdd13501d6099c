import type { PgPool } from '@shopfast/stores';
import type { NotificationKind } from '@shopfast/contracts';

export interface NotificationRecord {
  id: string;
  eventId: string;
  orderId: string;
  kind: NotificationKind;
  recipient: string;
  subject: string;
  sentAt: Date;
  messageId: string | null;
}

interface NotificationRow {
  id: string;
  event_id: string;
  order_id: string;
  kind: NotificationKind;
  recipient: string;
  subject: string;
  sent_at: Date;
  message_id: string | null;
}

const toRecord = (row: NotificationRow): NotificationRecord => ({
  id: row.id,
  eventId: row.event_id,
  orderId: row.order_id,
  kind: row.kind,
  recipient: row.recipient,
  subject: row.subject,
  sentAt: row.sent_at,
  messageId: row.message_id,
});

/** Sent e-mails in PostgreSQL: the record consumers check before sending, and what support looks up. */
export function createNotificationStore(pool: PgPool) {
  return {
    async alreadySent(eventId: string, orderId: string, kind: NotificationKind): Promise<boolean> {
      const { rows } = await pool.query('SELECT 1 FROM notifications WHERE event_id = $1 OR (order_id = $2 AND kind = $3) LIMIT 1', [eventId, orderId, kind]);
      return rows.length > 0;
    },

    /** False when a row for this event or this order and kind exists already (a concurrent duplicate). */
    async record(notification: Omit<NotificationRecord, 'sentAt'>): Promise<boolean> {
      const { rowCount } = await pool.query(
        `INSERT INTO notifications (id, event_id, order_id, kind, recipient, subject, message_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [notification.id, notification.eventId, notification.orderId, notification.kind, notification.recipient, notification.subject, notification.messageId],
      );
      return rowCount === 1;
    },

    async listForOrder(orderId: string): Promise<NotificationRecord[]> {
      const { rows } = await pool.query<NotificationRow>('SELECT * FROM notifications WHERE order_id = $1 ORDER BY sent_at, kind', [orderId]);
      return rows.map(toRecord);
    },
  };
}

export type NotificationStore = ReturnType<typeof createNotificationStore>;
