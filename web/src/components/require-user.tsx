import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useAuth } from '../state/auth-context';
import { EmptyState } from './status-views';

/** Pages that need an account show a sign-in prompt (with a way back) instead of an error. */
export function RequireUser({ children, what }: { children: ReactNode; what: string }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user) return <>{children}</>;
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <EmptyState title={`Sign in to see ${what}`}>
      <div className="button-row">
        <Link className="button" to={`/login?next=${next}`}>
          Sign in
        </Link>
        <Link className="button button--secondary" to={`/signup?next=${next}`}>
          Create an account
        </Link>
      </div>
    </EmptyState>
  );
}
