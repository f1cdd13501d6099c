import { useEffect, useState, type ReactNode } from 'react';

/** A spinner that, after a few seconds, also says the shop is slow (so a wait never looks like a hang). */
export function Loading({ label = 'Loading…', slowAfterMs = 4_000 }: { label?: string; slowAfterMs?: number }) {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), slowAfterMs);
    return () => clearTimeout(timer);
  }, [slowAfterMs]);
  return (
    <div className="status status--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
      {slow && <p className="status__hint">The shop is slower than usual. Still working on it…</p>}
    </div>
  );
}

export function ErrorMessage({ message, onRetry, title = 'We could not load this' }: { message: string; onRetry?: () => void; title?: string }) {
  return (
    <div className="status status--error" role="alert">
      <strong>{title}</strong>
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="status status--empty">
      <strong>{title}</strong>
      {children}
    </div>
  );
}

/** Nothing at first; after a few seconds, a line saying the shop is slow (for skeleton loaders). */
export function SlowNotice({ afterMs = 4_000 }: { afterMs?: number }) {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), afterMs);
    return () => clearTimeout(timer);
  }, [afterMs]);
  return (
    <p className="status__hint" role="status" aria-live="polite">
      {slow ? 'The shop is slower than usual. Still working on it…' : ''}
    </p>
  );
}

/** Product grid placeholder while results load (keeps the layout from jumping). */
export function ProductGridSkeleton({ count = 8 }: { count?: number }) {
  return (
    <>
    <SlowNotice />
    <ul className="product-grid" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <li key={i} className="product-card product-card--skeleton">
          <div className="skeleton skeleton--image" />
          <div className="skeleton skeleton--line" />
          <div className="skeleton skeleton--line skeleton--short" />
        </li>
      ))}
    </ul>
    </>
  );
}
