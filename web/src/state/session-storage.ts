// The signed-in session survives a reload (localStorage), but never past the token's expiry.
import type { User } from '../api/types';

export interface Session {
  token: string;
  user: User;
}

const KEY = 'shopfast.session';

/** Seconds-since-epoch `exp` of a JWT, or undefined when it cannot be read. */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp : undefined;
  } catch {
    return undefined;
  }
}

export function isExpired(token: string, nowMs = Date.now()): boolean {
  const exp = tokenExpiry(token);
  return exp === undefined || exp * 1000 <= nowMs;
}

export function readSession(storage: Storage = window.localStorage): Session | null {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    if (!session?.token || !session.user?.id || isExpired(session.token)) {
      storage.removeItem(KEY);
      return null;
    }
    return session;
  } catch {
    return null;
  }
}

export function writeSession(session: Session | null, storage: Storage = window.localStorage): void {
  try {
    if (session) storage.setItem(KEY, JSON.stringify(session));
    else storage.removeItem(KEY);
  } catch {
    // Private mode or a full quota: the session simply does not survive a reload.
  }
}
