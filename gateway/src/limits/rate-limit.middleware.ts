import type { Request, RequestHandler, Response } from 'express';
import { AppError, type Logger, type Metrics } from '@shopfast/service-kit';
import { tracer } from '@shopfast/tracing';
import type { LimitDecision, Limiter } from './limiter';

export interface LimitDeps {
  metrics: Metrics;
  logger: Logger;
}

/** How often a limiter that fails open may log; a Redis outage must not flood the logs. */
const BYPASS_LOG_INTERVAL_MS = 30_000;
const lastBypassLog = new Map<string, number>();

/** Runs one limiter decision inside a `gateway.rate_limit` span tagged with its result. */
export function traceDecision(limiter: Limiter, decide: () => Promise<LimitDecision>): Promise<LimitDecision> {
  return tracer.trace('gateway.rate_limit', { resource: limiter.name }, async (span) => {
    const decision = await decide();
    span?.addTags({ 'rate_limit.result': decision.result, 'rate_limit.limiter': limiter.name });
    return decision;
  });
}

/** The route template (bounded), never the raw URL: `/api/cart/items/:productId`; a mount path (`/api/rum`) for a mounted router. */
const routeOf = (req: Request) => (req.route?.path as string | undefined) ?? (req.baseUrl || 'unmatched');

/**
 * Turns a decision into the response: `limited` -> 429 `rate_limited` with Retry-After (seconds);
 * `bypassed` -> a warning (at most every 30 s) and a metric, and the request goes on; `allowed` -> on.
 */
export function applyDecision(decision: LimitDecision, limiter: Limiter, req: Request, res: Response, deps: LimitDeps, message: string): AppError | undefined {
  if (decision.result === 'limited') {
    deps.metrics.increment('ecommerce.gateway.rate_limited', 1, { route: routeOf(req), limiter: limiter.name });
    res.set('retry-after', String(decision.retryAfterSeconds));
    return new AppError('rate_limited', message, 429, { retryAfterSeconds: decision.retryAfterSeconds });
  }
  if (decision.result === 'bypassed') {
    deps.metrics.increment('ecommerce.gateway.rate_limit_bypassed', 1, { limiter: limiter.name });
    const now = Date.now();
    if (now - (lastBypassLog.get(limiter.name) ?? 0) >= BYPASS_LOG_INTERVAL_MS) {
      lastBypassLog.set(limiter.name, now);
      deps.logger.warn({ err: decision.error, limiter: limiter.name }, 'rate limiter unavailable; letting requests through (fail open)');
    }
  }
  return undefined;
}

/** Who a request counts against: the verified user when there is one, else the client IP. */
export const clientKey = (req: Request, res: Response) => (res.locals.userId ? `user:${String(res.locals.userId)}` : `ip:${req.ip ?? 'unknown'}`);

/** The general per-client budget, RATE_LIMIT_POINTS per RATE_LIMIT_WINDOW_SECONDS. */
export function rateLimit(limiter: Limiter, deps: LimitDeps): RequestHandler {
  return async (req, res, next) => {
    const decision = await traceDecision(limiter, () => limiter.consume(clientKey(req, res)));
    next(applyDecision(decision, limiter, req, res, deps, 'Too many requests; retry later'));
  };
}

/**
 * A per-IP budget for webhook deliveries (Datadog's). Over it the answer is 503 `webhook_overloaded`
 * with Retry-After, not 429: a webhook sender retries a 5xx (Datadog: up to 5 times) and drops a 4xx,
 * and a dropped delivery is a lost alert.
 */
export function rateLimitDeliveries(limiter: Limiter, deps: LimitDeps): RequestHandler {
  return async (req, res, next) => {
    const decision = await traceDecision(limiter, () => limiter.consume(`ip:${req.ip ?? 'unknown'}`));
    const limited = applyDecision(decision, limiter, req, res, deps, 'Too many webhook deliveries; retry later');
    next(limited && new AppError('webhook_overloaded', 'Too many webhook deliveries from this address; retry later', 503, limited.details));
  };
}

/** A per-IP budget for POSTs only (browser RUM batches); reads pass untouched. */
export function rateLimitPosts(limiter: Limiter, deps: LimitDeps): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'POST') return next();
    const decision = await traceDecision(limiter, () => limiter.consume(`ip:${req.ip ?? 'unknown'}`));
    next(applyDecision(decision, limiter, req, res, deps, 'Too many browser intake batches; retry later'));
  };
}
