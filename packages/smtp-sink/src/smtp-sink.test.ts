import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseSince, startSmtpSink, type SmtpSink } from './smtp-sink';

let sink: SmtpSink;
const api = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${sink.apiPort}${path}`, init);
const send = (to: string | string[], subject: string, text = 'hello') =>
  nodemailer.createTransport({ host: '127.0.0.1', port: sink.smtpPort, secure: false }).sendMail({ from: 'ShopFast <orders@shopfast.local>', to, subject, text });

beforeAll(async () => {
  sink = await startSmtpSink({ smtpPort: 0, apiPort: 0, capacity: 5 });
});
afterAll(() => sink?.close());
beforeEach(async () => {
  await api('/clear', { method: 'POST' });
});

describe('smtp sink', () => {
  it('accepts an e-mail over plain SMTP and serves it back over HTTP', async () => {
    const info = await send('ada@example.test', 'Your order is confirmed', 'Kettle x1');
    const response = await api('/messages');
    expect(response.status).toBe(200);
    const { messages } = (await response.json()) as { messages: Record<string, unknown>[] };
    expect(messages).toEqual([
      {
        id: expect.any(String),
        messageId: info.messageId,
        from: 'orders@shopfast.local',
        to: ['ada@example.test'],
        subject: 'Your order is confirmed',
        text: expect.stringContaining('Kettle x1'),
        receivedAt: expect.stringMatching(/^\d{4}-/),
      },
    ]);
  });

  it('filters by recipient (any case), time and subject', async () => {
    const before = Date.now();
    await send(['grace@example.test', 'linus@example.test'], 'first');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const middle = new Date().toISOString();
    await send('ada@example.test', 'second');
    const subjects = async (query: string) => ((await (await api(`/messages?${query}`)).json()) as { messages: { subject: string }[] }).messages.map((m) => m.subject);
    expect(await subjects('to=LINUS@example.test')).toEqual(['first']);
    expect(await subjects(`since=${encodeURIComponent(middle)}`)).toEqual(['second']);
    expect(await subjects(`since=${before}`)).toEqual(['first', 'second']);
    expect(await subjects('subject=sec')).toEqual(['second']);
    expect(await subjects('to=nobody@example.test')).toEqual([]);
    expect((await api('/messages?since=yesterday')).status).toBe(400);
  });

  it('holds a request with wait until a matching e-mail arrives', async () => {
    const pending = api('/messages?to=late@example.test&wait=5000');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await send('late@example.test', 'late one');
    const { messages } = (await (await pending).json()) as { messages: { subject: string }[] };
    expect(messages.map((m) => m.subject)).toEqual(['late one']);
  });

  it('keeps only the most recent messages and forgets them all on clear', async () => {
    for (let i = 1; i <= 7; i++) await send('bulk@example.test', `bulk ${i}`);
    expect(sink.messages().map((m) => m.subject)).toEqual(['bulk 3', 'bulk 4', 'bulk 5', 'bulk 6', 'bulk 7']);
    expect((await api('/clear', { method: 'POST' })).status).toBe(204);
    expect(sink.messages()).toEqual([]);
  });

  it('answers its health check and 404 elsewhere', async () => {
    expect((await api('/healthz')).status).toBe(200);
    expect((await api('/nope')).status).toBe(404);
  });

  it('reads since as epoch milliseconds or an ISO timestamp', () => {
    expect(parseSince('1700000000000')).toBe(1_700_000_000_000);
    expect(parseSince('2023-11-14T22:13:20.000Z')).toBe(1_700_000_000_000);
    expect(parseSince(null)).toBeUndefined();
    expect(parseSince('soon')).toBeNaN();
  });
});
