import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { bearerToken, unauthorized, type Metrics } from '@shopfast/service-kit';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when the request carries `Authorization: Bearer <admin token>` (ADMIN_TOKEN_FILE; constant-time comparison). */
export function adminTokenCheck(adminToken: string): (req: Request) => boolean {
  const expected = digest(adminToken);
  return (req) => {
    const token = bearerToken(req.get('authorization'));
    return token !== undefined && token !== '' && timingSafeEqual(digest(token), expected);
  };
}

/**
 * Admin routes need `Authorization: Bearer <admin token>` (the contents of ADMIN_TOKEN_FILE). Both sides
 * are hashed first so the comparison is constant-time whatever the lengths (timingSafeEqual alone throws
 * on different lengths, which leaks the length). On success res.locals.admin makes forward.ts ask for a
 * service token that asserts an administrator's request (`adm`), which the service's requireCaller checks.
 */
export function requireAdmin(adminToken: string, metrics: Metrics): RequestHandler {
  const expected = digest(adminToken);
  return (req, res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (!token || !timingSafeEqual(digest(token), expected)) {
      metrics.increment('ecommerce.gateway.auth_failed', 1, { reason: token ? 'admin_invalid' : 'admin_missing' });
      res.set('www-authenticate', 'Bearer');
      return next(unauthorized(token ? 'The admin token is not valid' : 'An admin token is required'));
    }
    res.locals.admin = true;
    next();
  };
}
