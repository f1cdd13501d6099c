// The environment in what people and Datadog see, so one organisation can hold several deployments (staging and
// prod) side by side: every dashboard, monitor, SLO and synthetic test name starts with `[ShopFast <env>]` (two
// dashboards of the same title would also break the links between dashboards, which search by title), and the
// names Datadog uses as ids (the webhook, its custom variables) carry the env too. Ownership itself is the
// `managed_env:<env>` marker the tool adds (src/sync/markers.ts); these names are for people.

/** `[ShopFast prod] Checkout availability`: the name of a definition rendered for `env`. */
export function scopedName(env: string, name: string): string {
  return `[ShopFast ${env}] ${name}`;
}

/**
 * What DD_ENV may be for this tool: lower-case letters, digits and `-`, starting with a letter. Narrower than a
 * Datadog tag value on purpose: the env goes into names Datadog uses as ids (the webhook `shopfast-incident-<env>`,
 * the variable `SHOPFAST_WEBHOOK_SECRET_<ENV>`), and with `_ . /` allowed `prod.eu`, `prod_eu` and `prod-eu` would
 * share one webhook and one secret, each env taking over or deleting the other's.
 */
export const ENV_PATTERN = /^[a-z][a-z0-9-]*$/;
export const ENV_RULE = 'lower-case letters, digits and -, starting with a letter (it names the env\'s webhook and secret variable)';

function checkedEnv(env: string): string {
  if (!ENV_PATTERN.test(env)) throw new Error(`env ${JSON.stringify(env)}: ${ENV_RULE}`);
  return env;
}

/** `prod-eu` -> `prod-eu`: the env as part of a Datadog integration name (one-to-one: ENV_PATTERN). */
export function envForName(env: string): string {
  return checkedEnv(env);
}

/** `prod-eu` -> `PROD_EU`: the env as part of a webhook custom variable name (one-to-one: no `_` in an env). */
export function envForVariable(env: string): string {
  return checkedEnv(env).toUpperCase().replace(/-/g, '_');
}
