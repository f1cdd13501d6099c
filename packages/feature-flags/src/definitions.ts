import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The fault catalogue: infra/flags/shopfast.flagd.json, in flagd's own schema, is the ONE definition of every
 * fault (its type, range, default and the "on" value, plus what it breaks and which signal shows it).
 *
 * What runs is a rendered copy of it, the *state* file (FLAGS_FILE): the same flags with the variants of the
 * faults someone switched on replaced by the value asked for and `defaultVariant: "on"`. Every service's flagd
 * provider reads the state file in-process and sees a change within seconds; the gateway's admin API (and so
 * `npm run faults` and the storefront's admin page) is the only writer. Deleting the state file, or rendering it
 * with no overrides, switches every fault off.
 */

export type FaultValue = number | boolean;

export interface FaultDefinition {
  key: string;
  description: string;
  type: 'number' | 'boolean';
  /** The value when off (0 or false). */
  default: FaultValue;
  /** The value `set KEY` without a value uses, and the one the definitions file ships as "on". */
  on: FaultValue;
  min?: number;
  max?: number;
  unit?: string;
  /** The service that reads it, or `web` for the storefront. */
  service: string;
  /** The Datadog signal it raises (docs/faults.md). */
  signal: string;
  /** The monitor that should catch it (infra/datadog, issue 14). */
  monitor: string;
}

interface FlagdFlag {
  state: 'ENABLED' | 'DISABLED';
  variants: Record<string, FaultValue>;
  defaultVariant: string;
  metadata?: Record<string, string | number | boolean>;
}

export interface FlagdDocument {
  $schema?: string;
  metadata?: Record<string, string | number | boolean>;
  flags: Record<string, FlagdFlag>;
}

/** infra/flags/shopfast.flagd.json from any file of this package (src/ or dist/). */
export const DEFINITIONS_FILE = join(__dirname, '..', '..', '..', 'infra', 'flags', 'shopfast.flagd.json');

export function readFlagdDocument(file: string): FlagdDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as FlagdDocument;
}

/** The catalogue as definitions, in the file's order. Throws on a flag that breaks the conventions above. */
export function faultDefinitions(document: FlagdDocument): FaultDefinition[] {
  return Object.entries(document.flags).map(([key, flag]) => {
    const meta = flag.metadata ?? {};
    const type = meta.type;
    if (type !== 'number' && type !== 'boolean') throw new Error(`flag ${key}: metadata.type must be number or boolean`);
    const off = flag.variants.off;
    const on = flag.variants.on;
    if (off === undefined || on === undefined || typeof off !== type || typeof on !== type) throw new Error(`flag ${key}: variants off and on must be ${type}s`);
    if (flag.defaultVariant !== 'off') throw new Error(`flag ${key}: the definitions ship every fault off (defaultVariant "off")`);
    const definition: FaultDefinition = {
      key,
      description: String(meta.description ?? ''),
      type,
      default: off,
      on,
      service: String(meta.service ?? ''),
      signal: String(meta.signal ?? ''),
      monitor: String(meta.monitor ?? ''),
    };
    if (type === 'number') {
      if (typeof meta.min !== 'number' || typeof meta.max !== 'number') throw new Error(`flag ${key}: numeric faults need metadata.min and metadata.max`);
      definition.min = meta.min;
      definition.max = meta.max;
      if (typeof meta.unit === 'string') definition.unit = meta.unit;
    }
    return definition;
  });
}

/** The allowed values of a fault, in words, for error messages ("a number from 0 to 1 (ratio)"). */
export function allowedRange(definition: FaultDefinition): string {
  if (definition.type === 'boolean') return 'true or false';
  return `a number from ${definition.min} to ${definition.max}${definition.unit ? ` (${definition.unit})` : ''}`;
}

export type Validated = { ok: true; value: FaultValue } | { ok: false; message: string };

/** Checks a value against the fault's type and range. Strings from a command line are parsed first. */
export function validateFaultValue(definition: FaultDefinition, raw: unknown): Validated {
  let value = raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (definition.type === 'boolean' && (text === 'true' || text === 'false')) value = text === 'true';
    else if (definition.type === 'number' && text !== '' && Number.isFinite(Number(text))) value = Number(text);
  }
  const wrong = { ok: false as const, message: `${definition.key} takes ${allowedRange(definition)}` };
  if (definition.type === 'boolean') return typeof value === 'boolean' ? { ok: true, value } : wrong;
  if (typeof value !== 'number' || !Number.isFinite(value)) return wrong;
  if (value < (definition.min ?? -Infinity) || value > (definition.max ?? Infinity)) return wrong;
  return { ok: true, value };
}

/** The faults a state file has switched on, with their values. */
export function overridesOf(state: FlagdDocument): Record<string, FaultValue> {
  const overrides: Record<string, FaultValue> = {};
  for (const [key, flag] of Object.entries(state.flags)) {
    const on = flag.variants.on;
    if (flag.defaultVariant === 'on' && on !== undefined) overrides[key] = on;
  }
  return overrides;
}

/**
 * The state file for `overrides` (already validated): the definitions with each overridden fault's `on`
 * variant set to its value and selected. Unknown keys are an error, never silently dropped.
 */
export function renderFlagState(definitions: FlagdDocument, overrides: Record<string, FaultValue>): FlagdDocument {
  const state: FlagdDocument = structuredClone(definitions);
  for (const [key, value] of Object.entries(overrides)) {
    const flag = state.flags[key];
    if (!flag) throw new Error(`unknown fault ${key}`);
    flag.variants.on = value;
    flag.defaultVariant = 'on';
  }
  return state;
}

/**
 * Writes a state file atomically (a temporary file in the same folder, then rename): a service's provider
 * polling the file never reads half of it.
 */
export async function writeFlagState(file: string, state: FlagdDocument): Promise<void> {
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
  await rename(temporary, file);
}
