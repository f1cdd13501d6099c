// The webhook's shared secret in Datadog: a hidden webhook custom variable (`SHOPFAST_WEBHOOK_SECRET_<ENV>`, the
// one the webhook's custom header refers to: definitions/webhook.ts), so Datadog sends the secret and nobody
// reads it back. Custom variables are global to the organisation; the env in the name keeps each env's own.
//
// Hidden means the API never returns its value, so `plan` could not tell whether it is current, and `apply`
// would have to rewrite it every time. A second, visible variable `SHOPFAST_WEBHOOK_SHA256_<ENV>` holds a
// fingerprint of the secret instead (the first 16 hex digits of its SHA-256; not `..._SECRET_<ENV>_SHA256`, which
// is the secret variable of env `<env>-sha256`): apply writes the secret when the variable is missing or the
// fingerprint differs, and a second apply writes nothing. The fingerprint gives nothing away about a secret of
// 32 random characters or more, which is all this tool accepts (src/cli/webhook-secret-source.ts).
import { createHash } from 'node:crypto';
import { WEBHOOK_SECRET_VARIABLE } from '@shopfast/contracts';
import { isNotFound, type DatadogApis } from './datadog-api';

/** What a fingerprint variable's name starts with instead of WEBHOOK_SECRET_VARIABLE: no secret's name can be one. */
export const FINGERPRINT_VARIABLE_PREFIX = 'SHOPFAST_WEBHOOK_SHA256';

/** The visible variable beside a secret variable that holds its fingerprint: `SHOPFAST_WEBHOOK_SECRET_PROD` -> `SHOPFAST_WEBHOOK_SHA256_PROD`. */
export function fingerprintVariable(secretVariable: string): string {
  if (!secretVariable.startsWith(WEBHOOK_SECRET_VARIABLE)) throw new Error(`${secretVariable} is not a ${WEBHOOK_SECRET_VARIABLE}... variable`);
  return `${FINGERPRINT_VARIABLE_PREFIX}${secretVariable.slice(WEBHOOK_SECRET_VARIABLE.length)}`;
}

export interface WebhookSecretState {
  /** The hidden variable's name. */
  variable: string;
  /** Whether the hidden variable exists. */
  exists: boolean;
  /** The fingerprint variable's value, when it exists. */
  fingerprint: string | undefined;
}

export const secretFingerprint = (secret: string): string => createHash('sha256').update(secret).digest('hex').slice(0, 16);

export async function readWebhookSecretState(apis: DatadogApis, variable: string): Promise<WebhookSecretState> {
  const read = async (name: string) => {
    try {
      return await apis.webhooks.getWebhooksIntegrationCustomVariable({ customVariableName: name });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };
  const secret = await read(variable);
  const fingerprint = await read(fingerprintVariable(variable));
  return { variable, exists: secret !== undefined, fingerprint: fingerprint?.value };
}

/** Whether the organisation's secret is `secret`, as far as the fingerprint tells. */
export const secretIsCurrent = (state: WebhookSecretState, secret: string): boolean => state.exists && state.fingerprint === secretFingerprint(secret);

/** Creates or updates the hidden secret variable, then its fingerprint. */
export async function writeWebhookSecret(apis: DatadogApis, state: WebhookSecretState, secret: string): Promise<void> {
  const { variable } = state;
  if (state.exists) {
    await apis.webhooks.updateWebhooksIntegrationCustomVariable({ customVariableName: variable, body: { value: secret, isSecret: true } });
  } else {
    await apis.webhooks.createWebhooksIntegrationCustomVariable({ body: { name: variable, value: secret, isSecret: true } });
  }
  const fingerprint = secretFingerprint(secret);
  if (state.fingerprint === undefined) {
    await apis.webhooks.createWebhooksIntegrationCustomVariable({ body: { name: fingerprintVariable(variable), value: fingerprint, isSecret: false } });
  } else {
    await apis.webhooks.updateWebhooksIntegrationCustomVariable({
      customVariableName: fingerprintVariable(variable),
      body: { value: fingerprint, isSecret: false },
    });
  }
}

/** Deletes both variables (those that exist; one already gone counts as deleted). */
export async function deleteWebhookSecret(apis: DatadogApis, state: WebhookSecretState): Promise<void> {
  const remove = async (name: string) => {
    try {
      await apis.webhooks.deleteWebhooksIntegrationCustomVariable({ customVariableName: name });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  };
  if (state.exists) await remove(state.variable);
  if (state.fingerprint !== undefined) await remove(fingerprintVariable(state.variable));
}
