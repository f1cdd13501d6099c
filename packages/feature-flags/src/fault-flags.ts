// The hook (and with it dd-trace) before the flagd provider, which loads @grpc/grpc-js: dd-trace warns when a
// module it instruments was loaded before it.
import { faultFlagHook, type FaultFlagsLogger, type FaultFlagsMetrics } from './hook';
import { FlagdProvider } from '@openfeature/flagd-provider';
import { NOOP_PROVIDER, OpenFeature, type Client } from '@openfeature/server-sdk';
import { DEFINITIONS_FILE, faultDefinitions, readFlagdDocument, type FaultValue } from './definitions';

/** What domain code reads faults through: the value of one fault right now (its off value when off). */
export interface FaultFlags {
  /** A numeric fault's value: 0 (or its definition's off value) while it is off. */
  number(key: string): Promise<number>;
  /** A boolean fault: false while it is off. */
  enabled(key: string): Promise<boolean>;
}

export interface FaultFlagsClient extends FaultFlags {
  /** Settles once the state file has been read (or could not be, then every fault reads off); never rejects. */
  ready: Promise<void>;
  /** Stops watching the state file. */
  close(): Promise<void>;
}

export interface FaultFlagsOptions {
  /** The runtime state file (FLAGS_FILE), written by the gateway's admin API. */
  stateFile: string;
  /** The service evaluating (DD_SERVICE): names its OpenFeature domain. */
  service: string;
  metrics: FaultFlagsMetrics;
  logger: FaultFlagsLogger;
  /** Where the off values come from; infra/flags/shopfast.flagd.json by default. */
  definitionsFile?: string;
  /** How often to try again while the state file cannot be read at start-up. */
  retryMs?: number;
}

const DEFAULT_RETRY_MS = 5_000;
let domains = 0;

/**
 * The faults of one service, evaluated by OpenFeature with the flagd provider reading the state file in-process:
 * no flag server, the file polled by the provider (a change is seen within about 5-7 s), every evaluation in
 * memory. A missing or broken state file never fails a request: evaluations answer the fault's off value, and
 * the file is tried again every `retryMs` until it can be read (the provider itself only watches a file it
 * could read once).
 */
export function createFaultFlags(options: FaultFlagsOptions): FaultFlagsClient {
  const offValues = readOffValues(options.definitionsFile ?? DEFINITIONS_FILE, options.logger);
  // A domain per instance: tests build several in one process, and each must keep its own state file.
  const domain = `shopfast-faults:${options.service}:${++domains}`;
  const client: Client = OpenFeature.getClient(domain);
  client.addHooks(faultFlagHook({ metrics: options.metrics, logger: options.logger }));

  let closed = false;
  let failing = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    try {
      await OpenFeature.setProviderAndWait(domain, new FlagdProvider({ resolverType: 'in-process', offlineFlagSourcePath: options.stateFile }));
      // Closed while the file was being read: stop the provider that just started polling it.
      if (closed) await OpenFeature.setProviderAndWait(domain, NOOP_PROVIDER).catch(() => undefined);
      else if (failing) options.logger.info({ stateFile: options.stateFile }, 'fault flags: the state file is readable again');
      failing = false;
    } catch (error) {
      if (closed) return;
      // Said once, not at every retry: a stack without the file would otherwise log every few seconds.
      if (!failing) options.logger.warn({ err: error, stateFile: options.stateFile }, 'fault flags: the state file cannot be read; every fault is off until it can');
      failing = true;
      retry = setTimeout(() => void connect(), options.retryMs ?? DEFAULT_RETRY_MS);
      // Never what keeps a process alive.
      retry.unref();
    }
  };
  const ready = connect();

  const off = (key: string, fallback: FaultValue) => offValues.get(key) ?? fallback;
  return {
    number: (key) => client.getNumberValue(key, numberOr(off(key, 0), 0)),
    enabled: (key) => client.getBooleanValue(key, booleanOr(off(key, false), false)),
    ready,
    async close() {
      closed = true;
      clearTimeout(retry);
      // Replacing the provider closes the flagd one, which stops polling the file.
      await OpenFeature.setProviderAndWait(domain, NOOP_PROVIDER).catch(() => undefined);
    },
  };
}

/** The off value of every fault, from the definitions; an unreadable file leaves 0/false as the defaults. */
function readOffValues(file: string, logger: FaultFlagsLogger): Map<string, FaultValue> {
  try {
    return new Map(faultDefinitions(readFlagdDocument(file)).map((definition) => [definition.key, definition.default]));
  } catch (error) {
    logger.warn({ err: error, definitionsFile: file }, 'fault flags: the definitions cannot be read; faults default to 0 and false');
    return new Map();
  }
}

const numberOr = (value: FaultValue, fallback: number) => (typeof value === 'number' ? value : fallback);
const booleanOr = (value: FaultValue, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);

/** Every fault off, always: the `faults` of a service built without fault flags (most tests). */
export const NO_FAULTS: FaultFlags = {
  number: () => Promise.resolve(0),
  enabled: () => Promise.resolve(false),
};
