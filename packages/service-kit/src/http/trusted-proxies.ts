import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import proxyAddr from 'proxy-addr';
import type { Logger } from '../telemetry/logger';

/** Express's named ranges (proxy-addr): loopback, linklocal, uniquelocal. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
/** An RFC 1123 host name: compose service names (`edge`), Kubernetes Services, FQDNs. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** True for an entry TRUST_PROXY accepts: an address, a CIDR, a named range or a host name. */
export function isTrustedProxyEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family !== 0) {
    if (rest.length > 0) return false;
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  }
  return prefix === undefined && HOST_NAME.test(entry) && !/^\d+(\.\d+)*$/.test(entry);
}

export type ResolveHost = (host: string) => Promise<string[]>;

export interface TrustedProxiesOptions {
  /** How often host names are looked up again (a recreated container gets a new address). */
  refreshMs?: number;
  /** Host name → addresses; default: the system resolver (Docker's embedded DNS in compose). */
  resolve?: ResolveHost;
  logger?: Logger;
}

export interface TrustedProxies {
  /** For Express's `trust proxy` setting: is the peer at `address` a proxy whose X-Forwarded-For we believe? */
  trust: (address: string, hop: number) => boolean;
  /** Looks the host names up now; resolves when done (failures are logged, never thrown). */
  refresh(): Promise<void>;
  /** Starts looking host names up every `refreshMs`, and at once. */
  start(): void;
  stop(): void;
}

const systemResolve: ResolveHost = async (host) => (await lookup(host, { all: true })).map((entry) => entry.address);

/** `::ffff:172.18.0.5` and `172.18.0.5` are the same peer. */
const normalize = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

/**
 * Which peers may tell the gateway the client's address. Addresses, CIDRs and Express's named ranges
 * are matched as Express does; host names are trusted by what they resolve to, looked up again every
 * few seconds. That lets compose trust "the edge container" by its service name instead of by a fixed
 * IP, which Docker may already have handed to another container (docs/decisions/006).
 *
 * Until a host name resolves (the edge starts after the gateway), requests it forwards are keyed by
 * the edge's own address: rate limits get coarser for a few seconds, nothing is refused.
 */
export function createTrustedProxies(entries: readonly string[], options: TrustedProxiesOptions = {}): TrustedProxies {
  const bad = entries.filter((entry) => !isTrustedProxyEntry(entry));
  if (bad.length > 0) throw new Error(`not an address, CIDR, named range or host name: ${bad.join(', ')}`);
  const hostNames = entries.filter((entry) => isIP(entry.split('/')[0]!) === 0 && !NAMED_RANGES.has(entry));
  const ranges = entries.filter((entry) => !hostNames.includes(entry));
  const matchRange = ranges.length > 0 ? proxyAddr.compile(ranges) : () => false;
  const resolve = options.resolve ?? systemResolve;
  const refreshMs = options.refreshMs ?? 10_000;
  /** Addresses each host name resolved to at its last successful lookup. */
  const resolved = new Map<string, Set<string>>();
  let trusted = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  const failing = new Set<string>();

  const lookUpAll = async () => {
    await Promise.all(
      hostNames.map(async (host) => {
        try {
          resolved.set(host, new Set((await resolve(host)).map(normalize)));
          if (failing.delete(host)) options.logger?.info({ host }, 'trusted proxy host name resolves again');
        } catch (error) {
          const code = (error as { code?: string }).code;
          // The name does not exist (the edge is stopped, or not started yet): trust nobody for it. Its old
          // address may be handed to another container. Any other failure (DNS slow or unreachable) keeps
          // the last answer: a hiccup must neither widen nor drop trust.
          const gone = code === 'ENOTFOUND' || code === 'ENODATA';
          if (gone) resolved.delete(host);
          if (!failing.has(host)) {
            options.logger?.warn(
              { host, err: error },
              gone ? 'trusted proxy host name does not resolve; its X-Forwarded-For is not believed until it does' : 'could not look up a trusted proxy host name; keeping its last known addresses',
            );
          }
          failing.add(host);
        }
      }),
    );
    trusted = new Set([...resolved.values()].flatMap((addresses) => [...addresses]));
  };

  const refresh = () => {
    if (hostNames.length === 0) return Promise.resolve();
    inFlight ??= lookUpAll().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return {
    trust: (address, hop) => matchRange(address, hop) || trusted.has(normalize(address)),
    refresh,
    start() {
      if (hostNames.length === 0 || timer) return;
      void refresh();
      timer = setInterval(() => void refresh(), refreshMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
