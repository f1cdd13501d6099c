// The client's own model check: @datadog/datadog-api-client's ObjectSerializer (exported as v1.ObjectSerializer)
// turns a typed body into the API's JSON the way every API call does, and throws on a value outside an enum, a
// missing required property or a oneOf no variant matches. It silently drops properties the model does not
// have (a typo, or a field of another model), so the check also reads the JSON back and compares it with the body.
import { v1 } from '@datadog/datadog-api-client';
import type { Definition, DefinitionKind } from '../definitions/types';
import type { LintContext } from './types';

/** The client's model name for each kind's body. */
export const MODEL_TYPES: Record<DefinitionKind, string> = {
  dashboard: 'Dashboard',
  monitor: 'Monitor',
  slo: 'ServiceLevelObjectiveRequest',
  'synthetics-api': 'SyntheticsAPITest',
  'synthetics-browser': 'SyntheticsBrowserTest',
  webhook: 'WebhooksIntegration',
};

/** Paths of every leaf value (the client's bookkeeping fields left out). */
function leaves(value: unknown, at: string, out: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((item, index) => leaves(item, `${at}[${index}]`, out));
  else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined || key === '_unparsed' || key === 'additionalProperties') continue;
      leaves(child, at ? `${at}.${key}` : key, out);
    }
  } else out.add(at);
  return out;
}

/** The body as the API receives it; throws what the client would throw. */
export function serializeBody(definition: Definition): unknown {
  return v1.ObjectSerializer.serialize(definition.body, MODEL_TYPES[definition.kind], '');
}

export function lintModel(definition: Definition, context: LintContext): void {
  let serialized: unknown;
  try {
    serialized = serializeBody(definition);
  } catch (error) {
    context.report({ rule: 'model', message: `${MODEL_TYPES[definition.kind]}: ${(error as Error).message}` });
    return;
  }
  // Read back the way the client reads a response: a field the model dropped is missing from the round trip.
  const type = MODEL_TYPES[definition.kind];
  const kept = leaves(v1.ObjectSerializer.deserialize(serialized, type, ''), '', new Set());
  const dropped = [...leaves(definition.body, '', new Set())].filter((path) => !kept.has(path));
  if (dropped.length > 0) {
    context.report({ rule: 'model', message: `not part of ${MODEL_TYPES[definition.kind]} (dropped when sent): ${dropped.slice(0, 5).join(', ')}` });
  }
}
