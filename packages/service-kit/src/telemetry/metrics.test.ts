import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from './metrics';

const logger = pino({ level: 'silent' });
let socket: Socket | undefined;

afterEach(() => socket?.close());

/** A real UDP listener on an ephemeral port, collecting every line it receives. */
async function listen(): Promise<{ port: number; lines: string[] }> {
  const lines: string[] = [];
  socket = createSocket('udp4');
  socket.on('message', (message) => lines.push(...message.toString().split('\n').filter(Boolean)));
  await new Promise<void>((resolve) => socket!.bind(0, '127.0.0.1', resolve));
  return { port: (socket.address() as AddressInfo).port, lines };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('createMetrics', () => {
  it('sends DogStatsD lines with global tags and per-call tags over UDP', async () => {
    const { port, lines } = await listen();
    const metrics = createMetrics({ host: '127.0.0.1', port, logger, globalTags: { team: 'shop' } });
    metrics.increment('ecommerce.orders.completed', 1, { region: 'eu' });
    metrics.distribution('ecommerce.order.value', 42.5, { currency: 'EUR' });
    metrics.gauge('ecommerce.active_users', 7);
    await metrics.close();
    await until(() => lines.length >= 3);

    expect(lines).toContainEqual(expect.stringMatching(/^ecommerce\.orders\.completed:1\|c\|#(.*,)?team:shop(,.*)?$/));
    const order = lines.find((line) => line.startsWith('ecommerce.order.value:'));
    expect(order).toMatch(/^ecommerce\.order\.value:42\.5\|d\|#/);
    expect(order).toContain('currency:EUR');
    expect(order).toContain('team:shop');
    expect(lines.find((line) => line.startsWith('ecommerce.active_users:'))).toMatch(/\|g\|/);
  });

  it('applies the prefix to every name', async () => {
    const { port, lines } = await listen();
    const metrics = createMetrics({ host: '127.0.0.1', port, logger, prefix: 'demo' });
    metrics.increment('hits');
    await metrics.close();
    await until(() => lines.length >= 1);
    expect(lines[0]).toMatch(/^demo\.hits:1\|c/);
  });

  it('never throws when nothing listens (telemetry is best effort)', async () => {
    const { port } = await listen();
    socket!.close();
    socket = undefined;
    const metrics = createMetrics({ host: '127.0.0.1', port, logger });
    expect(() => {
      for (let i = 0; i < 100; i++) metrics.increment('ecommerce.feature.used', 1, { feature: 'x' });
    }).not.toThrow();
    await expect(metrics.close()).resolves.toBeUndefined();
  });
});
