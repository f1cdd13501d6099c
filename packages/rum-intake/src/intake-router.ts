// POST /      the browser SDK's `proxy` endpoint (mount at /api/rum): ?ddforward=<encoded /api/v2/...>
// GET  /events?type=&since=&limit=   what was recorded (only when nothing is forwarded to Datadog,
//                                    and only for callers `canReadEvents` admits: loopback by default)
import express, { Router, type Request, type Response } from 'express';
import { BatchTooLargeError, decodeBatch } from './decode-batch';
import type { IntakeTrack, RumEventRecorder } from './event-recorder';
import { forwardToDatadog } from './forward-to-datadog';

/** The parts of the service-kit logger and metrics this router uses (pino / hot-shots shaped). */
export interface IntakeLogger {
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}
export interface IntakeMetrics {
  increment(name: string, value?: number, tags?: Record<string, string>): void;
}

export interface RumIntakeOptions {
  /** Datadog site (datadoghq.com, datadoghq.eu, us3.datadoghq.com...). Unset: record locally. */
  site?: string | undefined;
  recorder: RumEventRecorder;
  logger: IntakeLogger;
  metrics: IntakeMetrics;
  /** Timeout of one forward to Datadog. */
  forwardTimeoutMs?: number;
  /** Largest batch accepted (the SDK caps a batch at 16 KiB, a replay segment is larger). */
  bodyLimit?: string;
  /**
   * Who may read GET /events. The recorded events are every visitor's clicks, page URLs and errors,
   * so the default admits only a client on this machine (`req.ip` is loopback, which with the app's
   * trust-proxy setting is the real client, not a proxy in between). The gateway widens it to holders
   * of the admin token.
   */
  canReadEvents?: (req: Request) => boolean;
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (how Node reports IPv4 peers on a dual-stack socket). */
export function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && (/^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) || address === '::1');
}

/** The only paths the SDK forwards to; anything else would turn the proxy into an open relay. */
const FORWARD_PATH = /^\/api\/v2\/(rum|logs|replay)(\?[^#\s]*)?$/;
const SITE = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;
const TYPE = /^[a-z_]{1,32}$/;

function sendError(res: Response, status: number, code: string, message: string, details?: unknown): void {
  res.status(status).json({ error: details === undefined ? { code, message } : { code, message, details } });
}

function rawBody(req: Request): Buffer {
  if (Buffer.isBuffer(req.body)) return req.body;
  // Mounted behind a JSON parser, an application/json body arrives parsed: turn it back into a line.
  if (req.body && typeof req.body === 'object') return Buffer.from(JSON.stringify(req.body));
  return Buffer.alloc(0);
}

export function createRumIntakeRouter(options: RumIntakeOptions): Router {
  const { recorder, logger, metrics } = options;
  const site = options.site?.trim() || undefined;
  if (site !== undefined && !SITE.test(site)) throw new Error(`RUM intake site "${site}" is not a Datadog site name like datadoghq.com`);
  const mode = site ? 'forward' : 'record';
  const canReadEvents = options.canReadEvents ?? ((req: Request) => isLoopbackAddress(req.ip));
  const router = Router();

  router.post('/', express.raw({ type: () => true, limit: options.bodyLimit ?? '1mb' }), async (req, res) => {
    const ddforward = req.query.ddforward;
    const match = typeof ddforward === 'string' ? FORWARD_PATH.exec(ddforward) : null;
    if (!match) {
      sendError(res, 400, 'invalid_ddforward', 'ddforward must be the SDK intake path /api/v2/rum|logs|replay?...');
      return;
    }
    const track = match[1] as IntakeTrack;
    const body = rawBody(req);

    if (site) {
      try {
        const status = await forwardToDatadog({
          site,
          forwardPath: ddforward as string,
          body,
          contentType: req.get('content-type'),
          clientIp: req.ip,
          timeoutMs: options.forwardTimeoutMs ?? 5_000,
        });
        metrics.increment('ecommerce.rum.intake.batches', 1, { track, mode, result: status < 300 ? 'ok' : 'rejected' });
        res.status(status < 500 ? status : 502).end();
      } catch (error) {
        metrics.increment('ecommerce.rum.intake.batches', 1, { track, mode, result: 'failed' });
        logger.warn({ err: error, track }, 'could not forward a browser intake batch to Datadog');
        sendError(res, 502, 'intake_unavailable', 'The Datadog intake did not answer');
      }
      return;
    }

    // Replay segments are multipart recordings: counted, not kept (they are large and not JSON lines).
    if (track === 'replay') {
      metrics.increment('ecommerce.rum.intake.batches', 1, { track, mode, result: 'ok' });
      res.status(202).json({});
      return;
    }
    let decoded: ReturnType<typeof decodeBatch>;
    try {
      decoded = decodeBatch(body);
    } catch (error) {
      if (!(error instanceof BatchTooLargeError)) throw error;
      metrics.increment('ecommerce.rum.intake.batches', 1, { track, mode, result: 'too_large' });
      sendError(res, 413, 'payload_too_large', 'The batch inflates to more than the intake accepts', { limitBytes: error.limitBytes });
      return;
    }
    const { events, invalidLines } = decoded;
    recorder.add(track, events);
    metrics.increment('ecommerce.rum.intake.batches', 1, { track, mode, result: invalidLines > 0 ? 'partial' : 'ok' });
    metrics.increment('ecommerce.rum.intake.events', events.length, { track });
    if (invalidLines > 0) logger.debug({ track, invalidLines }, 'browser intake batch had lines that are not JSON objects');
    res.status(202).json({ accepted: events.length, invalidLines });
  });

  router.get('/events', (req, res) => {
    if (site) {
      sendError(res, 404, 'rum_recording_disabled', 'Events are forwarded to Datadog, not recorded here');
      return;
    }
    if (!canReadEvents(req)) {
      sendError(res, 403, 'forbidden', 'The recorded browser events are readable from this machine only (or with the admin token)');
      return;
    }
    const { type, since, limit } = req.query;
    const problems: { field: string; message: string }[] = [];
    const unknown = Object.keys(req.query).filter((key) => !['type', 'since', 'limit'].includes(key));
    for (const key of unknown) problems.push({ field: key, message: 'unknown query parameter' });
    if (type !== undefined && (typeof type !== 'string' || !TYPE.test(type))) problems.push({ field: 'type', message: 'must be an event type such as view, action or resource' });
    const sinceNumber = parseCount(since);
    if (since !== undefined && sinceNumber === undefined) problems.push({ field: 'since', message: 'must be a whole number >= 0' });
    const limitNumber = parseCount(limit);
    if (limit !== undefined && (limitNumber === undefined || limitNumber < 1 || limitNumber > 5_000)) problems.push({ field: 'limit', message: 'must be a whole number from 1 to 5000' });
    if (problems.length > 0) {
      sendError(res, 400, 'validation_failed', 'Invalid query', { fields: problems });
      return;
    }
    res.json(recorder.list({ type: type as string | undefined, since: sinceNumber, limit: limitNumber }));
  });

  return router;
}

function parseCount(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}
