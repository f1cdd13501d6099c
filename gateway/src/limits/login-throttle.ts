import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { ServiceResponse } from '@shopfast/service-kit';
import type { Limiter } from './limiter';
import { applyDecision, traceDecision, type LimitDeps } from './rate-limit.middleware';

export interface LoginThrottle {
  /** Before the user service is called: per-IP attempt budget, then one failure point of the e-mail. */
  guard: RequestHandler;
  /** After the user service answered: a 401 keeps the failure point, 200 clears the count, else refund. */
  record: (req: Request, res: Response, upstream: ServiceResponse) => Promise<void>;
  /** The user service could not be asked (down, timed out): the attempt was not a failure, refund. */
  abandon: (req: Request, res: Response) => Promise<void>;
}

/** res.locals key: the account whose failure point this request spent (absent when none was spent). */
const SPENT = 'loginFailurePoint';

/**
 * Brute-force protection for POST /api/auth/login, kept here in the gateway so the user service stays
 * simple. Two limits:
 * - per IP, every attempt (LOGIN_RATE_LIMIT_POINTS per window): slows down one client trying many accounts;
 * - per e-mail, failed attempts only (LOGIN_FAILURE_LIMIT 401s per LOGIN_FAILURE_WINDOW_SECONDS, default
 *   5 in 15 min): slows down many clients trying one account. A successful login clears the count.
 * Every attempt spends a failure point BEFORE the user service is asked (one atomic consume in Redis),
 * and gets it back unless the answer is a 401. Checking first and counting afterwards would let parallel
 * guesses all pass the check before any of them is counted; this way at most LOGIN_FAILURE_LIMIT
 * guesses per window ever reach the user service. The e-mail is hashed before it becomes part of a
 * Redis key. Both limits fail open like the others.
 */
export function createLoginThrottle(limiters: { perIp: Limiter; failures: Limiter }, deps: LimitDeps): LoginThrottle {
  /** Best effort: the answer still goes to the client while Redis is down. */
  const settle = async (res: Response, action: (account: string) => Promise<void>) => {
    const account = res.locals[SPENT] as string | undefined;
    if (!account) return;
    delete res.locals[SPENT];
    try {
      await action(account);
    } catch (error) {
      deps.metrics.increment('ecommerce.gateway.rate_limit_bypassed', 1, { limiter: limiters.failures.name });
      deps.logger.warn({ err: error }, 'could not record a login result for throttling');
    }
  };

  return {
    guard: async (req, res, next) => {
      const perIp = await traceDecision(limiters.perIp, () => limiters.perIp.consume(`ip:${req.ip ?? 'unknown'}`));
      const ipError = applyDecision(perIp, limiters.perIp, req, res, deps, 'Too many login attempts; retry later');
      if (ipError) return next(ipError);
      const account = accountKey(req.body);
      if (!account) return next();
      const failures = await traceDecision(limiters.failures, () => limiters.failures.consume(account));
      if (failures.result === 'allowed') res.locals[SPENT] = account;
      next(applyDecision(failures, limiters.failures, req, res, deps, 'Too many failed logins for this account; retry later'));
    },

    record: async (_req, res, upstream) => {
      if (upstream.status === 401) {
        delete res.locals[SPENT]; // a failed login: the point stays spent
        return;
      }
      await settle(res, (account) => (upstream.status === 200 ? limiters.failures.reset(account) : limiters.failures.refund(account)));
    },

    abandon: async (_req, res) => settle(res, (account) => limiters.failures.refund(account)),
  };
}

/** A stable key for the e-mail in the body (trimmed, lower-cased, hashed), or undefined if there is none. */
function accountKey(body: unknown): string | undefined {
  const email = (body as { email?: unknown } | undefined)?.email;
  if (typeof email !== 'string') return undefined;
  // Normalised exactly as the user service reads it (trimmed, then at most 254 characters): an address
  // padded with spaces is the same account, and must count against the same failures.
  const normalised = email.trim().toLowerCase();
  if (normalised === '' || normalised.length > 254) return undefined;
  return `email:${createHash('sha256').update(normalised).digest('hex').slice(0, 32)}`;
}
