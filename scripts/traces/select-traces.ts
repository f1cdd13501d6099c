import type { Trace } from './build-traces';

/**
 * Root operations of background work that polls on a timer (stream reads, outbox and heartbeat
 * queries, connection set-up): hundreds of one-span traces that would bury the requests.
 */
export const NOISE_ROOT_NAMES = new Set(['redis.command', 'postgresql.query', 'postgresql.pool.acquire', 'mongodb.query', 'dns.lookup', 'tcp.connect', 'net.connect']);

/**
 * Noise: a root that is a store command or connection step, or a trace the code marked `manual.drop`
 * (dd-trace turns that tag into sampling priority -1, "user reject", and may not keep the tag itself).
 */
export function isNoise(trace: Trace): boolean {
  const root = trace.roots[0]?.span;
  if (!root) return true;
  if (NOISE_ROOT_NAMES.has(root.name)) return true;
  if (root.meta['manual.drop'] !== undefined) return true;
  const priority = root.metrics['_sampling_priority_v1'];
  return typeof priority === 'number' && priority < 0;
}

export interface SelectOptions {
  limit: number;
  service?: string;
  all: boolean;
}

/** Newest first by root start, noise dropped unless `all`, only traces touching `service` when given. */
export function selectTraces(traces: Trace[], options: SelectOptions): Trace[] {
  return traces
    .filter((trace) => options.all || !isNoise(trace))
    .filter((trace) => !options.service || trace.services.includes(options.service))
    .sort((a, b) => b.start - a.start)
    .slice(0, options.limit);
}
