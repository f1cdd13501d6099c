import { sameId, type AgentSpan } from '@shopfast/test-kit';

/** Helpers to reason about parent links in a trace returned by the test agent. */
export function spanTree(spans: AgentSpan[]) {
  const byId = new Map(spans.map((span) => [BigInt(span.span_id).toString(), span]));
  const parentOf = (span: AgentSpan) => byId.get(BigInt(span.parent_id).toString());

  return {
    find(predicate: (span: AgentSpan) => boolean, what: string): AgentSpan {
      const span = spans.find(predicate);
      if (!span) throw new Error(`no ${what} span in trace; spans: ${spans.map((s) => `${s.service}/${s.name}`).join(', ')}`);
      return span;
    },
    parentOf,
    /** True when `ancestor` is on the chain of parents of `span`. */
    descendsFrom(span: AgentSpan, ancestor: AgentSpan): boolean {
      let current = parentOf(span);
      for (let depth = 0; current && depth < 100; depth++) {
        if (sameId(current.span_id, ancestor.span_id)) return true;
        current = parentOf(current);
      }
      return false;
    },
    /** Spans whose parent is not in the trace: there should be exactly one, the gateway's entry span. */
    roots(): AgentSpan[] {
      return spans.filter((span) => !parentOf(span));
    },
  };
}
