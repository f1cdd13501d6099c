// Rules about definitions as a set and the repository's conventions: keys are well formed and unique, every
// `${monitor:KEY}` / `${slo:KEY}` names a definition, monitors carry the tags the incident service and the
// routing rely on and are routed like their tier says, and the webhook's templates are JSON.
import { MANAGED_BY_TAG, MANAGED_KEY_PREFIX, type Definition } from '../definitions/types';
import { ROUTING_TIERS } from '../definitions/monitors/routing';
import { WEBHOOK_NAME_PREFIX, webhookHandle } from '../definitions/webhook';
import { definitionId, type LintContext, type LintProblem } from './types';

const KEY_FORMAT = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ALERT_KINDS = new Set(['error_rate_spike', 'latency', 'business', 'saturation', 'availability', 'frontend']);
const PLACEHOLDER = /\$\{(monitor|slo):([^}\s]*)\}/g;

/** Set-wide rules: unique and well-formed keys, unique monitor names, resolvable references. */
export function lintSet(definitions: readonly Definition[]): LintProblem[] {
  const problems: LintProblem[] = [];
  const seen = new Set<string>();
  const names = new Map<string, string>();
  for (const definition of definitions) {
    const id = definitionId(definition);
    const problem = (rule: string, message: string) => problems.push({ definition: id, rule, message });
    if (!KEY_FORMAT.test(definition.key)) problem('keys', `key '${definition.key}' is not lower-case words joined by hyphens`);
    if (seen.has(id)) problem('keys', `two ${definition.kind} definitions have the key '${definition.key}'`);
    seen.add(id);
    if (definition.kind === 'monitor' && definition.body.name) {
      const other = names.get(definition.body.name);
      if (other) problem('keys', `monitor name '${definition.body.name}' is also used by ${other}`);
      names.set(definition.body.name, id);
    }
    for (const match of JSON.stringify(definition.body).matchAll(PLACEHOLDER)) {
      const [whole, kind, key] = match;
      if (!definitions.some((target) => target.kind === kind && target.key === key)) problem('references', `${whole} names no ${kind} definition`);
    }
  }
  return problems;
}

/** Monitor tags and routing (docs: issue 14 conventions). The managed-by marker itself is added by the tool. */
export function lintMonitorConventions(definition: Definition, context: LintContext): void {
  if (definition.kind !== 'monitor') return;
  const report = (message: string) => context.report({ rule: 'conventions', at: 'tags', message });
  const tags = definition.body.tags ?? [];
  const value = (key: string) => tags.filter((tag) => tag.startsWith(`${key}:`)).map((tag) => tag.slice(key.length + 1));
  const keyTag = value(MANAGED_KEY_PREFIX.slice(0, -1));
  if (keyTag.length > 0 && (keyTag.length > 1 || keyTag[0] !== definition.key)) report(`managed_key tag must be exactly '${definition.key}'`);
  if (tags.some((tag) => tag.startsWith('managed-by:') && tag !== MANAGED_BY_TAG)) report(`the managed-by tag is '${MANAGED_BY_TAG}'`);
  if (!tags.includes('team:shopfast')) report('missing tag team:shopfast');
  if (value('env').length !== 1) report('needs exactly one env:<env> tag');
  const tier = value('tier');
  if (tier.length !== 1 || !(tier[0] as string in ROUTING_TIERS)) report('needs one tier:critical|performance|business tag');
  const alert = value('alert');
  if (alert.length !== 1 || !ALERT_KINDS.has(alert[0] as string)) report(`needs one alert:<kind> tag, kind one of ${[...ALERT_KINDS].join(', ')}`);
  const policy = ROUTING_TIERS[tier[0] as keyof typeof ROUTING_TIERS];
  const message = definition.body.message ?? '';
  const env = value('env')[0];
  // A monitor that mentions nobody is a composite's component; one that notifies anybody also tells its env's
  // webhook, and no other env's (that one would act on this env's alert).
  if (env !== undefined) {
    const own = webhookHandle(env);
    if (/@[\w-]/.test(message) && !message.split(/\s+/).includes(own)) {
      context.report({ rule: 'conventions', at: 'message', message: `a monitor that notifies must mention ${own}` });
    }
    const others = [...message.matchAll(new RegExp(`@webhook-${WEBHOOK_NAME_PREFIX}[\\w-]*`, 'g'))].map((match) => match[0]).filter((handle) => handle !== own);
    if (others.length > 0) context.report({ rule: 'conventions', at: 'message', message: `mentions ${others.join(', ')}, the webhook of another env than ${env}` });
  }
  if (policy && definition.body.priority !== policy.priority) {
    context.report({ rule: 'conventions', at: 'priority', message: `tier ${tier[0]} has priority ${policy.priority}, not ${definition.body.priority ?? 'unset'}` });
  }
}

export function lintWebhook(definition: Definition, context: LintContext): void {
  if (definition.kind !== 'webhook') return;
  const report = (at: string, message: string) => context.report({ rule: 'webhook', at, message });
  if (definition.body.name !== definition.key) report('name', 'a webhook is matched by name: its name must be its key');
  if (!/^https?:\/\//.test(definition.body.url)) report('url', 'url must be http(s)');
  for (const field of ['payload', 'customHeaders'] as const) {
    const text = definition.body[field];
    if (text === undefined) continue;
    try {
      const parsed: unknown = JSON.parse(text);
      if (field === 'customHeaders' && (typeof parsed !== 'object' || parsed === null || Object.values(parsed).some((v) => typeof v !== 'string'))) {
        report(field, 'custom headers must be a JSON object of strings');
      }
    } catch {
      report(field, `${field} is not valid JSON`);
    }
  }
}
