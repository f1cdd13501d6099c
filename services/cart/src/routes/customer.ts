import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { customerOf, forbidden, requireCaller } from '@shopfast/service-kit';

const customerId = z.uuid();

/**
 * Who may use a cart: the gateway (the shopper) and the order service (checkout reads and empties it),
 * always for a customer, who is the verified token's `sub` and nothing else. A trusted caller naming
 * something that is not a customer id is refused (403) rather than let it become part of a Redis key.
 */
export function requireCustomer(): RequestHandler {
  const allowed = requireCaller({ from: ['gateway', 'order'], user: true });
  return (req, res, next) =>
    allowed(req, res, (error?: unknown) => {
      if (error !== undefined) return next(error);
      const userId = customerOf(res);
      if (!customerId.safeParse(userId).success) return next(forbidden('The token does not name a customer: its subject is not a user id'));
      // One spelling per customer, so one customer never has two carts.
      res.locals.customerId = userId.toLowerCase();
      next();
    });
}

/** The customer whose cart a route behind requireCustomer() works on. */
export const cartOwner = (res: Response): string => res.locals.customerId as string;
