// Every component the stack knows, in start order. Stopping goes in reverse.
import { buildAppServices } from '../app-services';
import { StackError } from '../lib/errors';
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

/** Built on each call: ports come from the environment at that moment. */
export function allComponents(): Component[] {
  return [
    postgres(),
    redis(),
    ferretdb(),
    elasticsearch(),
    testAgent(),
    dogstatsd(),
    smtpSink(),
    ...buildAppServices().map(appServiceComponent),
    // nginx needs nothing running to start (upstreams resolve per request); it serves web/dist on :8080.
    edge(),
  ];
}

/** Backing servers an app service needs, read off its environment. */
const backingByEnv: Record<string, string> = {
  DATABASE_URL: 'postgres',
  REDIS_URL: 'redis',
  MONGODB_URL: 'ferretdb',
  ELASTICSEARCH_URL: 'elasticsearch',
  SMTP_URL: 'smtp-sink',
};

export const aliases: Record<string, string> = { mongodb: 'ferretdb', mongo: 'ferretdb', es: 'elasticsearch' };

/**
 * The components named in `only` plus everything they need: an app service brings its
 * stores, the services it calls, and the telemetry sinks (test agent, DogStatsD).
 * Returns them in start order. No `only` = everything.
 */
export function dependencyClosure(components: Component[], only?: string[]): Component[] {
  if (!only || only.length === 0) return components;
  const byName = new Map(components.map((c) => [c.name, c]));
  const apps = new Map(buildAppServices().map((s) => [s.name as string, s]));
  const wanted = new Set<string>();
  const visit = (raw: string) => {
    const name = aliases[raw] ?? raw;
    if (!byName.has(name)) {
      throw new StackError(`unknown component "${raw}"; known: ${[...byName.keys()].join(', ')}`);
    }
    if (wanted.has(name)) return;
    wanted.add(name);
    const app = apps.get(name);
    if (!app) return;
    visit('test-agent');
    visit('dogstatsd');
    for (const key of Object.keys(app.env)) {
      const backing = backingByEnv[key];
      if (backing) visit(backing);
      const peer = /^([A-Z]+)_SERVICE_URL$/.exec(key)?.[1];
      if (peer) visit(peer.toLowerCase());
    }
  };
  only.forEach(visit);
  return components.filter((c) => wanted.has(c.name));
}
