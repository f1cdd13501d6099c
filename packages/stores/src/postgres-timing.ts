import type pg from 'pg';
import { reportQueryTime, sqlOperation, type TimingSink } from './query-timing';

const INSTRUMENTED = Symbol('shopfast.queryTiming');

/**
 * Times every query a pooled client runs. `pool.query()` borrows a client and calls its `query`, and
 * transactions call `client.query()` themselves, so wrapping each client as the pool creates it covers
 * both, once. Streams and cursors (submittables) pass through untimed.
 */
export function instrumentPoolQueries(pool: pg.Pool, sink: TimingSink): void {
  pool.on('connect', (client) => instrumentClient(client, sink));
}

function instrumentClient(client: pg.PoolClient, sink: TimingSink): void {
  const target = client as pg.PoolClient & { [INSTRUMENTED]?: true };
  if (target[INSTRUMENTED]) return;
  target[INSTRUMENTED] = true;
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;

  (client as { query: unknown }).query = function timedQuery(...args: unknown[]): unknown {
    const first = args[0];
    if (first && typeof first === 'object' && typeof (first as { submit?: unknown }).submit === 'function') return original(...args);
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | undefined)?.text;
    const operation = sqlOperation(text);
    const started = performance.now();
    const done = () => reportQueryTime(sink, performance.now() - started, 'postgresql', operation);

    const callbackIndex = args.length - 1;
    const callback = args[callbackIndex];
    if (typeof callback === 'function') {
      args[callbackIndex] = (...results: unknown[]) => {
        done();
        return (callback as (...r: unknown[]) => unknown)(...results);
      };
      return original(...args);
    }
    const configCallback = first && typeof first === 'object' ? (first as { callback?: unknown }).callback : undefined;
    if (typeof configCallback === 'function') {
      args[0] = { ...(first as object), callback: (...results: unknown[]) => { done(); return (configCallback as (...r: unknown[]) => unknown)(...results); } };
      return original(...args);
    }
    const result = original(...args) as Promise<unknown>;
    result.then(done, done);
    return result;
  };
}
