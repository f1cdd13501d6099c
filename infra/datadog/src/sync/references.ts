// Cross references between definitions: `${monitor:KEY}` and `${slo:KEY}` inside any string of a body (a
// composite monitor's query, a burn-rate monitor's `burn_rate("${slo:KEY}")`, a dashboard widget's ids). Ids
// exist only once an object is created, so `apply` creates what is referred to first and substitutes the ids;
// the exports turn the same placeholders into Terraform references.
import type { Definition } from '../definitions/types';

export type ReferenceKind = 'monitor' | 'slo';
export interface Reference {
  kind: ReferenceKind;
  key: string;
}

const PLACEHOLDER = /\$\{(monitor|slo):([^}\s]+)\}/g;

export const referenceId = (reference: Reference): string => `${reference.kind}:${reference.key}`;
export const placeholder = (reference: Reference): string => `\${${referenceId(reference)}}`;

/** Every reference in a value (deduplicated, in order of appearance). */
export function referencesIn(value: unknown): Reference[] {
  const found = new Map<string, Reference>();
  walkStrings(value, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const reference = { kind: match[1] as ReferenceKind, key: match[2] as string };
      found.set(referenceId(reference), reference);
    }
    return text;
  });
  return [...found.values()];
}

/**
 * The value with each placeholder replaced by what `resolve` gives for it (an id); placeholders it cannot
 * resolve are left as they are and listed.
 */
export function substitute<T>(value: T, resolve: (reference: Reference) => string | undefined): { value: T; unresolved: Reference[] } {
  const unresolved = new Map<string, Reference>();
  const replaced = walkStrings(value, (text) =>
    text.replace(PLACEHOLDER, (whole, kind: string, key: string) => {
      const reference = { kind: kind as ReferenceKind, key };
      const id = resolve(reference);
      if (id === undefined) unresolved.set(referenceId(reference), reference);
      return id ?? whole;
    }),
  );
  return { value: replaced as T, unresolved: [...unresolved.values()] };
}

/** A copy of `value` with `map` applied to every string in it (object keys are left alone). */
function walkStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((element) => walkStrings(element, map));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, walkStrings(child, map)]));
  }
  return value;
}

const definitionId = (definition: Definition): string => `${definition.kind}:${definition.key}`;

/**
 * The definitions ordered so that every one comes after those it refers to (stable: otherwise the given order).
 * Throws on a cycle. References to undefined objects are ignored here (the lint reports them).
 */
export function dependencyOrder<D extends Definition>(definitions: readonly D[]): D[] {
  const byId = new Map(definitions.map((definition) => [definitionId(definition), definition]));
  const ordered: D[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (definition: D, path: string[]): void => {
    const id = definitionId(definition);
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`definitions refer to each other in a cycle: ${[...path, id].join(' -> ')}`);
    state.set(id, 'visiting');
    for (const reference of referencesIn(definition.body)) {
      const target = byId.get(referenceId(reference));
      if (target) visit(target, [...path, id]);
    }
    state.set(id, 'done');
    ordered.push(definition);
  };
  for (const definition of definitions) visit(definition, []);
  return ordered;
}
