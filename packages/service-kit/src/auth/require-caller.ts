import type { RequestHandler, Response } from 'express';
import { AppError, forbidden, unauthorized } from '../errors';
import { bearerToken, type Caller, type CallerOutcome, type CallerVerifier } from './service-tokens';

/**
 * Verifies the service token of every request, if any, into res.locals.caller (the outcome stays in
 * res.locals.callerOutcome). It never rejects: requireCaller() does, per route, so health checks and
 * public reads need no token. (The calling app is already on the trace: its span is the parent.)
 */
export function identifyCaller(verifier: CallerVerifier | undefined): RequestHandler {
  return async (req, res, next) => {
    const outcome: CallerOutcome = verifier ? await verifier.verify(bearerToken(req.get('authorization'))) : { result: 'missing' };
    res.locals.callerOutcome = outcome;
    if (outcome.result === 'ok') res.locals.caller = outcome.caller;
    next();
  };
}

export interface CallerPolicy {
  /** Apps allowed to call this route (their token's issuer). */
  from: readonly string[];
  /** The call must be made on behalf of a customer (the token's subject). */
  user?: boolean;
  /** The call must carry an administrator's request, which only the gateway asserts after checking the admin token. */
  admin?: boolean;
}

/**
 * Refuses a request unless a verified service token allows it: 401 without a valid token (missing,
 * forged, expired, meant for another service), 403 when the caller is not one this route serves or
 * lacks the customer or administrator the route needs. Headers such as x-user-id or x-admin mean
 * nothing anywhere: identity comes only from the token.
 */
export function requireCaller(policy: CallerPolicy): RequestHandler {
  return (_req, res, next) => {
    const outcome = (res.locals.callerOutcome as CallerOutcome | undefined) ?? { result: 'missing' };
    if (outcome.result !== 'ok') {
      res.set('www-authenticate', outcome.result === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"');
      if (outcome.result === 'expired') return next(new AppError('token_expired', 'The service token has expired', 401));
      return next(unauthorized(outcome.result === 'missing' ? 'A service token is required' : 'The service token is not valid'));
    }
    const { caller } = outcome;
    if (!policy.from.includes(caller.service)) return next(forbidden(`This endpoint does not serve ${caller.service}`));
    if (policy.admin && !caller.admin) return next(forbidden('This endpoint is for administrators'));
    if (policy.user && caller.userId === undefined) return next(forbidden('This endpoint acts for a customer, and the token names none'));
    next();
  };
}

/** The verified caller of a route behind requireCaller(). */
export function callerOf(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  if (!caller) throw new Error('callerOf() used on a route without requireCaller()');
  return caller;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * For routes that act for a customer (a cart, checkout, order history): requireCaller({ from, user: true })
 * and the token's subject must be a customer id, a uuid, else 403 before it becomes part of a Redis key
 * or reaches a uuid column. The id is lower-cased so one customer is always one key.
 */
export function requireCustomer(from: readonly string[]): RequestHandler {
  const allowed = requireCaller({ from, user: true });
  return (req, res, next) =>
    allowed(req, res, (error?: unknown) => {
      if (error !== undefined) return next(error);
      // requireCaller({ user: true }) has let through only a token that names a subject.
      const userId = callerOf(res).userId ?? '';
      if (!UUID.test(userId)) return next(forbidden('The token does not name a customer: its subject is not a user id'));
      res.locals.customerId = userId.toLowerCase();
      next();
    });
}

/**
 * The customer id (lower-case uuid) a route behind requireCustomer() acts for: the one reader of the
 * customer, so every route compares and stores the same spelling of an id.
 */
export function customerIdOf(res: Response): string {
  const id = res.locals.customerId as string | undefined;
  if (id === undefined) throw new Error('customerIdOf() used on a route without requireCustomer()');
  return id;
}
