// The shape every Datadog definition takes, shared by the definitions (src/definitions/*), the tool that plans,
// applies, destroys and exports them (src/cli, src/sync, src/export), the offline lint (src/lint) and the
// synthetics runner (scripts/synthetics).
//
// A definition is the API's own JSON body, typed with @datadog/datadog-api-client's models, plus a stable `key`
// that names it across runs. The key is what makes `plan` and `apply` idempotent: it is written into the object
// (a `managed_key:<key>` tag where the object has tags, a marker line in the description otherwise) next to the
// `managed-by:shopfast` tag and the `managed_env:<env>` tag of the deployment the definitions were rendered for,
// and the tool matches organisation objects to definitions by env and key, never by name. One organisation can
// so hold several environments (staging and prod): each `apply`/`destroy` sees only its own env's objects.
//
// Objects refer to each other by key, never by id (ids exist only once applied): a composite monitor's query
// says `${monitor:checkout-error-rate} && ${monitor:traffic-growth}`, a burn-rate monitor says
// `burn_rate("${slo:checkout-availability}")`. `apply` creates the referenced objects first and substitutes ids;
// `plan --offline` and the exports check every reference resolves to a definition of the right kind.
import type { v1 } from '@datadog/datadog-api-client';

/** The tag every managed object carries; `destroy` never touches an object without it. */
export const MANAGED_BY_TAG = 'managed-by:shopfast';
/** Prefix of the tag (or description marker) that carries a definition's key. */
export const MANAGED_KEY_PREFIX = 'managed_key:';
/** Prefix of the tag (or description marker) that says which environment's definitions made the object. */
export const MANAGED_ENV_PREFIX = 'managed_env:';

export type DefinitionKind = 'dashboard' | 'monitor' | 'slo' | 'synthetics-api' | 'synthetics-browser' | 'webhook';

interface Managed<K extends DefinitionKind, B> {
  kind: K;
  /** Stable, unique within its kind; lower-case words joined by hyphens (`checkout-error-rate`). */
  key: string;
  body: B;
}

export type DashboardDefinition = Managed<'dashboard', v1.Dashboard>;
export type MonitorDefinition = Managed<'monitor', v1.Monitor> & {
  /** For monitors that catch a fault of infra/flags/shopfast.flagd.json: the flag key(s). */
  faults?: string[];
};
export type SloDefinition = Managed<'slo', v1.ServiceLevelObjectiveRequest>;
export type SyntheticsApiDefinition = Managed<'synthetics-api', v1.SyntheticsAPITest>;
export type SyntheticsBrowserDefinition = Managed<'synthetics-browser', v1.SyntheticsBrowserTest>;
/** Webhooks have no tags: the key is the webhook's name, which Datadog uses as its id. */
export type WebhookDefinition = Managed<'webhook', v1.WebhooksIntegration>;

export type Definition =
  | DashboardDefinition
  | MonitorDefinition
  | SloDefinition
  | SyntheticsApiDefinition
  | SyntheticsBrowserDefinition
  | WebhookDefinition;

/** Where the definitions point; every field has a local default (see src/definitions/settings.ts). */
export interface DefinitionSettings {
  /** `env` tag the queries filter on (DD_ENV of the deployment being watched). */
  env: string;
  /** Public base URL of the shop, for synthetics and dashboard links (the edge, e.g. https://shop.example.com). */
  shopUrl: string;
  /** URL Datadog posts alerts to: the gateway's `/api/webhooks/datadog` as reachable from Datadog. */
  webhookUrl: string;
  /** Notification handles per routing tier (e.g. `@pagerduty-shopfast`, `@slack-shopfast-critical`). */
  tiers: Record<RoutingTier, { handles: string[] }>;
}

export type RoutingTier = 'critical' | 'performance' | 'business';
