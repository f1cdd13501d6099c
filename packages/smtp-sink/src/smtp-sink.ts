// A local stand-in for a mail provider: accepts every e-mail over plain SMTP (no auth, no TLS),
// keeps the most recent ones in memory and serves them over HTTP so tests can read them back.
//
//   SMTP host:smtpPort (127.0.0.1:2525)
//   HTTP host:apiPort  (127.0.0.1:8025)
//     GET  /messages?to=<address>&since=<iso|epoch ms>&subject=<substring>&wait=<ms>
//          -> {"messages":[{id, messageId, from, to:[...], subject, text, receivedAt}]}, oldest first.
//          `wait` (max 30000) holds the request until at least one message matches.
//     GET  /healthz
//     POST /clear   forgets every message
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMessage {
  id: string;
  /** The Message-ID header the sender set, when it did. */
  messageId?: string;
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
}

export interface SmtpSinkOptions {
  host?: string;
  /** 0 picks a free port (tests). */
  smtpPort?: number;
  apiPort?: number;
  /** How many messages to keep; older ones are dropped. */
  capacity?: number;
  /** Called once per accepted message (the stack's log). */
  onMessage?: (message: ReceivedMessage) => void;
}

export interface SmtpSink {
  smtpPort: number;
  apiPort: number;
  messages(): ReceivedMessage[];
  close(): Promise<void>;
}

export interface MessageFilter {
  to?: string;
  since?: number;
  subject?: string;
}

const MAX_WAIT_MS = 30_000;
const MAX_MESSAGE_BYTES = 1024 * 1024;

export function matches(message: ReceivedMessage, filter: MessageFilter): boolean {
  if (filter.to && !message.to.some((address) => address.toLowerCase() === filter.to!.toLowerCase())) return false;
  if (filter.since !== undefined && Date.parse(message.receivedAt) < filter.since) return false;
  if (filter.subject && !message.subject.includes(filter.subject)) return false;
  return true;
}

/** `since` as an ISO timestamp or epoch milliseconds; undefined when absent, NaN when unreadable. */
export function parseSince(raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const capacity = options.capacity ?? 1_000;
  let stored: ReceivedMessage[] = [];
  const waiters = new Set<() => void>();

  const smtp = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    banner: 'ShopFast local SMTP sink',
    async onData(stream, session, callback) {
      try {
        const parsed = await simpleParser(stream);
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          return;
        }
        const message: ReceivedMessage = {
          id: randomUUID(),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          receivedAt: new Date().toISOString(),
        };
        if (parsed.messageId) message.messageId = parsed.messageId;
        stored.push(message);
        if (stored.length > capacity) stored = stored.slice(-capacity);
        options.onMessage?.(message);
        for (const wake of waiters) wake();
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  // A client that drops its connection mid-session is not our problem; without a listener it would throw.
  smtp.on('error', () => undefined);

  const find = (filter: MessageFilter) => stored.filter((message) => matches(message, filter));

  const api = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const reply = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/healthz') return reply(200, { status: 'ok' });
    if (req.method === 'POST' && url.pathname === '/clear') {
      stored = [];
      return reply(204);
    }
    if (req.method === 'GET' && url.pathname === '/messages') {
      const since = parseSince(url.searchParams.get('since'));
      const wait = Math.min(Number(url.searchParams.get('wait') ?? 0) || 0, MAX_WAIT_MS);
      if (since !== undefined && Number.isNaN(since)) return reply(400, { error: { code: 'validation_failed', message: 'since must be an ISO timestamp or epoch milliseconds' } });
      const filter: MessageFilter = { to: url.searchParams.get('to') ?? undefined, since, subject: url.searchParams.get('subject') ?? undefined };
      const found = find(filter);
      if (found.length > 0 || wait <= 0) return reply(200, { messages: found });
      // Long poll: answer as soon as a matching message arrives, or empty when the wait is over.
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
        reply(200, { messages: find(filter) });
      };
      const check = () => {
        if (find(filter).length > 0) done();
      };
      const timer = setTimeout(done, wait);
      waiters.add(check);
      req.on('close', () => {
        clearTimeout(timer);
        waiters.delete(check);
      });
      return;
    }
    reply(404, { error: { code: 'not_found', message: 'GET /messages, GET /healthz, POST /clear' } });
  });

  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(options.smtpPort ?? 2525, host, () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    api.once('error', reject);
    api.listen(options.apiPort ?? 8025, host, () => resolve());
  });

  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    apiPort: (api.address() as AddressInfo).port,
    messages: () => [...stored],
    async close() {
      api.closeAllConnections();
      await new Promise<void>((resolve) => api.close(() => resolve()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
