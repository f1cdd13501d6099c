// How an object in the organisation says "ShopFast manages me, as definition KEY of environment ENV". Monitors,
// SLOs and synthetic tests carry three tags (`managed-by:shopfast`, `managed_env:<env>`, `managed_key:<key>`); a
// dashboard's `tags` only take `team:` tags, so a dashboard carries one marker line at the end of its description
// (`managed-by:shopfast managed_env:<env> managed_key:<key>`); a webhook has neither, and its name (Datadog's id
// for it, with the env in it: definitions/webhook.ts) is its key.
//
// The env is the tool's scope: `npm run datadog` for DD_ENV=prod reads, changes and deletes only objects marked
// `managed_env:prod`, so staging and prod can share an organisation. The tool adds the marker to every definition
// it sends, so a definition need not spell it out (and one that does gets no duplicate), and it never reads,
// changes or deletes an object without it.
import { MANAGED_BY_TAG, MANAGED_ENV_PREFIX, MANAGED_KEY_PREFIX, type Definition, type DefinitionKind } from '../definitions/types';

export const managedKeyTag = (key: string): string => `${MANAGED_KEY_PREFIX}${key}`;
export const managedEnvTag = (env: string): string => `${MANAGED_ENV_PREFIX}${env}`;
/** The line a managed dashboard's description ends with. */
export const descriptionMarker = (key: string, env: string): string => `${MANAGED_BY_TAG} ${managedEnvTag(env)} ${managedKeyTag(key)}`;

/** A marker line, with or without the env (objects marked before envs were scoped have none). */
const MARKER_LINE = new RegExp(`^${escape(MANAGED_BY_TAG)}(?: ${escape(MANAGED_ENV_PREFIX)}(\\S+))? ${escape(MANAGED_KEY_PREFIX)}(\\S+)[ \\t]*$`, 'm');

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Kinds whose objects carry the marker as tags. */
export const TAGGED_KINDS: ReadonlySet<DefinitionKind> = new Set(['monitor', 'slo', 'synthetics-api', 'synthetics-browser']);

const isMarkerTag = (tag: string): boolean => tag === MANAGED_BY_TAG || tag.startsWith(MANAGED_KEY_PREFIX) || tag.startsWith(MANAGED_ENV_PREFIX);

/** The description without its marker line (and the blank line before it). */
function unmarked(description: string): string {
  return description.replace(MARKER_LINE, '').trimEnd();
}

/** The definition with the marker of `env`, the way it is sent; the definition itself is not changed. */
export function withMarker<D extends Definition>(definition: D, env: string): D {
  if (TAGGED_KINDS.has(definition.kind)) {
    const body = definition.body as { tags?: string[] };
    // A marker tag the definition spelled out for another key or env is replaced, not kept beside the right one.
    const own = (body.tags ?? []).filter((tag) => !isMarkerTag(tag) || tag === MANAGED_BY_TAG);
    const tags = [...own];
    for (const tag of [MANAGED_BY_TAG, managedEnvTag(env), managedKeyTag(definition.key)]) if (!tags.includes(tag)) tags.push(tag);
    return { ...definition, body: { ...body, tags } };
  }
  if (definition.kind === 'dashboard') {
    const description = unmarked(definition.body.description ?? '');
    const marked = description.trim() === '' ? descriptionMarker(definition.key, env) : `${description}\n\n${descriptionMarker(definition.key, env)}`;
    return { ...definition, body: { ...definition.body, description: marked } };
  }
  return definition;
}

/**
 * The definition without the marker: what the Terraform and Operator exports write, so objects another tool
 * owns are never taken for this tool's own (`plan` would otherwise offer to change or delete them).
 */
export function withoutMarker<D extends Definition>(definition: D): D {
  if (TAGGED_KINDS.has(definition.kind)) {
    const body = definition.body as { tags?: string[] };
    if (!body.tags) return definition;
    return { ...definition, body: { ...body, tags: body.tags.filter((tag) => !isMarkerTag(tag)) } };
  }
  if (definition.kind === 'dashboard' && definition.body.description) {
    const { description: marked, ...rest } = definition.body;
    const description = unmarked(marked ?? '');
    return { ...definition, body: description === '' ? rest : { ...rest, description } };
  }
  return definition;
}

export interface Marker {
  /** Carries the managed-by marker. */
  managed: boolean;
  key: string | undefined;
  /** The env it was applied for; undefined for an object marked before envs were scoped. */
  env: string | undefined;
}

/** What an object's tags say: managed or not, its env and its key when it has them. */
export function markerFromTags(tags: readonly string[] | undefined): Marker {
  const list = tags ?? [];
  const value = (prefix: string) => list.find((tag) => tag.startsWith(prefix))?.slice(prefix.length) || undefined;
  return { managed: list.includes(MANAGED_BY_TAG), key: value(MANAGED_KEY_PREFIX), env: value(MANAGED_ENV_PREFIX) };
}

/** What a dashboard's description says: managed or not, its env and its key. */
export function markerFromDescription(description: string | undefined | null): Marker {
  const match = MARKER_LINE.exec(description ?? '');
  return { managed: match !== null, key: match?.[2], env: match?.[1] };
}
