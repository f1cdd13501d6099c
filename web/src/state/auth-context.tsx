import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { configureApi } from '../api/http';
import { shopApi } from '../api/shop-api';
import type { User } from '../api/types';
import { telemetry } from '../telemetry/rum';
import { readSession, writeSession, type Session } from './session-storage';

interface AuthValue {
  user: User | null;
  token: string | null;
  login(email: string, password: string): Promise<void>;
  signup(name: string, email: string, password: string): Promise<void>;
  logout(): void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children, initial }: { children: ReactNode; initial?: Session | null }) {
  const [session, setSession] = useState<Session | null>(() => (initial !== undefined ? initial : readSession()));

  const start = useCallback((next: Session | null) => {
    writeSession(next);
    setSession(next);
    if (next) telemetry.setUser(next.user.id);
    else telemetry.clearUser();
  }, []);

  useEffect(() => {
    if (session) telemetry.setUser(session.user.id);
    // Once, with the session restored at load. An expired token on any call ends the session;
    // the pages then ask to sign in again.
    configureApi({ onUnauthorized: () => start(null) });
  }, []);

  const value = useMemo<AuthValue>(
    () => ({
      user: session?.user ?? null,
      token: session?.token ?? null,
      async login(email, password) {
        start(await shopApi.login({ email, password }));
      },
      async signup(name, email, password) {
        start(await shopApi.signup({ name, email, password }));
      },
      logout: () => start(null),
    }),
    [session, start],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
