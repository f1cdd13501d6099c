// Synthetic tests: what Datadog takes for a test's monitor and what it gives back. A test's monitor takes only
// some re-notification intervals (synthetics/common.ts), and a secure variable's example is never returned by
// the API, so a definition that sets one would differ from the organisation on every plan.
import { SYNTHETICS_RENOTIFY_INTERVALS } from '../definitions/synthetics/common';
import type { Definition } from '../definitions/types';
import type { LintContext } from './types';

interface Variable {
  name: string;
  example?: string;
  secure?: boolean;
}

export function lintSynthetics(definition: Definition, context: LintContext): void {
  if (definition.kind !== 'synthetics-api' && definition.kind !== 'synthetics-browser') return;
  const report = (at: string, message: string) => context.report({ rule: 'synthetics', at, message });
  const renotify = definition.body.options.monitorOptions?.renotifyInterval;
  if (renotify !== undefined && !SYNTHETICS_RENOTIFY_INTERVALS.includes(renotify)) {
    report('options.monitor_options.renotify_interval', `${renotify} is not an interval a synthetic test's monitor takes (${SYNTHETICS_RENOTIFY_INTERVALS.join(', ')} minutes)`);
  }
  const config = definition.body.config as { configVariables?: Variable[]; variables?: Variable[] };
  for (const [field, variables] of [
    ['config.configVariables', config.configVariables],
    ['config.variables', config.variables],
  ] as const) {
    (variables ?? []).forEach((variable, index) => {
      if (variable.secure && variable.example !== undefined) {
        report(`${field}[${index}]`, `secure variable ${variable.name} has an example: Datadog never returns it, so every plan would update the test`);
      }
    });
  }
}
