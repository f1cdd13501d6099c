// The live progress line on stderr: elapsed time, requests/s and errors since the last line, journeys
// in flight, and each journey's p95 over the last 10 s. On a terminal it is redrawn every second in
// place; otherwise (CI, docker logs) a plain line every --progress-interval seconds.
import type { RunStats } from './stats.ts';

export interface ProgressOptions {
  stats: RunStats;
  stream: NodeJS.WriteStream;
  /** Seconds between lines when the stream is not a terminal. */
  plainIntervalSeconds: number;
  inFlight: () => number;
  /** Extra text at the end of the line (browser mode: RUM events seen). */
  extra?: () => string;
}

const clock = (ms: number) => {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/** One line: what happened since the previous one (`since`) and where the run stands. */
export function progressLine(stats: RunStats, since: { requests: number; errors: number; atMs: number }, nowMs: number, startedMs: number, inFlight: number): string {
  const seconds = Math.max(0.001, (nowMs - since.atMs) / 1000);
  const requests = stats.requests - since.requests;
  const errors = stats.errors - since.errors;
  const p95 = stats
    .journeys()
    .filter((journey) => journey.name !== 'setup')
    .map((journey) => {
      const recent = journey.recent.merged();
      return recent.count > 0 ? `${journey.name} ${Math.round(recent.percentile(95))}` : undefined;
    })
    .filter(Boolean)
    .join(' ');
  const rate = (stats.errorRate() * 100).toFixed(2);
  return `[traffic] ${clock(nowMs - startedMs)}  ${(requests / seconds).toFixed(1)} req/s  errors ${errors} (total ${stats.errors}, ${rate}%)  in flight ${inFlight}  p95 ms: ${p95 || '-'}`;
}

export function startProgress(options: ProgressOptions): () => void {
  const { stats, stream } = options;
  const tty = stream.isTTY === true;
  const startedMs = performance.now();
  let since = { requests: 0, errors: 0, atMs: startedMs };
  let ticks = 0;

  const print = () => {
    const now = performance.now();
    const extra = options.extra?.() ?? '';
    const line = progressLine(stats, since, now, startedMs, options.inFlight()) + (extra ? `  ${extra}` : '');
    since = { requests: stats.requests, errors: stats.errors, atMs: now };
    if (tty) {
      // Redrawn in place: cut to the terminal's width so it never wraps onto a second line.
      const width = Math.max(20, (stream.columns ?? 120) - 1);
      stream.write(`\r\x1b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    } else {
      stream.write(`${line}\n`);
    }
  };

  const timer = setInterval(() => {
    ticks++;
    if (tty || ticks % options.plainIntervalSeconds === 0) print();
    stats.rotate();
  }, 1_000);

  return () => {
    clearInterval(timer);
    if (tty) stream.write('\r\x1b[2K');
  };
}
