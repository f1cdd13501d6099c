// The storefront's fault flags (docs/faults.md: imageSlowLoad, productPageJsError) through the OpenFeature
// web SDK. The gateway's GET /api/flags says which are on; an InMemoryProvider holds them and is refreshed
// every 10 s, so a fault switched on by `npm run faults` or /admin/faults reaches open pages without a
// reload. Every evaluation is reported to RUM (addFeatureFlagEvaluation), so a view's errors and timings
// show which faults were on.
import { useEffect, useState } from 'react';
import { InMemoryProvider, OpenFeature, ProviderEvents, type Hook, type InMemoryFlagConfiguration } from '@openfeature/web-sdk';
import { telemetry } from '../telemetry/rum';

/** The OpenFeature domain of the fault flags: other flags the shop may add keep their own provider. */
export const FAULTS_DOMAIN = 'shopfast-faults';
export const REFRESH_MS = 10_000;

export type FlagValues = Record<string, number | boolean>;

/** Reports each evaluation to RUM, where Datadog attaches it to the current view. */
const rumHook: Hook = {
  after(_hookContext, details) {
    const { value } = details;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') telemetry.flag(details.flagKey, value);
  },
};

const client = OpenFeature.getClient(FAULTS_DOMAIN);
client.addHooks(rumHook);

/** One variant per flag, the value now: all the in-memory provider needs. */
function toConfiguration(values: FlagValues): InMemoryFlagConfiguration {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { variants: { current: value }, defaultVariant: 'current', disabled: false }]));
}

/** Only well-typed values of a `{"flags":{...}}` answer; anything else reads as no flags (every fault off). */
export function parseFlags(raw: unknown): FlagValues {
  const flags = (raw as { flags?: unknown } | null)?.flags;
  if (!flags || typeof flags !== 'object') return {};
  return Object.fromEntries(Object.entries(flags).filter(([, value]) => typeof value === 'number' || typeof value === 'boolean')) as FlagValues;
}

export async function fetchFlags(origin: string, signal?: AbortSignal): Promise<FlagValues> {
  const response = await fetch(`${origin}/api/flags`, { cache: 'no-store', headers: { accept: 'application/json' }, signal });
  if (!response.ok) throw new Error(`GET /api/flags answered ${response.status}`);
  return parseFlags(await response.json());
}

export interface FaultFlagsOptions {
  load: () => Promise<FlagValues>;
  intervalMs?: number;
}

export interface FaultFlagsHandle {
  /** Settles once the first answer (or failure) is in. */
  ready: Promise<void>;
  /** Reads the flags now (also what the timer does). */
  refresh(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Registers the provider and keeps it fed. A failed read keeps the last values (no flag server means the
 * shop still works: with nothing read yet, every fault is off).
 */
export function startFaultFlags({ load, intervalMs = REFRESH_MS }: FaultFlagsOptions): FaultFlagsHandle {
  const provider = new InMemoryProvider({});
  let last = '{}';
  const registered = OpenFeature.setProviderAndWait(FAULTS_DOMAIN, provider);
  const refresh = async () => {
    try {
      const values = await load();
      const text = JSON.stringify(values);
      if (text === last) return; // unchanged: no re-render, no new evaluation
      last = text;
      await registered;
      await provider.putConfiguration(toConfiguration(values));
    } catch {
      // The gateway is down or restarting: keep what we had, try again at the next tick.
    }
  };
  const ready = refresh();
  const timer = setInterval(() => void refresh(), intervalMs);
  return {
    ready,
    refresh,
    async stop() {
      clearInterval(timer);
      await OpenFeature.clearProviders();
    },
  };
}

function evaluate<T extends number | boolean>(key: string, fallback: T): T {
  return (typeof fallback === 'number' ? client.getNumberValue(key, fallback) : client.getBooleanValue(key, fallback)) as T;
}

/**
 * A fault flag's value, re-read when the flags change. `fallback` is the fault's off value: what every
 * evaluation answers before the first read, without a provider, or for a flag the gateway does not send.
 */
export function useFaultFlag<T extends number | boolean>(key: string, fallback: T): T {
  const [value, setValue] = useState<T>(() => evaluate(key, fallback));
  useEffect(() => {
    const update = () => setValue(evaluate(key, fallback));
    client.addHandler(ProviderEvents.ConfigurationChanged, update);
    client.addHandler(ProviderEvents.Ready, update);
    return () => {
      client.removeHandler(ProviderEvents.ConfigurationChanged, update);
      client.removeHandler(ProviderEvents.Ready, update);
    };
  }, [key, fallback]);
  return value;
}

/** What productPageJsError throws: named so the RUM error is easy to find and to tell from a real bug. */
export class InjectedFaultError extends Error {
  override name = 'InjectedFaultError';
}
