import { z } from 'zod';
import { orderId } from './common';

/** GET /notifications?orderId= (administrators, through the gateway). */
export const notificationListQuery = z.object({ orderId }).strict();

export const notificationKind = z.enum(['order_confirmation', 'shipment_in_transit', 'shipment_delivered']);
export type NotificationKind = z.infer<typeof notificationKind>;

export const notificationList = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        orderId: z.string(),
        kind: notificationKind,
        to: z.string(),
        subject: z.string(),
        sentAt: z.string().meta({ description: 'ISO 8601.' }),
      }),
    ),
  })
  .meta({ id: 'NotificationList', description: 'Internal GET /notifications?orderId=: the e-mails sent for an order (administrators).' });
export type NotificationList = z.infer<typeof notificationList>;
