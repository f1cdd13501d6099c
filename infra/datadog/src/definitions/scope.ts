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
 * `prod` -> `prod`, `eu/prod.1` -> `eu-prod-1`: an env tag value as part of a Datadog integration name
 * (webhook names take letters, digits, `_` and `-`).
 */
export function envForName(env: string): string {
  return env.replace(/[^a-z0-9_-]/gi, '-');
}

/** `eu/prod.1` -> `EU_PROD_1`: an env tag value as part of a webhook custom variable name (upper case, `_`). */
export function envForVariable(env: string): string {
  return env.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}
