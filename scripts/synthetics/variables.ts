// Variables of a synthetic test run, as Datadog handles them: local variables generated from a pattern at
// the start of each run (`{{ numeric(12) }}`, `{{ alphanumeric(20) }}`, `{{ uuid }}`, `{{ timestamp(0, s) }}`,
// text around them, and earlier variables), values extracted by earlier steps, and `{{ NAME }}` substituted
// into URLs, headers, bodies and assertion targets. Secure variables are masked in anything printed.
import { randomInt, randomUUID } from 'node:crypto';

export interface Variable {
  value: string;
  /** Never printed: Datadog obfuscates secure variables in results. */
  secure: boolean;
}

export type Variables = Map<string, Variable>;

export class VariableError extends Error {
  override name = 'VariableError';
}

/** What generation needs from the outside world; tests pass fixed ones. */
export interface Generators {
  now: () => number;
  /** An integer in [0, max). */
  randomInt: (max: number) => number;
  uuid: () => string;
}

export const systemGenerators: Generators = { now: Date.now, randomInt: (max) => randomInt(max), uuid: randomUUID };

const DIGITS = '0123456789';
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const TIMESTAMP_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `{{ NAME }}` or `{{ builtin(args) }}`, with any spacing inside the braces. */
const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

function randomString(alphabet: string, length: number, generators: Generators): string {
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[generators.randomInt(alphabet.length)];
  return text;
}

function lengthArgument(name: string, args: string): number {
  const length = Number(args.trim());
  if (!Number.isInteger(length) || length < 1 || length > 1_000) throw new VariableError(`${name}(${args}): the length must be a whole number from 1 to 1000`);
  return length;
}

/** One builtin, e.g. `numeric(12)`, `uuid`, `timestamp(-60, s)`; undefined when the text is not a builtin. */
function builtin(expression: string, generators: Generators): string | undefined {
  if (expression === 'uuid') return generators.uuid();
  const call = /^(\w+)\((.*)\)$/.exec(expression);
  if (!call) return undefined;
  const [, name = '', args = ''] = call;
  switch (name) {
    case 'numeric':
      return randomString(DIGITS, lengthArgument(name, args), generators);
    case 'alphabetic':
      return randomString(LETTERS, lengthArgument(name, args), generators);
    case 'alphanumeric':
      return randomString(DIGITS + LETTERS, lengthArgument(name, args), generators);
    case 'timestamp': {
      const [offsetText = '', unitText = ''] = args.split(',').map((part) => part.trim());
      const offset = Number(offsetText);
      const unit = TIMESTAMP_UNITS[unitText];
      if (!Number.isInteger(offset) || unit === undefined) {
        throw new VariableError(`timestamp(${args}): expected timestamp(<whole number>, ${Object.keys(TIMESTAMP_UNITS).join('|')})`);
      }
      return String(Math.floor((generators.now() + offset * unit) / unit));
    }
    default:
      // date(n unit, format) and anything newer: say so rather than send a wrong value.
      throw new VariableError(`{{ ${expression} }}: this builtin is not supported by the local runner`);
  }
}

/**
 * Replaces every `{{ NAME }}` by its value. `allowBuiltins` is for local variable patterns, where Datadog also
 * expands the builtins; elsewhere an unknown name is an error (a typo would otherwise be sent as is).
 */
export function substitute(text: string, variables: Variables, generators: Generators = systemGenerators, allowBuiltins = false): string {
  return text.replace(PLACEHOLDER, (_match, expression: string) => {
    const known = variables.get(expression);
    if (known) return known.value;
    if (allowBuiltins) {
      const value = builtin(expression, generators);
      if (value !== undefined) return value;
    }
    throw new VariableError(`{{ ${expression} }} is not a variable of this test (known: ${[...variables.keys()].join(', ') || 'none'})`);
  });
}

/** substitute() over every string of a headers object. */
export function substituteAll(record: Record<string, string> | undefined, variables: Variables): Record<string, string> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([key, value]) => [key, substitute(value, variables)]));
}

/** The local variables of one run, each generated from its pattern in order (a pattern may use earlier ones). */
export function generateLocalVariables(
  definitions: ReadonlyArray<{ name: string; type?: unknown; pattern?: string; example?: string; secure?: boolean }> | undefined,
  generators: Generators = systemGenerators,
): Variables {
  const variables: Variables = new Map();
  for (const definition of definitions ?? []) {
    if (definition.type !== 'text') {
      throw new VariableError(`variable ${definition.name}: type ${String(definition.type)} needs Datadog (global variables live in the organisation); the local runner supports text variables`);
    }
    const value = substitute(definition.pattern ?? definition.example ?? '', variables, generators, true);
    variables.set(definition.name, { value, secure: definition.secure ?? false });
  }
  return variables;
}

/** The text with every secure variable's value replaced by asterisks, for reports. */
export function mask(text: string, variables: Variables): string {
  let masked = text;
  for (const variable of variables.values()) {
    if (variable.secure && variable.value.length > 0) masked = masked.split(variable.value).join('********');
  }
  return masked;
}
