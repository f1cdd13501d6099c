// What every ShopFast synthetic test shares: where it runs, how often, how it marks its requests, its tags and
// the message its monitor sends. The tests themselves are in api-tests.ts, journeys.ts and browser-checkout.ts.
import type { v1 } from '@datadog/datadog-api-client';
import { monitorTags, routeTo, ROUTING_TIERS, type AlertKind } from '../monitors/routing';
import { scopedName } from '../scope';
import type { DefinitionSettings, RoutingTier } from '../types';

/**
 * The marks of generated traffic (docs/decisions/013-traffic-generator.md): the header anything reading HTTP
 * sees, and the W3C baggage item the tracers copy onto every span as `baggage.synthetic_request`, so
 * dashboards and monitors can leave synthetic requests out. The same names as scripts/traffic/synthetic.ts
 * (a unit test holds them together); Datadog adds its own `x-datadog-origin: synthetics` on top.
 */
export const SYNTHETIC_REQUEST_HEADERS: Readonly<Record<string, string>> = {
  'x-shopfast-synthetic': 'true',
  baggage: 'synthetic_request=true',
};

/** The storefront's marker for a synthetic visit (web/src/telemetry/rum.ts): RUM sessions get `synthetic: true`. */
export const STOREFRONT_SYNTHETIC_QUERY = 'synthetic=1';

/**
 * Read-only checks run from two continents, so a regional network problem shows as one failing location.
 * Tests that create accounts and orders run from one location only: every run leaves a customer (and an
 * order) behind, and one location is enough to know the shop can sell.
 */
export const READ_LOCATIONS = ['aws:eu-central-1', 'aws:us-east-2'];
export const WRITE_LOCATIONS = ['aws:eu-central-1'];

/**
 * The approved test card. services/payment declines only 4000000000000002 (card_declined), 4000000000009995
 * (insufficient_funds) and amounts over its fraud limit; this one is Luhn-valid and always approved.
 */
export const APPROVED_TEST_CARD = '4242424242424242';

export interface TestMeta {
  key: string;
  tier: RoutingTier;
  /** The one service the test watches, when it watches one (`service:` tag). */
  service?: string;
  /** `alert:` tag: availability for API tests, frontend for the browser journey. */
  alert: Extract<AlertKind, 'availability' | 'frontend'>;
}

/** The tags of a managed test: the same as a monitor's (its monitor inherits them), from monitors/routing.ts. */
export function testTags(settings: DefinitionSettings, meta: TestMeta): string[] {
  return monitorTags(meta.key, settings, meta);
}

/**
 * The test's monitor message, routed like every monitor (monitors/routing.ts: the tier's handles and the
 * incident webhook), with what failed from Datadog's synthetics template variables.
 */
export function testMessage(settings: DefinitionSettings, tier: RoutingTier, title: string, summary: string): string {
  return routeTo(tier, settings, {
    title,
    body: [summary, 'Failed step: {{synthetics.failed_step.name}}: {{synthetics.failed_step.failure.message}}', 'Runbook: docs/synthetics.md.'].join('\n'),
  }).message;
}

/**
 * The re-notification intervals (minutes) Datadog takes for a synthetic test's monitor (`options.monitor_options.
 * renotify_interval`; the Terraform provider's documented set); 0 is never. Monitors take any number of minutes.
 */
export const SYNTHETICS_RENOTIFY_INTERVALS: readonly number[] = [0, 10, 20, 30, 40, 50, 60, 90, 120, 180, 240, 720, 1440];

/** The tier's re-notification interval for a test's monitor: the first allowed one at or after it (15 -> 20). */
export function syntheticsRenotifyInterval(minutes: number): number {
  return SYNTHETICS_RENOTIFY_INTERVALS.find((allowed) => allowed >= minutes) ?? (SYNTHETICS_RENOTIFY_INTERVALS.at(-1) as number);
}

/**
 * Options every test shares: the frequency, one fast retry before a location counts as failed (a lost packet
 * is not an outage), alert when any location fails, and the tier's priority, renotify interval and escalation
 * (the interval rounded up to one a synthetic test's monitor takes, the escalation message saying that interval).
 */
export function testOptions(tier: RoutingTier, tickEverySeconds: number): v1.SyntheticsTestOptions {
  const policy = ROUTING_TIERS[tier];
  const renotifyInterval = syntheticsRenotifyInterval(policy.renotifyInterval);
  return {
    tickEvery: tickEverySeconds,
    minFailureDuration: 0,
    minLocationFailed: 1,
    retry: { count: 1, interval: 1_000 },
    followRedirects: true,
    monitorPriority: policy.priority,
    monitorOptions: { renotifyInterval, escalationMessage: policy.escalationAfter(renotifyInterval) },
  };
}

/** `[ShopFast <env>] <name>`: a test's name, like every definition's (scope.ts). */
export function testName(settings: DefinitionSettings, name: string): string {
  return scopedName(settings.env, name);
}

/** `settings.shopUrl` + path, without a doubled slash. */
export function shopUrl(settings: DefinitionSettings, path: string): string {
  return `${settings.shopUrl.replace(/\/+$/, '')}${path}`;
}

/** Request headers of a test: the synthetic marks, plus JSON content when the request has a body. */
export function requestHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { ...SYNTHETIC_REQUEST_HEADERS, accept: 'application/json', ...extra };
}
