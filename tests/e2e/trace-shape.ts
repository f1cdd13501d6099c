import type { AgentSpan } from '@shopfast/test-kit';

/**
 * The shape of a trace: who called whom, without ids, durations, timestamps or anything else that
 * changes between runs. Store spans are kept only as "this service touched this store here" (their
 * number depends on connection handshakes and lock retries); Redis commands and pool acquisitions are
 * left out for the same reason. Identical sibling subtrees (parallel price lookups) count once.
 */
export interface ShapeNode {
  span: string;
  children?: ShapeNode[];
}

const STORE_SPANS = new Set(['mongodb.query', 'postgresql.query', 'elasticsearch.query', 'undici.request']);
const SKIPPED_SPANS = new Set(['redis.command', 'postgresql.pool.acquire']);

function label(span: AgentSpan): string {
  if (STORE_SPANS.has(span.name)) return `${span.service} ${span.name}`;
  return `${span.service} ${span.name} ${span.resource}`;
}

export function traceShape(spans: AgentSpan[]): ShapeNode[] {
  const ids = new Set(spans.map((span) => BigInt(span.span_id).toString()));
  const children = new Map<string, AgentSpan[]>();
  for (const span of spans) {
    const parent = BigInt(span.parent_id).toString();
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const build = (span: AgentSpan): ShapeNode[] => {
    const below = (children.get(BigInt(span.span_id).toString()) ?? []).flatMap(build);
    if (SKIPPED_SPANS.has(span.name)) return below; // keep what hangs below a skipped span
    const node: ShapeNode = { span: label(span) };
    const unique = dedupe(below);
    if (unique.length > 0) node.children = unique;
    return [node];
  };
  return dedupe(spans.filter((span) => !ids.has(BigInt(span.parent_id).toString())).flatMap(build));
}

function dedupe(nodes: ShapeNode[]): ShapeNode[] {
  const byKey = new Map<string, ShapeNode>();
  for (const node of nodes) byKey.set(JSON.stringify(node), node);
  return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, node]) => node);
}

/** The shape as indented text, for readable snapshot diffs. */
export function renderShape(nodes: ShapeNode[], depth = 0): string {
  return nodes.map((node) => `${'  '.repeat(depth)}${node.span}\n${renderShape(node.children ?? [], depth + 1)}`).join('');
}
