import { badRequest } from '@shopfast/service-kit';

/**
 * A client value made into ONE path segment of a service URL. encodeURIComponent leaves `.` and `..`
 * as they are, and the URL parser then resolves them: `DELETE /api/cart/items/%2E%2E` would become the
 * service's `DELETE /cart` (empty the cart). So `.`, `..` and anything with a slash or backslash
 * (Express has already decoded %2F and %5C) is refused with 400 validation_failed, before any service
 * is called. No id in this shop looks like that.
 */
export function pathSegment(value: unknown, field: string): string {
  const text = String(value);
  if (text === '.' || text === '..' || /[/\\]/.test(text)) {
    throw badRequest('validation_failed', 'The request is invalid', [{ location: 'params', path: field, message: 'must not be . or .. or contain / or \\' }]);
  }
  return encodeURIComponent(text);
}

/** Checks every route parameter of a request with pathSegment (throws on the first bad one). */
export function assertSafePathParams(params: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(params)) pathSegment(value, field);
}
