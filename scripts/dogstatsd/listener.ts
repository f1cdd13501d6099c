// DogStatsD listener for local runs and tests. The Datadog test agent takes traces but not
// metrics, so this process stands in for the agent's DogStatsD server: it receives UDP
// datagrams, keeps the most recent lines in memory and serves them over HTTP.
//
//   UDP  DOGSTATSD_HOST:DOGSTATSD_PORT (127.0.0.1:8125)
//   HTTP DOGSTATSD_HOST:DOGSTATSD_API_PORT (127.0.0.1:8129)
//     GET  /lines?since=<seq>&name=<prefix>&type=<t>&tag=<k:v>&limit=<n>&wait=<ms>
//          → {"lines":[{seq,at,raw,name,value,type,sampleRate,tags,tagList,…}],"lastSeq":n}
//          `tag` may repeat (all must match); `wait` holds the request up to <ms> (max 30000)
//          until a matching line arrives; `limit` returns the first n matches and "more".
//     GET  /stats    counters, including lines that failed to parse and the last few of them
//     GET  /healthz
//     POST /clear    empties the buffer; sequence numbers keep increasing
//   Every line is also appended to DOGSTATSD_LINES_LOG when set ("<iso> <seq> <raw>").
//
// Run: node --import tsx scripts/dogstatsd/listener.ts   (the stack does this for you)
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DogStatsdLine, parseLine, splitPacket } from './parse-line';

export interface StoredLine extends DogStatsdLine {
  seq: number;
  at: string;
}

export interface ListenerOptions {
  host?: string;
  /** 0 picks a free port (tests). */
  udpPort?: number;
  apiPort?: number;
  /** How many lines to keep. */
  capacity?: number;
  linesLog?: string;
}

export interface Listener {
  udpPort: number;
  apiPort: number;
  close(): Promise<void>;
}

const MAX_WAIT_MS = 30_000;

/** Fixed-size ring of the most recent lines. */
class LineBuffer {
  private readonly items: (StoredLine | undefined)[];
  private start = 0;
  size = 0;
  evicted = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<StoredLine | undefined>(capacity);
  }

  push(line: StoredLine): void {
    if (this.size < this.capacity) {
      this.items[(this.start + this.size) % this.capacity] = line;
      this.size++;
    } else {
      this.items[this.start] = line;
      this.start = (this.start + 1) % this.capacity;
      this.evicted++;
    }
  }

  clear(): number {
    const cleared = this.size;
    this.items.fill(undefined);
    this.start = 0;
    this.size = 0;
    return cleared;
  }

  *newest(since: number): Generator<StoredLine> {
    for (let i = 0; i < this.size; i++) {
      const line = this.items[(this.start + i) % this.capacity];
      if (line && line.seq > since) yield line;
    }
  }
}

interface Query {
  since: number;
  name?: string;
  type?: string;
  tags: string[];
  limit?: number;
  waitMs: number;
}

function readQuery(url: URL): Query {
  const numberParam = (key: string) => {
    const raw = url.searchParams.get(key);
    const value = raw === null || raw === '' ? undefined : Number(raw);
    return value !== undefined && Number.isFinite(value) ? value : undefined;
  };
  return {
    since: numberParam('since') ?? 0,
    name: url.searchParams.get('name') ?? undefined,
    type: url.searchParams.get('type') ?? undefined,
    tags: url.searchParams.getAll('tag'),
    limit: numberParam('limit'),
    waitMs: Math.min(numberParam('wait') ?? 0, MAX_WAIT_MS),
  };
}

function matches(line: StoredLine, query: Query): boolean {
  if (query.name !== undefined && !line.name.startsWith(query.name)) return false;
  if (query.type !== undefined && line.type !== query.type) return false;
  return query.tags.every((tag) => line.tagList.includes(tag));
}

export async function startListener(options: ListenerOptions = {}): Promise<Listener> {
  const host = options.host ?? '127.0.0.1';
  const buffer = new LineBuffer(options.capacity ?? 50_000);
  const linesLog = options.linesLog ? fs.createWriteStream(options.linesLog, { flags: 'a' }) : undefined;
  const startedAt = new Date().toISOString();
  const stats = { packets: 0, lines: 0, invalid: 0 };
  const recentInvalid: { at: string; raw: string; reason: string }[] = [];
  let lastSeq = 0;
  const waiters = new Set<() => void>();

  const udp = dgram.createSocket('udp4');
  udp.on('message', (packet) => {
    stats.packets++;
    const at = new Date().toISOString();
    for (const raw of splitPacket(packet.toString('utf8'))) {
      const parsed = parseLine(raw);
      if (!parsed.ok) {
        stats.invalid++;
        recentInvalid.push({ at, raw, reason: parsed.reason });
        if (recentInvalid.length > 20) recentInvalid.shift();
        linesLog?.write(`${at} invalid (${parsed.reason}) ${raw}\n`);
        continue;
      }
      stats.lines++;
      const line: StoredLine = { seq: ++lastSeq, at, ...parsed.line };
      buffer.push(line);
      linesLog?.write(`${at} ${line.seq} ${raw}\n`);
    }
    for (const wake of waiters) wake();
  });
  udp.on('error', (err) => process.stderr.write(`dogstatsd udp error: ${err.message}\n`));

  const collect = (query: Query) => {
    const found: StoredLine[] = [];
    for (const line of buffer.newest(query.since)) {
      if (!matches(line, query)) continue;
      if (query.limit !== undefined && found.length >= query.limit) return { lines: found, more: true };
      found.push(line);
    }
    return { lines: found, more: false };
  };

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const api = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /healthz') return send(res, 200, { status: 'ok' });
    if (route === 'GET /stats') {
      return send(res, 200, {
        ...stats,
        buffered: buffer.size,
        capacity: buffer.capacity,
        evicted: buffer.evicted,
        lastSeq,
        startedAt,
        recentInvalid,
      });
    }
    if (route === 'POST /clear') return send(res, 200, { cleared: buffer.clear(), lastSeq });
    if (route !== 'GET /lines') return send(res, 404, { error: `no route ${route}` });

    const query = readQuery(url);
    const first = collect(query);
    if (first.lines.length > 0 || query.waitMs <= 0) return send(res, 200, { ...first, lastSeq });
    // Long poll: answer as soon as a matching line arrives, or with nothing at the deadline.
    const finish = () => {
      waiters.delete(check);
      clearTimeout(timer);
      send(res, 200, { ...collect(query), lastSeq });
    };
    const check = () => {
      if (collect(query).lines.length > 0) finish();
    };
    const timer = setTimeout(finish, query.waitMs);
    waiters.add(check);
    req.on('close', () => {
      waiters.delete(check);
      clearTimeout(timer);
    });
  });

  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(options.udpPort ?? 8125, host, () => {
      udp.off('error', reject);
      resolve();
    });
  });
  try {
    udp.setRecvBufferSize(8 * 1024 * 1024); // bursts of runtime metrics; the kernel may cap it
  } catch {
    // keep the default
  }
  await new Promise<void>((resolve, reject) => {
    api.once('error', reject);
    api.listen(options.apiPort ?? 8129, host, () => {
      api.off('error', reject);
      resolve();
    });
  });

  return {
    udpPort: udp.address().port,
    apiPort: (api.address() as AddressInfo).port,
    close: async () => {
      for (const wake of waiters) wake();
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      api.closeAllConnections();
      await new Promise<void>((resolve) => api.close(() => resolve()));
      await new Promise<void>((resolve) => (linesLog ? linesLog.end(resolve) : resolve()));
    },
  };
}

if (require.main === module) {
  const env = process.env;
  startListener({
    host: env.DOGSTATSD_HOST,
    udpPort: env.DOGSTATSD_PORT ? Number(env.DOGSTATSD_PORT) : undefined,
    apiPort: env.DOGSTATSD_API_PORT ? Number(env.DOGSTATSD_API_PORT) : undefined,
    capacity: env.DOGSTATSD_CAPACITY ? Number(env.DOGSTATSD_CAPACITY) : undefined,
    linesLog: env.DOGSTATSD_LINES_LOG || undefined,
  }).then(
    (listener) => {
      process.stdout.write(
        `dogstatsd listener: udp ${env.DOGSTATSD_HOST ?? '127.0.0.1'}:${listener.udpPort}, ` +
          `http api :${listener.apiPort}, pid ${process.pid}\n`,
      );
      const stop = () => {
        void listener.close().then(() => process.exit(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (err: Error) => {
      process.stderr.write(`dogstatsd listener failed to start: ${err.message}\n`);
      process.exit(1);
    },
  );
}
