import type { RequestHandler } from 'express';
import { z } from 'zod';
import { badRequest, unauthorized } from '@shopfast/service-kit';

const userId = z.uuid();

/**
 * The customer is whoever the gateway says: it verified the JWT and set `x-user-id` (contract "Identity
 * between services"). Missing -> 401; not a uuid -> 400, so nothing odd ever becomes part of a Redis key.
 */
export function requireUserId(): RequestHandler {
  return (req, res, next) => {
    const header = req.get('x-user-id');
    if (!header) return next(unauthorized('The x-user-id header is required'));
    if (!userId.safeParse(header).success) return next(badRequest('invalid_user_id', 'The x-user-id header must be a uuid'));
    res.locals.userId = header.toLowerCase();
    next();
  };
}
