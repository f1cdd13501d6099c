// Every component the stack knows. Each declares what it starts after (`after`); the start order,
// the stop order (its reverse) and what `--only` brings along are all computed from that (lib/start-order.ts).
import { buildAppServices } from '../app-services';
import { dependencyClosure as closureOf, resolveName, startOrder } from '../lib/start-order';
import { alertSink } from './alert-sink';
import { appServiceComponent } from './app-service';
import type { Component } from './component';
import { dogstatsd } from './dogstatsd';
import { edge } from './edge';
import { elasticsearch } from './elasticsearch';
import { ferretdb } from './ferretdb';
import { postgres } from './postgres';
import { redis } from './redis';
import { smtpSink } from './smtp-sink';
import { testAgent } from './test-agent';

export type { Component } from './component';

/** Built on each call (ports come from the environment at that moment), in start order. */
export function allComponents(): Component[] {
  return startOrder([
    postgres(),
    redis(),
    ferretdb(),
    elasticsearch(),
    testAgent(),
    dogstatsd(),
    smtpSink(),
    alertSink(),
    ...buildAppServices().map(appServiceComponent),
    edge(),
  ]);
}

export const aliases: Record<string, string> = { mongodb: 'ferretdb', mongo: 'ferretdb', es: 'elasticsearch' };

/**
 * The components named in `only` (or their aliases) plus everything they start after, transitively:
 * an app service brings its stores, the telemetry sinks and the peers it declares. In start order;
 * no `only` = everything. An unknown name is a StackError.
 */
export function dependencyClosure(components: Component[], only?: string[]): Component[] {
  if (!only || only.length === 0) return startOrder(components);
  return closureOf(components, only, aliases);
}

/** The component name for `raw` (a name or an alias); a StackError listing the known names otherwise. */
export function componentName(components: Component[], raw: string): string {
  return resolveName(components, raw, aliases);
}
