import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { deflateSync } from 'node:zlib';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchTooLargeError, decodeBatch, MAX_INFLATED_BYTES } from './decode-batch';
import { createRumEventRecorder } from './event-recorder';
import { intakeHostFor } from './forward-to-datadog';
import { createRumIntakeRouter, isLoopbackAddress, type RumIntakeOptions } from './intake-router';

// Three events exactly as @datadog/browser-rum 6.33 sent them from the storefront (view, custom action, traced fetch).
const batch = fs.readFileSync(path.join(__dirname, 'fixtures', 'sdk-rum-batch.ndjson'), 'utf8');
// What the SDK puts in ?ddforward= (path + query of the Datadog intake URL), URL-encoded.
const ddforward = encodeURIComponent(
  '/api/v2/rum?ddsource=browser&dd-api-key=pube2e0000fake0token&dd-evp-origin-version=6.33.0&dd-evp-origin=browser&dd-request-id=6c1b2d6e-0a39-4d5c-9d8f-1f0b8e2a7c11&batch_time=1795537231221',
);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- RUM events are free-form JSON read by path
type RumEvent = Record<string, any>;

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

interface Counted {
  name: string;
  value: number | undefined;
  tags: Record<string, string> | undefined;
}

/** The router behind express.json(), as the gateway mounts it, on a real port. */
async function start(options: Partial<RumIntakeOptions> = {}, trustProxy = false) {
  const counted: Counted[] = [];
  const recorder = options.recorder ?? createRumEventRecorder({ capacity: 5 });
  const app = express();
  // true: X-Forwarded-For decides req.ip, so a test can play a client that is not on this machine.
  app.set('trust proxy', trustProxy);
  app.use(express.json());
  app.use(
    '/api/rum',
    createRumIntakeRouter({
      recorder,
      logger: { warn: () => undefined, debug: () => undefined },
      metrics: { increment: (name, value, tags) => counted.push({ name, value, tags }) },
      forwardTimeoutMs: 2_000,
      ...options,
    }),
  );
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/rum`;
  return { base, counted, recorder };
}

const post = (url: string, body: NonNullable<RequestInit['body']>, contentType = 'text/plain;charset=UTF-8') =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': contentType } });

describe('RUM intake proxy, recording locally (no Datadog site)', () => {
  it('records each event of an SDK batch and serves them back by type', async () => {
    const { base, counted } = await start();
    const response = await post(`${base}?ddforward=${ddforward}`, batch);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 3, invalidLines: 0 });

    const all = (await (await fetch(`${base}/events`)).json()) as { items: Array<{ seq: number; track: string; type: string; event: RumEvent }>; lastSeq: number };
    expect(all.items.map((i) => i.type)).toEqual(['view', 'action', 'resource']);
    expect(all.items.every((i) => i.track === 'rum')).toBe(true);
    expect(all.lastSeq).toBe(3);

    const actions = (await (await fetch(`${base}/events?type=action`)).json()) as typeof all;
    expect(actions.items).toHaveLength(1);
    expect(actions.items[0]?.event.action.target.name).toBe('add_to_cart');
    const resource = (await (await fetch(`${base}/events?type=resource&since=2`)).json()) as typeof all;
    expect(resource.items[0]?.event._dd.trace_id).toMatch(/^\d+$/);
    expect(((await (await fetch(`${base}/events?since=3`)).json()) as typeof all).items).toEqual([]);

    expect(counted).toContainEqual({ name: 'ecommerce.rum.intake.batches', value: 1, tags: { track: 'rum', mode: 'record', result: 'ok' } });
    expect(counted).toContainEqual({ name: 'ecommerce.rum.intake.events', value: 3, tags: { track: 'rum' } });
  });

  it('reads a deflate-compressed batch and browser-log batches', async () => {
    const { base } = await start();
    expect((await post(`${base}?ddforward=${ddforward}`, deflateSync(Buffer.from(batch)))).status).toBe(202);
    const logs = encodeURIComponent('/api/v2/logs?ddsource=browser&dd-api-key=pub');
    const log = JSON.stringify({ date: 1, message: 'Fetch error GET /api/cart', status: 'error', origin: 'network', service: 'shopfast-web' });
    expect((await post(`${base}?ddforward=${logs}`, log)).status).toBe(202);
    const items = ((await (await fetch(`${base}/events`)).json()) as { items: Array<{ track: string; type: string; event: { message?: string } }> }).items;
    expect(items.map((i) => `${i.track}:${i.type}`)).toEqual(['rum:view', 'rum:action', 'rum:resource', 'logs:log']);
    expect(items[3]?.event.message).toBe('Fetch error GET /api/cart');
  });

  it('keeps only the newest events when the buffer is full', async () => {
    const { base } = await start({ recorder: createRumEventRecorder({ capacity: 2 }) });
    await post(`${base}?ddforward=${ddforward}`, batch);
    const body = (await (await fetch(`${base}/events`)).json()) as { items: Array<{ seq: number; type: string }>; evicted: number };
    expect(body.items.map((i) => [i.seq, i.type])).toEqual([[2, 'action'], [3, 'resource']]);
    expect(body.evicted).toBe(1);
  });

  it('counts lines that are not JSON objects without dropping the rest', async () => {
    const { base } = await start();
    const response = await post(`${base}?ddforward=${ddforward}`, `not json\n[1,2]\n${batch.split('\n')[0]}\n`);
    expect(await response.json()).toEqual({ accepted: 1, invalidLines: 2 });
  });

  it('refuses to relay anywhere but the SDK intake paths', async () => {
    const { base, recorder } = await start();
    for (const bad of ['', 'ddforward=', `ddforward=${encodeURIComponent('https://evil.example.com/x')}`, `ddforward=${encodeURIComponent('/api/v1/validate?x')}`, `ddforward=${encodeURIComponent('/api/v2/rum/../../admin')}`, 'ddforward=a&ddforward=b']) {
      const response = await post(`${base}?${bad}`, batch);
      expect(response.status, bad).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_ddforward');
    }
    expect(recorder.list().items).toEqual([]);
  });

  it('rejects bad event queries with 400 and the error shape', async () => {
    const { base } = await start();
    for (const query of ['type=%27%20OR%201%3D1', 'since=-1', 'since=abc', 'limit=0', 'limit=99999', 'type[$ne]=x', 'unknown=1']) {
      const response = await fetch(`${base}/events?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    }
  });

  it('answers 413 for a body over the limit', async () => {
    const { base } = await start({ bodyLimit: '1kb' });
    const response = await post(`${base}?ddforward=${ddforward}`, batch);
    expect(response.status).toBe(413);
  });

  it('answers 413 payload_too_large for a compressed batch that inflates past the cap (a decompression bomb), recording nothing', async () => {
    const { base, recorder, counted } = await start();
    // 9 MiB of JSON lines deflate to a few KB: well under the 1 MB body limit, over the 8 MiB inflate cap.
    const line = `${batch.split('\n')[0]}\n`;
    const bomb = deflateSync(Buffer.from(line.repeat(Math.ceil((MAX_INFLATED_BYTES + 1024 * 1024) / line.length))));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const response = await post(`${base}?ddforward=${ddforward}`, bomb);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(recorder.list().items).toEqual([]);
    expect(counted).toContainEqual({ name: 'ecommerce.rum.intake.batches', value: 1, tags: { track: 'rum', mode: 'record', result: 'too_large' } });
    // A compressed batch under the cap still goes through.
    expect((await post(`${base}?ddforward=${ddforward}`, deflateSync(Buffer.from(line.repeat(100))))).status).toBe(202);
  });

  it('stops inflating at the cap instead of allocating the whole output', () => {
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, ' '));
    expect(() => decodeBatch(bomb, 1024 * 1024)).toThrow(BatchTooLargeError);
    expect(decodeBatch(deflateSync(Buffer.from('{"type":"view"}\n')), 1024).events).toEqual([{ type: 'view' }]);
  });

  it('shows the recorded events to a client on this machine only, unless canReadEvents admits it', async () => {
    const local = await start({}, true);
    expect((await fetch(`${local.base}/events`)).status).toBe(200);
    const remote = await fetch(`${local.base}/events`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(remote.status).toBe(403);
    expect(((await remote.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    // A spoofed loopback address from a remote peer is not enough: only trusted proxies set req.ip.
    const untrusted = await start({}, false);
    expect((await fetch(`${untrusted.base}/events`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(200);

    const withKey = await start({ canReadEvents: (req) => req.get('authorization') === 'Bearer key' }, true);
    expect((await fetch(`${withKey.base}/events`)).status).toBe(403);
    expect((await fetch(`${withKey.base}/events`, { headers: { authorization: 'Bearer key', 'x-forwarded-for': '203.0.113.9' } })).status).toBe(200);
  });

  it('knows loopback addresses in their IPv4, IPv4-mapped and IPv6 forms', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::ffff:127.0.0.1', '::1']) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of [undefined, '10.0.0.1', '::ffff:10.0.0.1', '172.28.0.1', '127.0.0.1.evil', '::2', '1127.0.0.1']) expect(isLoopbackAddress(address), String(address)).toBe(false);
  });
});

describe('RUM intake proxy, forwarding to Datadog (site set)', () => {
  it('builds the intake host the way the SDK does', () => {
    expect(intakeHostFor('datadoghq.com')).toBe('browser-intake-datadoghq.com');
    expect(intakeHostFor('us3.datadoghq.com')).toBe('browser-intake-us3-datadoghq.com');
    expect(intakeHostFor('datadoghq.eu')).toBe('browser-intake-datadoghq.eu');
  });

  it('answers 502 and records nothing when the intake cannot be reached, and hides the event list', async () => {
    // `.invalid` never resolves (RFC 2606), so this fails fast without touching the internet.
    const { base, recorder, counted } = await start({ site: 'shopfast.invalid' });
    const response = await post(`${base}?ddforward=${ddforward}`, batch);
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('intake_unavailable');
    expect(recorder.list().items).toEqual([]);
    expect(counted).toContainEqual({ name: 'ecommerce.rum.intake.batches', value: 1, tags: { track: 'rum', mode: 'forward', result: 'failed' } });
    expect((await fetch(`${base}/events`)).status).toBe(404);
  });

  it('refuses a site that is not a host name', () => {
    expect(() => createRumIntakeRouter({ site: 'evil.com/x?', recorder: createRumEventRecorder(), logger: { warn: () => undefined, debug: () => undefined }, metrics: { increment: () => undefined } })).toThrow(/not a Datadog site/);
  });
});
