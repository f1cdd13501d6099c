// Where the definitions point, read once from the environment of `npm run datadog` and validated: a bad value
// stops the tool before it renders anything, with every problem listed. Nothing else under src/definitions reads
// process.env; the definitions take a DefinitionSettings, so tests pass their own.
//
// Two uses, two strictness levels. Rendering to check or export-free work (`plan --offline`, `destroy`, tests, the
// local synthetics runner) takes the local defaults. Publishing (`plan`, `apply`, `export`) creates live synthetic
// tests and a webhook that Datadog calls from the internet: there SHOPFAST_PUBLIC_URL must be given, and both the
// shop URL and the webhook URL must be https on a public host (not localhost, a private or link-local address, or
// a single-label name), unless SHOPFAST_DD_ALLOW_PRIVATE_URLS=true says otherwise on purpose (a private Datadog
// location, a relay inside the network). A hostname that resolves to a private address is not caught: no DNS here.
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { ENV_PATTERN, ENV_RULE } from './scope';
import type { DefinitionSettings, RoutingTier } from './types';

/** Defaults: the compose deployment on this machine (`DD_ENV=docker`, the edge on :8080). */
export const DEFAULT_ENV = 'docker';
export const DEFAULT_SHOP_URL = 'http://localhost:8080';
/**
 * The brief's routing: critical -> PagerDuty, Slack #critical and SMS; performance -> Slack #performance and
 * e-mail; business -> Slack #business and the executives' e-mail. Datadog has no SMS integration: the SMS is an
 * e-mail handle of an e-mail-to-SMS gateway (or PagerDuty's own SMS). The addresses are example.com placeholders,
 * to be replaced through SHOPFAST_DD_HANDLES_<TIER> (infra/datadog/README.md).
 */
export const DEFAULT_TIER_HANDLES: Record<RoutingTier, string> = {
  critical: '@pagerduty-shopfast @slack-shopfast-critical @oncall-sms@example.com',
  performance: '@slack-shopfast-performance @sre-team@example.com',
  business: '@slack-shopfast-business @executives@example.com',
};

/** The env (`env:<value>` in the queries): a Datadog tag value, narrowed to what names stay distinct with (scope.ts). */
const envName = z.string().regex(ENV_PATTERN, ENV_RULE);
const httpUrl = z.url({ protocol: /^https?$/ });
/** `@pagerduty-x @slack-y @someone@example.com` (spaces or commas between): the @-mentions Datadog notifies. */
const handles = z
  .string()
  .transform((text) => text.split(/[\s,]+/).filter(Boolean))
  .pipe(
    z
      .array(z.string().regex(/^@(?:[\w.-]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)$/, 'a Datadog notification handle such as @slack-channel or @someone@example.com'))
      .min(1),
  );
const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const environment = z.object({
  DD_ENV: envName.default(DEFAULT_ENV),
  SHOPFAST_PUBLIC_URL: httpUrl.optional(),
  /** Where Datadog posts alerts; defaults to the shop's own gateway route. */
  SHOPFAST_DD_WEBHOOK_URL: httpUrl.optional(),
  SHOPFAST_DD_ALLOW_PRIVATE_URLS: flag.default(false),
  SHOPFAST_DD_HANDLES_CRITICAL: handles.default(DEFAULT_TIER_HANDLES.critical.split(' ')),
  SHOPFAST_DD_HANDLES_PERFORMANCE: handles.default(DEFAULT_TIER_HANDLES.performance.split(' ')),
  SHOPFAST_DD_HANDLES_BUSINESS: handles.default(DEFAULT_TIER_HANDLES.business.split(' ')),
});

export interface SettingsOptions {
  /** The settings are about to be published to Datadog (plan, apply, export): the URLs must be public. */
  publish?: boolean;
}

/** Empty variables count as unset, as in the services' config. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1]?.trim())));
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env, options: SettingsOptions = {}): DefinitionSettings {
  const parsed = environment.safeParse(withoutEmpty(env));
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (!parsed.success) throw settingsError(problems);
  const config = parsed.data;
  const shopUrl = (config.SHOPFAST_PUBLIC_URL ?? DEFAULT_SHOP_URL).replace(/\/+$/, '');
  const webhookUrl = config.SHOPFAST_DD_WEBHOOK_URL ?? `${shopUrl}/api/webhooks/datadog`;
  if (options.publish) {
    if (config.SHOPFAST_PUBLIC_URL === undefined) {
      problems.push(
        'SHOPFAST_PUBLIC_URL: not set; plan, apply and export create synthetic tests and a webhook that Datadog calls, ' +
          'so give the shop\'s public address (https://shop.example.com); only plan --offline renders the local default',
      );
    } else if (!config.SHOPFAST_DD_ALLOW_PRIVATE_URLS) {
      problems.push(...publicUrlProblems('SHOPFAST_PUBLIC_URL', shopUrl));
      // The default webhook URL is on the shop's host: its problems are the shop URL's.
      if (config.SHOPFAST_DD_WEBHOOK_URL) problems.push(...publicUrlProblems('SHOPFAST_DD_WEBHOOK_URL', webhookUrl));
    }
  }
  if (problems.length > 0) throw settingsError(problems);
  return {
    env: config.DD_ENV,
    shopUrl,
    webhookUrl,
    tiers: {
      critical: { handles: config.SHOPFAST_DD_HANDLES_CRITICAL },
      performance: { handles: config.SHOPFAST_DD_HANDLES_PERFORMANCE },
      business: { handles: config.SHOPFAST_DD_HANDLES_BUSINESS },
    },
  };
}

function settingsError(problems: string[]): Error {
  return new Error(`Invalid Datadog definition settings:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
}

/** Addresses Datadog's managed locations cannot reach: loopback, private, link-local, shared and unspecified ranges. */
const PRIVATE_RANGES = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv6');
}
// No `::ffff:0:0/96` rule for IPv4-mapped addresses: BlockList matches IPv4 addresses against it too, which refused
// every public IPv4 host. A mapped address is checked as the IPv4 address it carries instead (embeddedIpv4).

/** `::ffff:808:808` -> `8.8.8.8`: the IPv4 address inside an IPv4-mapped IPv6 address (as the URL parser writes it). */
function embeddedIpv4(host: string): string | undefined {
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!mapped) return undefined;
  const [high, low] = [parseInt(mapped[1] as string, 16), parseInt(mapped[2] as string, 16)];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

function isPrivateAddress(host: string, family: number): boolean {
  const ipv4 = family === 4 ? host : embeddedIpv4(host);
  return ipv4 !== undefined ? PRIVATE_RANGES.check(ipv4, 'ipv4') : PRIVATE_RANGES.check(host, 'ipv6');
}

/** Why `url` cannot be what Datadog calls from the internet (empty when it can). */
export function publicUrlProblems(what: string, url: string): string[] {
  const parsed = new URL(url);
  const problems: string[] = [];
  if (parsed.protocol !== 'https:') problems.push(`${what}: ${url} is not https; Datadog sends alerts and runs tests over the internet`);
  // `localhost.` is `localhost`: a fully qualified name's trailing dot changes nothing about where it points.
  const host = parsed.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  const family = isIP(host);
  const isPrivate =
    family !== 0
      ? isPrivateAddress(host, family)
      : host === 'localhost' || /\.(localhost|local|internal|lan|home\.arpa)$/.test(host) || !host.includes('.');
  if (isPrivate) {
    problems.push(
      `${what}: ${parsed.hostname} is not a public host, so Datadog cannot reach it ` +
        '(set SHOPFAST_DD_ALLOW_PRIVATE_URLS=true only for a private location or relay that can)',
    );
  }
  return problems;
}

/** The settings with every default: what tests and `plan --offline` render when nothing is set. */
export function defaultSettings(): DefinitionSettings {
  return settingsFromEnv({});
}
