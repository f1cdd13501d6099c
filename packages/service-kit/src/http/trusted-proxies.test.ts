import { Router } from 'express';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../telemetry/metrics';
import { createHttpApp } from './create-app';
import { createTrustedProxies, isTrustedProxyEntry, type ResolveHost } from './trusted-proxies';

const logger = pino({ level: 'silent' });
const metrics = createMetrics({ host: '127.0.0.1', port: 9, logger, mock: true });
const whoAmI = Router().get('/whoami', (req, res) => {
  res.json({ ip: req.ip });
});

describe('TRUST_PROXY entries', () => {
  it.each(['loopback', 'uniquelocal', '10.0.0.1', '172.16.0.0/12', '::1', 'fd00::/8', 'edge', 'shopfast-edge.shop.svc.cluster.local'])('accepts %s', (entry) => {
    expect(isTrustedProxyEntry(entry)).toBe(true);
  });

  it.each(['', '10.0.0.1/33', '10.0.0.0/8/1', 'edge/24', '-edge', 'edge_1', '999.1.1.1', 'a b'])('rejects %j', (entry) => {
    expect(isTrustedProxyEntry(entry)).toBe(false);
  });

  it('refuses to build from an entry it cannot use', () => {
    expect(() => createTrustedProxies(['edge', '10.0.0.1/40'])).toThrow(/10\.0\.0\.1\/40/);
  });
});

describe('trusting a proxy by host name', () => {
  it('believes X-Forwarded-For from whatever the name resolves to (the system resolver: localhost)', async () => {
    const proxies = createTrustedProxies(['localhost']);
    await proxies.refresh();
    const app = createHttpApp({ logger, metrics, readiness: {}, routes: whoAmI, trustProxy: proxies.trust });
    const response = await request(app).get('/whoami').set('x-forwarded-for', '203.0.113.7');
    expect(response.body.ip).toBe('203.0.113.7');
  });

  it('does not believe it before the name resolves, nor from a peer the name does not resolve to', async () => {
    const elsewhere = createTrustedProxies(['edge'], { resolve: async () => ['172.18.0.9'] });
    const app = createHttpApp({ logger, metrics, readiness: {}, routes: whoAmI, trustProxy: elsewhere.trust });
    const before = await request(app).get('/whoami').set('x-forwarded-for', '203.0.113.7');
    expect(before.body.ip).not.toBe('203.0.113.7');
    await elsewhere.refresh();
    const after = await request(app).get('/whoami').set('x-forwarded-for', '203.0.113.7');
    expect(after.body.ip).not.toBe('203.0.113.7');
    expect(elsewhere.trust('172.18.0.9', 0)).toBe(true);
    expect(elsewhere.trust('::ffff:172.18.0.9', 0)).toBe(true);
  });

  it('follows the name to a new address (a recreated container) and forgets the old one', async () => {
    let answer = ['172.18.0.9'];
    const proxies = createTrustedProxies(['edge'], { resolve: async () => answer });
    await proxies.refresh();
    answer = ['172.18.0.23'];
    await proxies.refresh();
    expect(proxies.trust('172.18.0.23', 0)).toBe(true);
    expect(proxies.trust('172.18.0.9', 0)).toBe(false);
  });

  it('keeps the last answer through a DNS hiccup, but trusts nobody once the name no longer exists', async () => {
    let resolve: ResolveHost = async () => ['172.18.0.9'];
    const proxies = createTrustedProxies(['edge'], { resolve: (host) => resolve(host) });
    await proxies.refresh();
    resolve = async () => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN edge'), { code: 'EAI_AGAIN' });
    };
    await proxies.refresh();
    expect(proxies.trust('172.18.0.9', 0)).toBe(true);
    // The edge was removed: its address may go to another container next.
    resolve = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND edge'), { code: 'ENOTFOUND' });
    };
    await proxies.refresh();
    expect(proxies.trust('172.18.0.9', 0)).toBe(false);

    const never = createTrustedProxies(['edge'], { resolve });
    await never.refresh();
    expect(never.trust('172.18.0.9', 0)).toBe(false);
  });

  it('keeps trusting one name when another fails to resolve', async () => {
    const proxies = createTrustedProxies(['edge', 'edge-2'], {
      resolve: async (host) => {
        if (host === 'edge') return ['172.18.0.9'];
        throw Object.assign(new Error('getaddrinfo ENOTFOUND edge-2'), { code: 'ENOTFOUND' });
      },
    });
    await proxies.refresh();
    expect(proxies.trust('172.18.0.9', 0)).toBe(true);
  });

  it('matches addresses and ranges without any lookup', async () => {
    let lookups = 0;
    const proxies = createTrustedProxies(['loopback', '10.1.0.0/16'], {
      resolve: async () => {
        lookups += 1;
        return [];
      },
    });
    proxies.start();
    await proxies.refresh();
    proxies.stop();
    expect(lookups).toBe(0);
    expect(proxies.trust('10.1.2.3', 0)).toBe(true);
    expect(proxies.trust('127.0.0.1', 0)).toBe(true);
    expect(proxies.trust('10.2.0.1', 0)).toBe(false);
  });
});
