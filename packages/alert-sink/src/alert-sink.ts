// A local stand-in for the two channels the incident service pages through: PagerDuty's Events API v2
// (POST /v2/enqueue) and Slack incoming webhooks (POST /slack/<tier>). It answers as they do (202
// {status:'success', dedup_key} / 200 "ok", and their 400s for what they refuse), keeps every request in
// memory and serves them over HTTP, and can be told to fail, so tests can make PagerDuty "down".
//
//   POST   /v2/enqueue                   PagerDuty Events API v2 (subset of its checks, below)
//   POST   /slack/<tier>                 a Slack incoming webhook, one per tier
//   GET    /requests?channel=&since=&wait=   -> {"requests":[...], "lastSeq"}, oldest first
//          `since` is a seq (exclusive); `wait` (ms, max 30000) holds the request until one matches.
//   DELETE /requests                     forgets every request
//   POST   /control/<channel> {"status":503,"times"?:n}   answer `status` (the next n requests, or until cleared)
//   DELETE /control/<channel>            answer normally again
//   GET    /control                      the failure switches now
//   GET    /healthz
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export const CHANNELS = ['pagerduty', 'slack'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface RecordedRequest {
  /** Grows by one per request received, from 1. */
  seq: number;
  id: string;
  channel: Channel;
  path: string;
  /** Slack only: the tier in the path. */
  tier?: string;
  /** The body as JSON, or undefined when it was not JSON. */
  body: unknown;
  contentType: string;
  /** What the sink answered (a failure switch or a refused body included). */
  status: number;
  receivedAt: string;
}

export interface FailureSwitch {
  status: number;
  /** How many more requests get `status`; undefined: until cleared. */
  remaining?: number;
}

export interface AlertSinkOptions {
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  /** How many requests to keep; older ones are dropped. */
  capacity?: number;
  /** Called once per request received (the stack's log). */
  onRequest?: (request: RecordedRequest) => void;
}

export interface AlertSink {
  port: number;
  url: string;
  requests(channel?: Channel): RecordedRequest[];
  /** Makes `channel` answer `status` (the next `times` requests, or until cleared with `undefined`). */
  fail(channel: Channel, status: number | undefined, times?: number): void;
  close(): Promise<void>;
}

const MAX_WAIT_MS = 30_000;
const MAX_BODY_BYTES = 1024 * 1024;
const SEVERITIES = new Set(['critical', 'error', 'warning', 'info']);
const EVENT_ACTIONS = new Set(['trigger', 'acknowledge', 'resolve']);

type Answer = { status: number; body: unknown; contentType: 'application/json' | 'text/plain' };
const json = (status: number, body: unknown): Answer => ({ status, body, contentType: 'application/json' });
const text = (status: number, body: string): Answer => ({ status, body, contentType: 'text/plain' });

/**
 * What PagerDuty checks of an Events API v2 event, as far as the incident service depends on it: the
 * sink answers 400 `invalid event` listing every problem returned here; none: the event is accepted.
 */
export function pagerDutyProblems(event: unknown): string[] {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return ['Event object is not a JSON object'];
  const e = event as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof e.routing_key !== 'string' || e.routing_key.length !== 32) problems.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  if (typeof e.event_action !== 'string' || !EVENT_ACTIONS.has(e.event_action)) problems.push("'event_action' must be one of trigger, acknowledge, resolve");
  if (e.dedup_key !== undefined && (typeof e.dedup_key !== 'string' || e.dedup_key.length === 0 || e.dedup_key.length > 255)) problems.push("'dedup_key' must be a string of 1-255 characters");
  if ((e.event_action === 'acknowledge' || e.event_action === 'resolve') && e.dedup_key === undefined) problems.push("'dedup_key' is required for acknowledge and resolve");
  if (e.event_action === 'trigger') {
    const payload = e.payload as Record<string, unknown> | undefined;
    if (typeof payload !== 'object' || payload === null) problems.push("'payload' is required for trigger");
    else {
      if (typeof payload.summary !== 'string' || payload.summary.length === 0 || payload.summary.length > 1024) problems.push("'payload.summary' must be a string of 1-1024 characters");
      if (typeof payload.source !== 'string' || payload.source.length === 0) problems.push("'payload.source' is required");
      if (typeof payload.severity !== 'string' || !SEVERITIES.has(payload.severity)) problems.push("'payload.severity' must be one of critical, error, warning, info");
    }
  }
  return problems;
}

function answerPagerDuty(body: unknown, parsed: boolean): Answer {
  if (!parsed) return json(400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Malformed JSON'] });
  const problems = pagerDutyProblems(body);
  if (problems.length > 0) return json(400, { status: 'invalid event', message: 'Event object is invalid', errors: problems });
  const event = body as { dedup_key?: string };
  return json(202, { status: 'success', message: 'Event processed', dedup_key: event.dedup_key ?? randomUUID().replace(/-/g, '') });
}

function answerSlack(body: unknown, parsed: boolean): Answer {
  if (!parsed || typeof body !== 'object' || body === null) return text(400, 'invalid_payload');
  const message = body as { text?: unknown; blocks?: unknown };
  const hasText = typeof message.text === 'string' && message.text.trim() !== '';
  const hasBlocks = Array.isArray(message.blocks) && message.blocks.length > 0;
  return hasText || hasBlocks ? text(200, 'ok') : text(400, 'no_text');
}

const failureAnswer = (channel: Channel, status: number): Answer =>
  channel === 'pagerduty' ? json(status, { status: 'unavailable', message: `alert-sink: PagerDuty answers ${status} (failure switch)` }) : text(status, 'service_unavailable');

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startAlertSink(options: AlertSinkOptions = {}): Promise<AlertSink> {
  const host = options.host ?? '127.0.0.1';
  const capacity = options.capacity ?? 1_000;
  let stored: RecordedRequest[] = [];
  let seq = 0;
  const switches = new Map<Channel, FailureSwitch>();
  const waiters = new Set<() => void>();

  const fail = (channel: Channel, status: number | undefined, times?: number) => {
    if (status === undefined) switches.delete(channel);
    else switches.set(channel, times === undefined ? { status } : { status, remaining: times });
  };

  /** The failure switch's answer for this request, if one is on (and counts it down). */
  const switchedAnswer = (channel: Channel): Answer | undefined => {
    const current = switches.get(channel);
    if (!current) return undefined;
    if (current.remaining !== undefined) {
      current.remaining -= 1;
      if (current.remaining <= 0) switches.delete(channel);
    }
    return failureAnswer(channel, current.status);
  };

  const find = (channel: Channel | undefined, since: number) => stored.filter((request) => request.seq > since && (!channel || request.channel === channel));

  async function receive(req: http.IncomingMessage, channel: Channel, path: string, tier?: string): Promise<Answer> {
    const raw = await readBody(req);
    if (raw === undefined) return channel === 'pagerduty' ? json(413, { status: 'invalid event', message: 'Request too large' }) : text(413, 'request_too_large');
    let body: unknown;
    let parsed = true;
    try {
      body = JSON.parse(raw);
    } catch {
      parsed = false;
    }
    const answer = switchedAnswer(channel) ?? (channel === 'pagerduty' ? answerPagerDuty(body, parsed) : answerSlack(body, parsed));
    const request: RecordedRequest = {
      seq: ++seq,
      id: randomUUID(),
      channel,
      path,
      ...(tier ? { tier } : {}),
      body: parsed ? body : undefined,
      contentType: req.headers['content-type'] ?? '',
      status: answer.status,
      receivedAt: new Date().toISOString(),
    };
    stored.push(request);
    if (stored.length > capacity) stored = stored.slice(-capacity);
    options.onRequest?.(request);
    for (const wake of waiters) wake();
    return answer;
  }

  async function control(req: http.IncomingMessage, channel: Channel): Promise<Answer> {
    if (req.method === 'DELETE') {
      fail(channel, undefined);
      return json(200, { [channel]: null });
    }
    let body: { status?: unknown; times?: unknown };
    try {
      body = JSON.parse((await readBody(req)) ?? '') as typeof body;
    } catch {
      return json(400, { error: { code: 'invalid_json', message: 'send {"status": 503, "times"?: 2}' } });
    }
    const status = body.status;
    const times = body.times;
    if (status === null) {
      fail(channel, undefined);
      return json(200, { [channel]: null });
    }
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
      return json(400, { error: { code: 'validation_failed', message: 'status must be an HTTP error status (400-599), or null to answer normally again' } });
    }
    if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) {
      return json(400, { error: { code: 'validation_failed', message: 'times must be a positive integer' } });
    }
    fail(channel, status, times as number | undefined);
    return json(200, { [channel]: switches.get(channel) });
  }

  function listRequests(url: URL, res: http.ServerResponse, reply: (answer: Answer) => void): void {
    const channelParam = url.searchParams.get('channel');
    if (channelParam !== null && !(CHANNELS as readonly string[]).includes(channelParam)) return reply(json(400, { error: { code: 'validation_failed', message: 'channel must be pagerduty or slack' } }));
    const channel = (channelParam ?? undefined) as Channel | undefined;
    const since = Number(url.searchParams.get('since') ?? 0);
    if (!Number.isInteger(since) || since < 0) return reply(json(400, { error: { code: 'validation_failed', message: 'since must be a sequence number' } }));
    const wait = Math.min(Number(url.searchParams.get('wait') ?? 0) || 0, MAX_WAIT_MS);
    const page = () => json(200, { requests: find(channel, since), lastSeq: seq });
    if (find(channel, since).length > 0 || wait <= 0) return reply(page());
    // Long poll: answer as soon as a matching request arrives, or with none when the wait is over.
    const done = () => {
      clearTimeout(timer);
      waiters.delete(check);
      reply(page());
    };
    const check = () => {
      if (find(channel, since).length > 0) done();
    };
    const timer = setTimeout(done, wait);
    waiters.add(check);
    res.on('close', () => {
      clearTimeout(timer);
      waiters.delete(check);
    });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const reply = (answer: Answer) => {
      if (res.headersSent) return;
      res.writeHead(answer.status, { 'content-type': answer.contentType });
      res.end(answer.contentType === 'application/json' ? JSON.stringify(answer.body) : String(answer.body));
    };
    const failed = (error: unknown) => reply(json(500, { error: { code: 'internal', message: (error as Error).message } }));
    const slack = /^\/slack\/([a-z0-9_-]{1,32})$/.exec(url.pathname);
    const controlled = /^\/control\/(pagerduty|slack)$/.exec(url.pathname);

    if (req.method === 'GET' && url.pathname === '/healthz') return reply(json(200, { status: 'ok' }));
    if (req.method === 'POST' && url.pathname === '/v2/enqueue') return void receive(req, 'pagerduty', url.pathname).then(reply, failed);
    if (req.method === 'POST' && slack) return void receive(req, 'slack', url.pathname, slack[1]).then(reply, failed);
    if (req.method === 'GET' && url.pathname === '/requests') return listRequests(url, res, reply);
    if (req.method === 'DELETE' && url.pathname === '/requests') {
      stored = [];
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/control') return reply(json(200, { pagerduty: switches.get('pagerduty') ?? null, slack: switches.get('slack') ?? null }));
    if ((req.method === 'POST' || req.method === 'DELETE') && controlled) return void control(req, controlled[1] as Channel).then(reply, failed);
    reply(json(404, { error: { code: 'not_found', message: 'POST /v2/enqueue, POST /slack/<tier>, GET|DELETE /requests, POST|DELETE /control/<channel>, GET /control, GET /healthz' } }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8027, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://${host}:${port}`,
    requests: (channel) => stored.filter((request) => !channel || request.channel === channel),
    fail,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
