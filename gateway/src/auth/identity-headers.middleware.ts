import type { RequestHandler } from 'express';

/** Headers that carry identity between the gateway and the services; only the gateway may set them. */
export const IDENTITY_HEADERS = ['x-user-id', 'x-admin'] as const;

/**
 * Drops any identity header a client sends, on every request, before anything reads it. The gateway
 * sets them itself from a verified JWT or the admin token (see forward.ts).
 */
export function stripIdentityHeaders(): RequestHandler {
  return (req, _res, next) => {
    for (const name of IDENTITY_HEADERS) delete req.headers[name];
    next();
  };
}
