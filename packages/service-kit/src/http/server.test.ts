import express from 'express';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startHttpServer } from './server';

const logger = pino({ level: 'silent' });

describe('startHttpServer graceful shutdown', () => {
  it('finishes in-flight requests, refuses new ones, then closes resources in order', async () => {
    const closed: string[] = [];
    const app = express();
    let arrived = false;
    app.get('/slow', (_req, res) => {
      arrived = true;
      setTimeout(() => res.json({ done: true }), 300);
    });
    const running = await startHttpServer({
      app,
      port: 0,
      host: '127.0.0.1',
      logger,
      shutdownTimeoutMs: 5_000,
      exitProcess: false,
      closeables: [
        { name: 'db', close: async () => void closed.push('db') },
        { name: 'metrics', close: async () => void closed.push('metrics') },
      ],
    });
    const url = `http://127.0.0.1:${running.port}`;

    const inFlight = fetch(`${url}/slow`);
    await expect.poll(() => arrived, { timeout: 5_000, interval: 5 }).toBe(true);
    const shutdown = running.shutdown('test');

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await shutdown;
    expect(closed).toEqual(['db', 'metrics']);
    await expect(fetch(`${url}/slow`)).rejects.toThrow();
  });

  it('cuts requests that outlive the shutdown timeout instead of hanging', async () => {
    const app = express();
    let arrived = false;
    app.get('/stuck', () => {
      arrived = true;
    });
    const running = await startHttpServer({ app, port: 0, host: '127.0.0.1', logger, shutdownTimeoutMs: 200, exitProcess: false, closeables: [] });
    const stuck = fetch(`http://127.0.0.1:${running.port}/stuck`).catch((error: unknown) => error);
    await expect.poll(() => arrived, { timeout: 5_000, interval: 5 }).toBe(true);
    await running.shutdown('test');
    expect(await stuck).toBeInstanceOf(Error);
  });
});
