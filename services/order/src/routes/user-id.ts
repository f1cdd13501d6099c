import { unauthorized, badRequest } from '@shopfast/service-kit';
import type { Request } from 'express';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The customer the gateway authenticated (x-user-id). Services behind the gateway trust only that header. */
export function userIdOf(req: Request): string {
  const userId = req.get('x-user-id');
  if (!userId) throw unauthorized();
  if (!UUID.test(userId)) throw badRequest('invalid_user_id', 'x-user-id must be a user id');
  return userId;
}
