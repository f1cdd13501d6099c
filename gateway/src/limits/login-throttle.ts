import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { ServiceResponse } from '@shopfast/service-kit';
import type { Limiter } from './limiter';
import { applyDecision, traceDecision, type LimitDeps } from './rate-limit.middleware';

export interface LoginThrottle {
  /** Before the user service is called: per-IP attempt budget, then the e-mail's failure count. */
  guard: RequestHandler;
  /** After the user service answered: count a 401 against the e-mail, clear its failures on success. */
  record: (req: Request, res: Response, upstream: ServiceResponse) => Promise<void>;
}

/**
 * Brute-force protection for POST /api/auth/login, kept here in the gateway so the user service stays
 * simple. Two limits:
 * - per IP, every attempt (LOGIN_RATE_LIMIT_POINTS per window): slows down one client trying many accounts;
 * - per e-mail, failed attempts only (LOGIN_FAILURE_LIMIT 401s per LOGIN_FAILURE_WINDOW_SECONDS, default
 *   5 in 15 min): slows down many clients trying one account. A successful login clears the count.
 * The e-mail is hashed before it becomes part of a Redis key. Both limits fail open like the others.
 */
export function createLoginThrottle(limiters: { perIp: Limiter; failures: Limiter }, deps: LimitDeps): LoginThrottle {
  return {
    guard: async (req, res, next) => {
      const perIp = await traceDecision(limiters.perIp, () => limiters.perIp.consume(`ip:${req.ip ?? 'unknown'}`));
      const ipError = applyDecision(perIp, limiters.perIp, req, res, deps, 'Too many login attempts; retry later');
      if (ipError) return next(ipError);
      const account = accountKey(req.body);
      if (!account) return next();
      const failures = await traceDecision(limiters.failures, () => limiters.failures.check(account));
      next(applyDecision(failures, limiters.failures, req, res, deps, 'Too many failed logins for this account; retry later'));
    },

    record: async (req, _res, upstream) => {
      const account = accountKey(req.body);
      if (!account) return;
      try {
        if (upstream.status === 401) await limiters.failures.penalize(account);
        else if (upstream.status === 200) await limiters.failures.reset(account);
      } catch (error) {
        // Fail open: the answer still goes to the client; the count is best effort while Redis is down.
        deps.metrics.increment('ecommerce.gateway.rate_limit_bypassed', 1, { limiter: limiters.failures.name });
        deps.logger.warn({ err: error }, 'could not record a login result for throttling');
      }
    },
  };
}

/** A stable key for the e-mail in the body (trimmed, lower-cased, hashed), or undefined if there is none. */
function accountKey(body: unknown): string | undefined {
  const email = (body as { email?: unknown } | undefined)?.email;
  if (typeof email !== 'string' || email.trim() === '' || email.length > 254) return undefined;
  return `email:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
}
