import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { customerOf, forbidden, requireCaller } from '@shopfast/service-kit';

const customerId = z.uuid();

/**
 * Checkout and order history serve the gateway only (the shopper's own requests), always for a
 * customer, who is the verified token's `sub` and nothing else. A trusted caller naming something that
 * is not a customer id is refused (403) before it reaches a uuid column as a 500.
 */
export function requireCustomer(): RequestHandler {
  const allowed = requireCaller({ from: ['gateway'], user: true });
  return (req, res, next) =>
    allowed(req, res, (error?: unknown) => {
      if (error !== undefined) return next(error);
      const userId = customerOf(res);
      if (!customerId.safeParse(userId).success) return next(forbidden('The token does not name a customer: its subject is not a user id'));
      res.locals.customerId = userId.toLowerCase();
      next();
    });
}

/** The customer a route behind requireCustomer() acts for. */
export const orderCustomer = (res: Response): string => res.locals.customerId as string;
