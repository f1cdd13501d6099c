// The --browser mode's two pieces that do not need a browser: the runtime config that switches RUM
// on for the local intake, and the tally of what the intake received from our sessions only.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRumTally } from './rum-tally.ts';
import { withLocalRum } from './run-browser.ts';

describe('RUM for synthetic browsers', () => {
  it('keeps the edge config when it has RUM ids, and otherwise fills in local ids and the intake proxy', () => {
    const configured = { rum: { applicationId: 'real-app', clientToken: 'pub123', proxy: '/api/rum' }, apiOrigin: '' };
    expect(withLocalRum(configured)).toBeUndefined();
    const local = withLocalRum({ rum: { applicationId: '', clientToken: '', env: 'local', proxy: '' }, features: { express_shipping_banner: true } });
    expect(local).toEqual({
      rum: { applicationId: 'shopfast-traffic-local', clientToken: 'pubshopfasttrafficlocal0000000000', env: 'local', proxy: '/api/rum', sessionSampleRate: 100 },
      features: { express_shipping_banner: true },
    });
  });
});

const event = (seq: number, session: string, type: string, extra: Record<string, unknown> = {}) => ({ seq, track: 'rum', type, event: { type, session: { id: session }, ...extra } });
let events: unknown[] = [];
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const since = Number(url.searchParams.get('since') ?? 0);
    const items = (events as Array<{ seq: number }>).filter((item) => item.seq > since);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items, lastSeq: events.length, evicted: 0 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the RUM tally', () => {
  it('counts only sessions our browsers had, from where the run started, with views by view id', async () => {
    events = [event(1, 'ours', 'view', { view: { id: 'v0' } })]; // before the run: not counted
    const tally = createRumTally(base);
    await tally.start();
    events.push(
      event(2, 'ours', 'view', { view: { id: 'v1' } }),
      event(3, 'ours', 'view', { view: { id: 'v1' } }), // the same view, updated
      event(4, 'ours', 'view', { view: { id: 'v2' } }),
      event(5, 'ours', 'action', { action: { type: 'custom', target: { name: 'purchase_completed' } } }),
      event(6, 'ours', 'action', { action: { type: 'click', target: { name: 'Place order' } } }),
      event(7, 'ours', 'error', { error: { message: 'boom' } }),
      event(8, 'someone-else', 'view', { view: { id: 'v9' } }),
      { seq: 9, track: 'logs', type: 'log', event: { status: 'error', session: { id: 'ours' } } },
    );
    await tally.poll();
    tally.addSession('ours');
    expect(tally.available).toBe(true);
    expect(tally.counts()).toEqual({ sessions: 1, sessionsSeen: 1, views: 2, customActions: 1, clicks: 1, resources: 0, errors: 1, logErrors: 1, purchaseCompleted: 1 });
  });
});
