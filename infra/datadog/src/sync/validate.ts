// The checks the tool itself needs before it sends or exports anything, beside the query lint of src/lint (which
// also checks keys, references and the model): each body serializes with the client's model of its kind, and
// a failure names the field (`widgets[3].definition.requests[0].display_type: unknown enum value 'bogus'`); no
// property the model lacks (the client would drop it silently); a webhook's key is its name (Datadog's id for
// it) and its custom headers send the secret variable (how the tool knows the webhook is its own); every reference
// names a definition and they form no cycle (apply could not order them otherwise).
import { WEBHOOK_SECRET_VARIABLE } from '@shopfast/contracts';
import type { Definition } from '../definitions/types';
import { secretVariableOf } from '../definitions/webhook';
import { withMarker } from './markers';
import { dependencyOrder, placeholder, referenceId, referencesIn } from './references';
import { KIND_MODELS, serializationProblem, unknownProperties } from './wire';

/** The same shape as the lint's problems (src/lint/types.ts), so the CLI lists both alike. */
export interface DefinitionProblem {
  /** `kind:key`. */
  definition: string;
  rule: 'model' | 'webhook-ownership' | 'references';
  at?: string;
  message: string;
}

/** `env`: the env whose marker the bodies are checked with (the marker's value does not change the model check). */
export function definitionProblems(definitions: readonly Definition[], env: string): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const defined = new Set(definitions.map((definition) => `${definition.kind}:${definition.key}`));
  for (const definition of definitions) {
    const id = `${definition.kind}:${definition.key}`;
    for (const reference of referencesIn(definition.body)) {
      if (!defined.has(referenceId(reference))) problems.push({ definition: id, rule: 'references', message: `${placeholder(reference)} names no ${reference.kind} definition` });
    }
    if (definition.kind === 'webhook' && definition.body.name !== definition.key) {
      problems.push({ definition: id, rule: 'webhook-ownership', message: `a webhook's key must be its name (${JSON.stringify(definition.body.name)}), Datadog's id for it` });
    }
    if (definition.kind === 'webhook' && secretVariableOf(definition.body) === undefined) {
      problems.push({
        definition: id,
        rule: 'webhook-ownership',
        message: `its custom headers must send a $${WEBHOOK_SECRET_VARIABLE}_<ENV> variable (the tool recognises its webhook by that)`,
      });
    }
    const model = KIND_MODELS[definition.kind].create;
    const body = withMarker(definition, env).body;
    const failure = serializationProblem(body, model);
    if (failure) problems.push({ definition: id, rule: 'model', at: failure.path, message: `${model}: ${failure.message}` });
    for (const path of unknownProperties(body, model)) {
      problems.push({ definition: id, rule: 'model', at: path, message: `not a property of ${model} (the client would drop it)` });
    }
  }
  try {
    dependencyOrder(definitions);
  } catch (error) {
    problems.push({ definition: '(all)', rule: 'references', message: (error as Error).message });
  }
  return problems;
}
