// Readiness probes. Each returns true/false and never throws, so they can be polled.
import * as http from 'node:http';
import * as net from 'node:net';
import { HOST } from './ports';

/** True when GET `url` answers 200 within `timeoutMs`. */
export function httpOk(url: string, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** Opens a TCP connection, optionally sends `send`, and checks the reply starts with `expect`. */
export function tcpProbe(
  port: number,
  options: { send?: string; expect?: string; timeoutMs?: number } = {},
): Promise<boolean> {
  return new Promise((resolve) => {
    let reply = '';
    const socket = net.connect({ port, host: HOST });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(options.timeoutMs ?? 2_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      if (options.expect === undefined) return done(true);
      if (options.send) socket.write(options.send);
    });
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      const expected = options.expect ?? '';
      if (reply.length >= expected.length) done(reply.startsWith(expected));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` until it is true. Gives up after `timeoutMs`, or as soon as `stillRunning`
 * says the process died (no point waiting 60 s for a server that crashed at once).
 */
export async function waitUntil(
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; stillRunning?: () => boolean },
): Promise<'ready' | 'timeout' | 'exited'> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check()) return 'ready';
    if (options.stillRunning && !options.stillRunning()) {
      // One last look: it may have become ready and then daemonised.
      return (await check()) ? 'ready' : 'exited';
    }
    if (Date.now() >= deadline) return 'timeout';
    await sleep(options.intervalMs ?? 200);
  }
}
