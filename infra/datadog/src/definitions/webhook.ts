// The webhook integration Datadog posts every monitor transition to: the gateway's /api/webhooks/datadog, which
// forwards to the incident service. Its payload is the versioned template of @shopfast/contracts, the same module
// whose zod schema the receiver validates, so sender and receiver cannot disagree about a field.
// The secret travels in a custom header whose value is a hidden Datadog custom variable; `apply` sets that
// variable (src/sync), the definition only refers to it.
//
// A webhook's name is Datadog's id for it, and custom variables are global to the organisation, so both carry
// the environment: `shopfast-incident-prod` posts to prod's incident service with `$SHOPFAST_WEBHOOK_SECRET_PROD`,
// `shopfast-incident-staging` to staging's with its own secret, and applying or destroying one env never
// rewrites or deletes the other's (the monitors of each env mention their own `@webhook-shopfast-incident-<env>`).
import { DATADOG_WEBHOOK_PAYLOAD, WEBHOOK_SECRET_HEADER, WEBHOOK_SECRET_VARIABLE } from '@shopfast/contracts';
import { envForName, envForVariable } from './scope';
import type { DefinitionSettings, WebhookDefinition } from './types';

/** What every ShopFast incident webhook's name starts with. */
export const WEBHOOK_NAME_PREFIX = 'shopfast-incident';

/** The integration's name for an env: Datadog's id for it, and the `@webhook-<name>` handle monitors mention. */
export function webhookName(env: string): string {
  return `${WEBHOOK_NAME_PREFIX}-${envForName(env)}`;
}

/** The handle a notifying monitor of `env` mentions: `@webhook-shopfast-incident-<env>`. */
export function webhookHandle(env: string): string {
  return `@webhook-${webhookName(env)}`;
}

/** The hidden custom variable that holds `env`'s secret: `SHOPFAST_WEBHOOK_SECRET_<ENV>`. */
export function webhookSecretVariable(env: string): string {
  return `${WEBHOOK_SECRET_VARIABLE}_${envForVariable(env)}`;
}

/**
 * The custom variable a webhook body sends as its secret header (`$NAME` in custom_headers), or undefined when
 * its headers send none: how the tool knows which variable to write and that a webhook is its own.
 */
export function secretVariableOf(body: { customHeaders?: string }): string | undefined {
  let headers: unknown;
  try {
    headers = JSON.parse(body.customHeaders ?? '{}');
  } catch {
    return undefined;
  }
  const value = headers !== null && typeof headers === 'object' ? (headers as Record<string, unknown>)[WEBHOOK_SECRET_HEADER] : undefined;
  const match = typeof value === 'string' ? /^\$([A-Z][A-Z0-9_]*)$/.exec(value) : null;
  return match?.[1]?.startsWith(WEBHOOK_SECRET_VARIABLE) ? match[1] : undefined;
}

export function webhookDefinition(settings: DefinitionSettings): WebhookDefinition {
  const name = webhookName(settings.env);
  return {
    kind: 'webhook',
    key: name,
    body: {
      name,
      url: settings.webhookUrl,
      encodeAs: 'json',
      payload: JSON.stringify(DATADOG_WEBHOOK_PAYLOAD),
      customHeaders: JSON.stringify({ [WEBHOOK_SECRET_HEADER]: `$${webhookSecretVariable(settings.env)}` }),
    },
  };
}
