import { describe, expect, it } from 'vitest';
import { StackError } from './errors';
import { dependencyClosure, runInDependencyOrder, startOrder, stopOrder, type Ordered } from './start-order';

const node = (name: string, ...after: string[]): Ordered => ({ name, after });
const names = (nodes: readonly Ordered[]) => nodes.map((n) => n.name);

/** A small shop: two stores, three services, a gateway in front, an edge in front of that. */
const shop = [
  node('edge', 'gateway'),
  node('gateway', 'cart', 'order'),
  node('order', 'db', 'cart'),
  node('cart', 'cache', 'catalog'),
  node('catalog', 'db'),
  node('db'),
  node('cache'),
];

/** Resolves when told to: lets a test decide when a fake start finishes. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('startOrder', () => {
  it('puts every component after everything it starts after', () => {
    const order = names(startOrder(shop));
    for (const n of shop) for (const before of n.after) expect(order.indexOf(before), `${before} before ${n.name}`).toBeLessThan(order.indexOf(n.name));
    expect(order).toHaveLength(shop.length);
  });

  it('is deterministic: components ready together keep the order they are listed in', () => {
    // db is the first one listed that needs nothing; then catalog (ready now, listed before cache)…
    expect(names(startOrder(shop))).toEqual(['db', 'catalog', 'cache', 'cart', 'order', 'gateway', 'edge']);
    expect(names(startOrder([node('b'), node('a'), node('c')]))).toEqual(['b', 'a', 'c']);
  });

  it('stops in exactly the reverse of the start order', () => {
    expect(names(stopOrder(shop))).toEqual([...names(startOrder(shop))].reverse());
  });

  it('rejects a cycle, naming the components on it', () => {
    const cyclic = [node('a', 'c'), node('b', 'a'), node('c', 'b'), node('d')];
    expect(() => startOrder(cyclic)).toThrow(StackError);
    expect(() => startOrder(cyclic)).toThrow(/cycle: a → c → b → a/);
    expect(() => startOrder([node('self', 'self')])).toThrow(/cycle: self → self/);
  });

  it('rejects an `after` that names no component', () => {
    expect(() => startOrder([node('api', 'postgress'), node('postgres')])).toThrow(
      /api starts after "postgress", which is not a component; known: api, postgres/,
    );
  });

  it('rejects two components with one name', () => {
    expect(() => startOrder([node('db'), node('db')])).toThrow(/two components are named "db"/);
  });
});

describe('dependencyClosure', () => {
  it('brings everything a component starts after, transitively, in start order', () => {
    expect(names(dependencyClosure(shop, ['order']))).toEqual(['db', 'catalog', 'cache', 'cart', 'order']);
    expect(names(dependencyClosure(shop, ['cache', 'catalog']))).toEqual(['db', 'catalog', 'cache']);
  });

  it('resolves aliases and rejects unknown names', () => {
    expect(names(dependencyClosure(shop, ['postgres'], { postgres: 'db' }))).toEqual(['db']);
    expect(() => dependencyClosure(shop, ['nope'])).toThrow(/unknown component "nope"; known: edge, gateway/);
  });
});

describe('runInDependencyOrder', () => {
  it('starts a component only once everything it starts after has finished, independent ones in parallel', async () => {
    const gates = new Map(shop.map((n) => [n.name, gate()]));
    const begun: string[] = [];
    const run = runInDependencyOrder(shop, 'start', async (n) => {
      begun.push(n.name);
      await gates.get(n.name)!.opened;
    });
    await tick();
    expect(begun).toEqual(['db', 'cache']); // both at once, nothing else yet
    gates.get('db')!.open();
    await tick();
    expect(begun).toEqual(['db', 'cache', 'catalog']);
    gates.get('catalog')!.open();
    await tick();
    expect(begun).not.toContain('cart'); // still waits for cache
    gates.get('cache')!.open();
    await tick();
    expect(begun).toContain('cart');
    for (const name of ['cart', 'order', 'gateway', 'edge']) {
      gates.get(name)!.open();
      await tick();
    }
    const result = await run;
    expect(names(result.done)).toEqual(['db', 'catalog', 'cache', 'cart', 'order', 'gateway', 'edge']);
  });

  it('stops a component only once everything that starts after it has stopped', async () => {
    const events: string[] = [];
    await runInDependencyOrder(shop, 'stop', async (n) => {
      events.push(`begin ${n.name}`);
      await tick();
      events.push(`end ${n.name}`);
    });
    for (const n of shop) {
      for (const prerequisite of n.after) {
        expect(events.indexOf(`end ${n.name}`), `${n.name} stopped before ${prerequisite}`).toBeLessThan(events.indexOf(`begin ${prerequisite}`));
      }
    }
    // catalog and cache wait only for cart: they stop together.
    expect(events.indexOf('begin catalog')).toBeLessThan(events.indexOf('end cache'));
    expect(events.indexOf('begin cache')).toBeLessThan(events.indexOf('end catalog'));
    expect(events.filter((e) => e.startsWith('begin'))).toHaveLength(shop.length);
  });

  it('does not start what needs a component that failed, and stops starting new ones when told to halt', async () => {
    const begun: string[] = [];
    const failing = async (n: Ordered) => {
      begun.push(n.name);
      if (n.name === 'catalog') throw new Error('catalog exploded');
    };
    const result = await runInDependencyOrder(shop, 'start', failing);
    expect(result.failed.map((f) => [f.node.name, (f.error as Error).message])).toEqual([['catalog', 'catalog exploded']]);
    expect(names(result.notRun).sort()).toEqual(['cart', 'edge', 'gateway', 'order']);
    expect(begun).toEqual(['db', 'cache', 'catalog']);

    const halted = await runInDependencyOrder([node('a'), node('b', 'a'), node('c')], 'start', async (n) => {
      if (n.name === 'a') throw new Error('no');
    }, { haltOnFailure: true });
    expect(names(halted.done)).toEqual(['c']); // already running when a failed
    expect(names(halted.notRun)).toEqual(['b']);
  });

  it('keeps stopping the rest when one stop fails', async () => {
    const result = await runInDependencyOrder(shop, 'stop', async (n) => {
      if (n.name === 'gateway') throw new Error('stuck');
    });
    expect(names(result.failed.map((f) => f.node))).toEqual(['gateway']);
    expect(names(result.done).sort()).toEqual(['cache', 'cart', 'catalog', 'db', 'edge', 'order']);
  });

  it('runs a subset, ignoring what it starts after outside the subset (already running)', async () => {
    const subset = shop.filter((n) => ['cart', 'order'].includes(n.name));
    const result = await runInDependencyOrder(subset, 'start', async () => undefined);
    expect(names(result.done)).toEqual(['cart', 'order']);
  });
});
