// The API's own JSON for each kind of definition. Definitions are written with the client's TypeScript models
// (camelCase properties); Datadog speaks snake_case JSON. The client's ObjectSerializer turns one into the other
// exactly as it does before sending a request, and it refuses what Datadog would refuse to parse: an unknown
// property, an enum value the API does not know, a missing required property. So serializing IS the offline
// validation, and the serialized JSON is what plans compare, exports write and the fake API stores.
import { v1 } from '@datadog/datadog-api-client';
import type { DefinitionKind } from '../definitions/types';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The client's model names for a kind: the create body, the update body, and what a read returns. */
export interface KindModels {
  create: string;
  update: string;
  read: string;
}

export const KIND_MODELS: Record<DefinitionKind, KindModels> = {
  dashboard: { create: 'Dashboard', update: 'Dashboard', read: 'Dashboard' },
  monitor: { create: 'Monitor', update: 'MonitorUpdateRequest', read: 'Monitor' },
  slo: { create: 'ServiceLevelObjectiveRequest', update: 'ServiceLevelObjective', read: 'ServiceLevelObjective' },
  'synthetics-api': { create: 'SyntheticsAPITest', update: 'SyntheticsAPITest', read: 'SyntheticsAPITest' },
  'synthetics-browser': { create: 'SyntheticsBrowserTest', update: 'SyntheticsBrowserTest', read: 'SyntheticsBrowserTest' },
  webhook: { create: 'WebhooksIntegration', update: 'WebhooksIntegrationUpdateRequest', read: 'WebhooksIntegration' },
};

/** A model object as the API's JSON. Throws (TypeError or Error) where the client would refuse to send it. */
export function toWire(model: unknown, modelName: string): JsonObject {
  return v1.ObjectSerializer.serialize(model, modelName, '') as JsonObject;
}

/** The API's JSON as a model object, as the client would hand it back from a response. */
export function fromWire<T>(json: Json, modelName: string): T {
  return v1.ObjectSerializer.deserialize(json, modelName, '') as T;
}

interface AttributeType {
  baseName: string;
  type: string;
  format?: string;
}
type ModelClass = { getAttributeTypeMap(): Record<string, AttributeType> };

const modelClass = (name: string): ModelClass | undefined => {
  const candidate = (v1 as unknown as Record<string, unknown>)[name];
  return typeof candidate === 'function' && 'getAttributeTypeMap' in candidate ? (candidate as ModelClass) : undefined;
};

const trySerialize = (value: unknown, type: string, format = ''): Error | undefined => {
  try {
    v1.ObjectSerializer.serialize(value, type, format);
    return undefined;
  } catch (error) {
    return error as Error;
  }
};

/**
 * Where in a model object the serializer fails, as a JSON path (`widgets[3].definition`) and its message, or
 * undefined when it serializes. The serializer itself says only "unknown enum value 'x'": this walks down the
 * model's attribute map to the innermost value that still fails, so a problem points at its field.
 */
export function serializationProblem(model: unknown, modelName: string): { path: string; message: string } | undefined {
  const error = trySerialize(model, modelName);
  if (!error) return undefined;
  return locate(model, modelName, '', error);
}

/**
 * For a oneOf type (a widget definition, a synthetics assertion...), the one model whose `type` enum accepts
 * the value's `type`, so the walk can go on inside it. Undefined when none or several do.
 */
function oneOfVariant(value: unknown, type: string): string | undefined {
  if (modelClass(type) || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const discriminator = (value as Record<string, unknown>).type;
  if (typeof discriminator !== 'string') return undefined;
  if (!variants.has(discriminator)) {
    const candidates = typedModels().filter(({ typeAttribute }) => trySerialize(discriminator, typeAttribute) === undefined);
    variants.set(discriminator, candidates.length === 1 ? candidates[0]?.name : undefined);
  }
  return variants.get(discriminator);
}

const variants = new Map<string, string | undefined>();
let typed: Array<{ name: string; typeAttribute: string }> | undefined;

/** Every model with an enum-typed `type` attribute (the discriminated variants), listed once. */
function typedModels(): Array<{ name: string; typeAttribute: string }> {
  typed ??= Object.keys(v1).flatMap((name) => {
    const attribute = modelClass(name)?.getAttributeTypeMap().type;
    return attribute !== undefined && attribute.type !== 'string' ? [{ name, typeAttribute: attribute.type }] : [];
  });
  return typed;
}

function locate(value: unknown, type: string, path: string, error: Error): { path: string; message: string } {
  if (type.startsWith('Array<') && Array.isArray(value)) {
    const inner = type.slice('Array<'.length, -1);
    for (const [index, element] of value.entries()) {
      const failure = trySerialize(element, inner);
      if (failure) return locate(element, inner, `${path}[${index}]`, failure);
    }
  }
  const model = modelClass(type);
  if (model && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const attributes = model.getAttributeTypeMap();
    for (const [name, attribute] of Object.entries(attributes)) {
      if (name === 'additionalProperties') continue;
      const child = (value as Record<string, unknown>)[name];
      if (child === undefined) continue;
      const failure = trySerialize(child, attribute.type, attribute.format);
      if (failure) return locate(child, attribute.type, path ? `${path}.${attribute.baseName}` : attribute.baseName, failure);
    }
  }
  const variant = oneOfVariant(value, type);
  if (variant) {
    const failure = trySerialize(value, variant);
    if (failure) return locate(value, variant, path, failure);
  }
  // The serializer's oneOf message prints the object as "[object Object]": say which type was expected instead.
  const message = /doesn't match any type/.test(error.message) ? `matches none of the types allowed here (${type})` : error.message;
  return { path: path || '(body)', message };
}

/**
 * Properties the model does not have. Most models accept additional properties, and the serializer then DROPS
 * an unknown camelCase property without a word (a typo such as `renotifyIntervall` would vanish from the
 * request), so this walk reports every one of them.
 */
export function unknownProperties(value: unknown, type: string, path = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (type.startsWith('Array<') && Array.isArray(value)) {
    const inner = type.slice('Array<'.length, -1);
    return value.flatMap((element, index) => unknownProperties(element, inner, `${path}[${index}]`));
  }
  const mapMatch = /^\{ \[key: string\]: (.*); \}$/.exec(type);
  if (mapMatch?.[1]) {
    const inner = mapMatch[1];
    return Object.entries(value).flatMap(([key, element]) => unknownProperties(element, inner, `${path}.${key}`));
  }
  const model = modelClass(type) ?? modelClass(oneOfVariant(value, type) ?? '');
  if (!model || Array.isArray(value)) return [];
  const attributes = model.getAttributeTypeMap();
  const problems: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (key === '_unparsed' || key === 'additionalProperties') continue;
    const attribute = attributes[key];
    const where = path ? `${path}.${attribute?.baseName ?? key}` : (attribute?.baseName ?? key);
    if (!attribute) problems.push(where);
    else problems.push(...unknownProperties(child, attribute.type, where));
  }
  return problems;
}
