import type { Definition } from '../definitions/types';
import type { MetricCatalogue } from './catalogue';

/** One thing wrong with one definition. `rule` names the check (see src/lint/index.ts for the list). */
export interface LintProblem {
  /** `kind:key` of the definition. */
  definition: string;
  rule: string;
  /** Where in the body, when it helps (`widgets[2].requests[0].queries[1]`). */
  at?: string;
  message: string;
}

export interface LintContext {
  catalogue: MetricCatalogue;
  definitions: readonly Definition[];
  report(problem: Omit<LintProblem, 'definition'>): void;
}

export type Rule = (definition: Definition, context: LintContext) => void;

export const definitionId = (definition: Pick<Definition, 'kind' | 'key'>): string => `${definition.kind}:${definition.key}`;
