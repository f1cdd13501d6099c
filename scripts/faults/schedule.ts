// The scheduler's plan: which fault goes on and off when. A pure function of the seed, the duration, the
// options and the catalogue (in its file order), so a replay with the same seed switches the same faults at
// the same offsets; running it only follows the plan.
import type { FaultDefinition, FaultValue } from '@shopfast/feature-flags';
import type { ScheduleOptions } from './args';

export interface PlannedSwitch {
  /** Seconds from the start of the run, to a tenth. */
  at: number;
  action: 'on' | 'off';
  key: string;
  /** The value switched on; absent for off. */
  value?: FaultValue;
}

export type PlanOptions = Pick<ScheduleOptions, 'durationSeconds' | 'minOnSeconds' | 'maxOnSeconds' | 'maxConcurrent' | 'includeBrowser'> & { seed: number };

/** The faults a schedule may switch: server faults, and storefront ones (service `web`) only when asked. */
export function schedulable(catalogue: readonly FaultDefinition[], includeBrowser: boolean): FaultDefinition[] {
  return catalogue.filter((fault) => includeBrowser || fault.service !== 'web');
}

/** mulberry32: a small seeded generator (enough for a demo's dice, not for cryptography). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const tenth = (seconds: number) => Math.round(seconds * 10) / 10;

/**
 * A value around the one the catalogue runs the fault at (half to one and a half times it), inside its
 * range; booleans are simply on. Rounded like the catalogue's own value (whole numbers stay whole).
 */
function valueFor(fault: FaultDefinition, random: () => number): FaultValue {
  if (fault.type === 'boolean') return true;
  const on = fault.on as number;
  const raw = on * (0.5 + random());
  const clipped = Math.min(fault.max ?? raw, Math.max(fault.min ?? raw, raw));
  const value = Number.isInteger(on) ? Math.round(clipped) : Math.round(clipped * 100) / 100;
  // Never the off value: a switch that does nothing would make the log lie.
  return value === fault.default ? on : value;
}

/**
 * Faults go on one after another, a few to 30 seconds apart, at most `maxConcurrent` at a time, each for
 * `minOnSeconds`..`maxOnSeconds`, and every one is off by `durationSeconds`. Sorted by time, offs first at
 * the same moment.
 */
export function planSchedule(catalogue: readonly FaultDefinition[], options: PlanOptions): PlannedSwitch[] {
  const random = seededRandom(options.seed);
  const between = (low: number, high: number) => low + random() * (high - low);
  const candidates = schedulable(catalogue, options.includeBrowser);
  if (candidates.length === 0) return [];
  const plan: PlannedSwitch[] = [];
  const active = new Map<string, number>(); // key -> when it goes off
  let now = tenth(between(2, 15));
  while (now < options.durationSeconds - 1) {
    for (const [key, end] of active) if (end <= now) active.delete(key);
    if (active.size >= Math.min(options.maxConcurrent, candidates.length)) {
      now = Math.min(...active.values());
      continue;
    }
    const free = candidates.filter((fault) => !active.has(fault.key));
    const fault = free[Math.floor(random() * free.length)]!;
    const end = tenth(Math.min(options.durationSeconds, now + between(options.minOnSeconds, options.maxOnSeconds)));
    plan.push({ at: now, action: 'on', key: fault.key, value: valueFor(fault, random) });
    plan.push({ at: end, action: 'off', key: fault.key });
    active.set(fault.key, end);
    now = tenth(now + between(5, 30));
  }
  return plan.sort((a, b) => a.at - b.at || (a.action === b.action ? 0 : a.action === 'off' ? -1 : 1));
}

/** `+12.3s on paymentFailure=0.5` / `+40.0s off paymentFailure`: the log line of one switch. */
export function formatSwitch(entry: PlannedSwitch): string {
  return `+${entry.at.toFixed(1)}s ${entry.action} ${entry.key}${entry.action === 'on' ? `=${String(entry.value)}` : ''}`;
}

/** What was on when: one row per fault episode (key, value, from, to), for the closing summary. */
export function episodes(plan: readonly PlannedSwitch[]): Array<{ key: string; value: FaultValue; from: number; to: number }> {
  const open = new Map<string, PlannedSwitch>();
  const rows: Array<{ key: string; value: FaultValue; from: number; to: number }> = [];
  for (const entry of plan) {
    if (entry.action === 'on') open.set(entry.key, entry);
    else {
      const started = open.get(entry.key);
      if (started) rows.push({ key: entry.key, value: started.value!, from: started.at, to: entry.at });
      open.delete(entry.key);
    }
  }
  return rows.sort((a, b) => a.from - b.from);
}
