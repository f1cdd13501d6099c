import type { RequestHandler } from 'express';
import { SYNTHETIC_BAGGAGE_KEY } from '@shopfast/tracing';
import { activeRootSpan } from '@shopfast/tracing/spans';

/** True when a W3C `baggage` header (RFC: comma-separated `key=value;properties`, percent-encoded) says so. */
export function isSyntheticBaggage(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((member) => {
    const [pair = ''] = member.split(';');
    const separator = pair.indexOf('=');
    if (separator < 0) return false;
    const key = pair.slice(0, separator).trim();
    let value = pair.slice(separator + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      return false;
    }
    return key === SYNTHETIC_BAGGAGE_KEY && value === 'true';
  });
}

/**
 * Marks the gateway's root span of generated traffic (`npm run traffic` sends `baggage: synthetic_request=true`)
 * with `baggage.synthetic_request: true`. dd-trace copies the baggage item onto spans itself, but only when the
 * request also carries a trace context; a shopper's first request starts a new trace, and the entry span is the
 * one dashboards filter on. Services downstream get the tag from the propagated baggage. Only a label: nothing
 * trusts it for anything else.
 */
export function tagSyntheticTraffic(): RequestHandler {
  return (req, _res, next) => {
    if (isSyntheticBaggage(req.get('baggage'))) {
      activeRootSpan()?.setTag(`baggage.${SYNTHETIC_BAGGAGE_KEY}`, 'true');
    }
    next();
  };
}
