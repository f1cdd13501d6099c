// ShopFast's synthetic tests as code (issue 14): API tests for health, the catalogue's read paths and sign-up,
// multistep API tests for login and for a whole purchase with a test card, and the checkout journey in a
// browser. The bodies are the API's own (v1 SyntheticsAPITest / SyntheticsBrowserTest); `npm run datadog`
// applies them, and `npm run synthetics` (scripts/synthetics) runs the API tests against the local stack with
// the same assertions. docs/synthetics.md lists them.
import type { DefinitionSettings, SyntheticsApiDefinition, SyntheticsBrowserDefinition } from './types';
import { apiTests } from './synthetics/api-tests';
import { browserCheckoutTest } from './synthetics/browser-checkout';
import { journeyTests } from './synthetics/journeys';

export function syntheticsDefinitions(settings: DefinitionSettings): Array<SyntheticsApiDefinition | SyntheticsBrowserDefinition> {
  return [...apiTests(settings), ...journeyTests(settings), browserCheckoutTest(settings)];
}

/** Only the API tests (what the local runner executes). */
export function syntheticsApiDefinitions(settings: DefinitionSettings): SyntheticsApiDefinition[] {
  return [...apiTests(settings), ...journeyTests(settings)];
}
