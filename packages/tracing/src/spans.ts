import tracer from 'dd-trace';

/** What callers need of a span here: tag it. */
export interface TaggableSpan {
  setTag(key: string, value: unknown): unknown;
}

/**
 * The local root span of the active trace (the request's or the job's entry span in this process), so a tag
 * lands on the span Datadog lists and filters by, whichever inner span is active. dd-trace keeps the spans of
 * the trace started in this process in `context()._trace.started`, the first being the root (Datadog's docs use
 * it). Undefined when nothing is active or the tracer was never initialised.
 *
 * Its own entry point (`@shopfast/tracing/spans`) imports dd-trace only: importing the package's index
 * initialises the tracer, which tools that merely tag (feature-flags used by CLIs and tests) must not do.
 */
export function activeRootSpan(): TaggableSpan | undefined {
  const active = tracer.scope().active();
  if (!active) return undefined;
  const started = (active.context() as unknown as { _trace?: { started?: TaggableSpan[] } })._trace?.started;
  return started?.[0] ?? active;
}
