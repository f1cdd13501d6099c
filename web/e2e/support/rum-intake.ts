// Where the browser's RUM batches go during the tests: the gateway's /api/rum once it mounts the
// intake router, else the same router in a small local server that the test edge points /api/rum at.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createRumEventRecorder, createRumIntakeRouter, type RecordedEvent } from '@shopfast/rum-intake';
import { GATEWAY } from './stack';

export interface RumIntake {
  /** host:port for the edge's /api/rum upstream; undefined = the gateway serves it. */
  upstream: string | undefined;
  events(query?: { type?: string; since?: number }): Promise<RecordedEvent[]>;
  lastSeq(): Promise<number>;
  close(): Promise<void>;
}

async function listFrom(base: string, query: { type?: string; since?: number } = {}): Promise<{ items: RecordedEvent[]; lastSeq: number }> {
  const params = new URLSearchParams();
  if (query.type) params.set('type', query.type);
  if (query.since !== undefined) params.set('since', String(query.since));
  const response = await fetch(`${base}/api/rum/events?${params}`);
  if (!response.ok) throw new Error(`GET ${base}/api/rum/events answered ${response.status}`);
  return (await response.json()) as { items: RecordedEvent[]; lastSeq: number };
}

export async function startRumIntake(): Promise<RumIntake> {
  const gatewayHasIt = await fetch(`${GATEWAY}/api/rum/events?limit=1`).then((r) => r.ok, () => false);
  if (gatewayHasIt) {
    return {
      upstream: undefined,
      events: async (query) => (await listFrom(GATEWAY, query)).items,
      lastSeq: async () => (await listFrom(GATEWAY)).lastSeq,
      close: async () => undefined,
    };
  }
  const app = express();
  const quiet = { warn: () => undefined, debug: () => undefined };
  app.use('/api/rum', createRumIntakeRouter({ recorder: createRumEventRecorder(), logger: quiet, metrics: { increment: () => undefined } }));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    upstream: base.replace('http://', ''),
    events: async (query) => (await listFrom(base, query)).items,
    lastSeq: async () => (await listFrom(base)).lastSeq,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
