import { Router } from 'express';
import { notificationListQuery, type NotificationList } from '@shopfast/contracts';
import { requireCaller, validate } from '@shopfast/service-kit';
import type { Notifier } from '../domain/notifier';

/**
 * The list shows customers' e-mail addresses: it is for administrators, whose requests reach it only
 * through the gateway (which checked the admin token and says so in its service token).
 */
const administrator = requireCaller({ from: ['gateway'], admin: true });

export function notificationRoutes(notifier: Notifier): Router {
  const router = Router();

  router.get('/notifications', administrator, validate({ query: notificationListQuery }), async (req, res) => {
    const { orderId } = req.query as { orderId: string };
    const body: NotificationList = { items: await notifier.listForOrder(orderId) };
    res.json(body);
  });

  return router;
}
