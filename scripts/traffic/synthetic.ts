// How generated traffic says it is generated, so dashboards and monitors can leave it out (or look
// at nothing else). One header for anything that reads HTTP (access logs, the edge, AppSec request
// headers) and W3C baggage for the tracers, which propagate it from the gateway to every service.

/** The header every generated request carries. One name, used everywhere (docs/decisions/013). */
export const SYNTHETIC_HEADER = 'x-shopfast-synthetic';

/** The W3C baggage member: dd-trace tags spans with it once DD_TRACE_BAGGAGE_TAG_KEYS lists the key. */
export const SYNTHETIC_BAGGAGE_KEY = 'synthetic_request';

export const USER_AGENT = 'shopfast-traffic/0.1 (synthetic; +docs/decisions/013-traffic-generator.md)';

/** Headers for every request of the generator (API mode, and the browsers' extra headers). */
export function syntheticHeaders(): Record<string, string> {
  return {
    [SYNTHETIC_HEADER]: 'true',
    baggage: `${SYNTHETIC_BAGGAGE_KEY}=true`,
  };
}

/**
 * The storefront's marker for a synthetic visit (a proposed change to web/src/telemetry/rum.ts reads
 * it and sets the RUM global context `synthetic: true`): the query parameter on the first page, and
 * the localStorage key that keeps it for the rest of the visit.
 */
export const STOREFRONT_SYNTHETIC_QUERY = 'synthetic=1';
export const STOREFRONT_SYNTHETIC_STORAGE_KEY = 'shopfast.synthetic';
