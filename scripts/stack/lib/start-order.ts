// Start and stop order, computed from one declaration: each component's `after` list. Starting runs a
// component once everything it starts after is up (independent ones in parallel); stopping is the
// exact reverse. Nothing here knows a component by name.
import { StackError } from './errors';

export interface Ordered {
  name: string;
  /** Names of the components that must be up before this one starts (and stay up until it has stopped). */
  after: readonly string[];
}

/**
 * Kahn's algorithm over the edges `edgesOf` returns; among the components that are ready at the same
 * time, the one listed first goes first, so the order is the same on every run.
 */
function topological<T extends Ordered>(nodes: readonly T[], edgesOf: (node: T) => readonly string[]): T[] {
  const remaining = new Map(nodes.map((n) => [n.name, new Set(edgesOf(n))]));
  const order: T[] = [];
  while (order.length < nodes.length) {
    const next = nodes.find((n) => remaining.get(n.name)?.size === 0);
    if (!next) throw new StackError(`the start order has a cycle: ${describeCycle(nodes, edgesOf)}`);
    remaining.delete(next.name);
    for (const waiting of remaining.values()) waiting.delete(next.name);
    order.push(next);
  }
  return order;
}

/** "a → b → c → a": one cycle, found by walking `after` edges until a name repeats. */
function describeCycle<T extends Ordered>(nodes: readonly T[], edgesOf: (node: T) => readonly string[]): string {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const visiting: string[] = [];
  const done = new Set<string>();
  const visit = (name: string): string[] | undefined => {
    const at = visiting.indexOf(name);
    if (at >= 0) return [...visiting.slice(at), name];
    if (done.has(name)) return undefined;
    visiting.push(name);
    for (const dependency of edgesOf(byName.get(name)!)) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    visiting.pop();
    done.add(name);
    return undefined;
  };
  for (const node of nodes) {
    const cycle = visit(node.name);
    if (cycle) return cycle.join(' → ');
  }
  return nodes.map((n) => n.name).join(', ');
}

/** Every `after` must name a component of the set; throws a StackError naming the first that does not. */
function assertKnown(nodes: readonly Ordered[]): void {
  const names = new Set<string>();
  for (const node of nodes) {
    if (names.has(node.name)) throw new StackError(`two components are named "${node.name}"`);
    names.add(node.name);
  }
  for (const node of nodes) {
    const unknown = node.after.find((name) => !names.has(name));
    if (unknown !== undefined) {
      throw new StackError(`${node.name} starts after "${unknown}", which is not a component; known: ${[...names].join(', ')}`);
    }
  }
}

/** The whole graph in start order; throws a StackError for an unknown `after` name or a cycle. */
export function startOrder<T extends Ordered>(nodes: readonly T[]): T[] {
  assertKnown(nodes);
  return topological(nodes, (n) => n.after);
}

/** The reverse of the start order: a component stops only once everything started after it has stopped. */
export function stopOrder<T extends Ordered>(nodes: readonly T[]): T[] {
  return startOrder(nodes).reverse();
}

/**
 * The named components and everything they start after, transitively, in start order. `aliases` maps
 * other spellings to component names; an unknown name is a StackError listing the known ones.
 */
export function dependencyClosure<T extends Ordered>(
  nodes: readonly T[],
  names: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): T[] {
  const ordered = startOrder(nodes);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const wanted = new Set<string>();
  const visit = (name: string) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    byName.get(name)!.after.forEach(visit);
  };
  for (const raw of names) visit(resolveName(nodes, raw, aliases));
  return ordered.filter((n) => wanted.has(n.name));
}

/** The component name `raw` stands for (itself or through an alias); a StackError when there is none. */
export function resolveName(nodes: readonly Ordered[], raw: string, aliases: Readonly<Record<string, string>> = {}): string {
  const name = aliases[raw] ?? raw;
  if (nodes.some((n) => n.name === name)) return name;
  throw new StackError(`unknown component "${raw}"; known: ${nodes.map((n) => n.name).join(', ')}`);
}

export interface OrderedRun<T> {
  /** In the order they finished. */
  done: T[];
  failed: Array<{ node: T; error: unknown }>;
  /** Not attempted: something they start after failed, or `haltOnFailure` stopped new work. */
  notRun: T[];
}

/**
 * Runs `task` for every node as soon as the nodes it depends on within this set are done: for
 * 'start', the ones in its `after`; for 'stop', the ones whose `after` names it. Independent nodes run
 * in parallel. `after` names outside the set are ignored (already running, or not built), so any
 * subset of a valid graph can be run. Starting never runs a node whose prerequisite failed; stopping
 * goes on regardless (a failed stop must not leave the rest running). Resolves once nothing is running.
 */
export async function runInDependencyOrder<T extends Ordered>(
  nodes: readonly T[],
  direction: 'start' | 'stop',
  task: (node: T) => Promise<void>,
  options: { haltOnFailure?: boolean } = {},
): Promise<OrderedRun<T>> {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const prerequisites = (node: T): string[] =>
    direction === 'start'
      ? node.after.filter((name) => byName.has(name))
      : nodes.filter((other) => other.after.includes(node.name)).map((other) => other.name);
  const ordered = topological(nodes, prerequisites); // also rejects a cycle before anything runs
  const result: OrderedRun<T> = { done: [], failed: [], notRun: [] };
  const outcomes = new Map<string, Promise<boolean>>();
  let halted = false;

  const runOne = (node: T): Promise<boolean> => {
    const known = outcomes.get(node.name);
    if (known) return known;
    const outcome = (async () => {
      const ok = await Promise.all(prerequisites(node).map((name) => runOne(byName.get(name)!)));
      if (halted || (direction === 'start' && ok.includes(false))) {
        result.notRun.push(node);
        return false;
      }
      try {
        await task(node);
        result.done.push(node);
        return true;
      } catch (error) {
        result.failed.push({ node, error });
        if (options.haltOnFailure) halted = true;
        return false;
      }
    })();
    outcomes.set(node.name, outcome);
    return outcome;
  };

  await Promise.all(ordered.map(runOne));
  return result;
}
