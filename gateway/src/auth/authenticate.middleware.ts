import type { RequestHandler } from 'express';
import { AppError, bearerToken, unauthorized, type Metrics } from '@shopfast/service-kit';
import { tracer } from '@shopfast/tracing';
import type { ActiveUsers } from '../telemetry/active-users';
import type { AuthOutcome, TokenVerifier } from './token-verifier';

/**
 * Verifies the customer's token, if any, and records the outcome in res.locals.auth (and the user id in
 * res.locals.userId). It never rejects by itself: the rate limiter runs next and needs to know who is
 * calling, and requireUser() answers 401 after it, so bad tokens are throttled by IP too.
 */
export function authenticate(verifier: TokenVerifier, activeUsers?: ActiveUsers): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req.get('authorization'));
    const outcome = await tracer.trace('gateway.authenticate', { resource: 'gateway.authenticate' }, async (span) => {
      const result: AuthOutcome = token ? await verifier.verify(token) : { result: 'missing' };
      span?.setTag('auth.result', result.result);
      // The user id belongs on the trace (usr.id), never in a metric tag.
      if (result.result === 'ok') tracer.setUser({ id: result.userId });
      return result;
    });
    res.locals.auth = outcome;
    if (outcome.result === 'ok') {
      res.locals.userId = outcome.userId;
      activeUsers?.record(outcome.userId);
    }
    next();
  };
}

/** 401 unless authenticate() found a valid token: `unauthorized` (missing or invalid) or `token_expired`. */
export function requireUser(metrics: Metrics): RequestHandler {
  return (_req, res, next) => {
    const outcome = (res.locals.auth as AuthOutcome | undefined) ?? { result: 'missing' };
    if (outcome.result === 'ok') return next();
    metrics.increment('ecommerce.gateway.auth_failed', 1, { reason: outcome.result });
    if (outcome.result === 'expired') {
      res.set('www-authenticate', 'Bearer error="invalid_token", error_description="The token expired"');
      return next(new AppError('token_expired', 'The token has expired; log in again', 401));
    }
    res.set('www-authenticate', outcome.result === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"');
    next(unauthorized(outcome.result === 'missing' ? 'Authentication required' : 'The token is not valid'));
  };
}
