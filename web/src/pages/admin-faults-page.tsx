import { useState, type FormEvent } from 'react';
import { adminApi, allowedValues, checkFaultValue, type FaultState } from '../api/admin-api';
import { ApiError, errorMessage } from '../api/http';
import { ErrorMessage, Loading } from '../components/status-views';
import { useApi } from '../hooks/use-api';
import { usePageTitle } from '../hooks/use-page';

/**
 * /admin/faults: the fault catalogue (docs/faults.md) of the running shop, switched on and off through the
 * gateway's admin API. The admin token is asked for here and kept in sessionStorage only: it is gone when the
 * tab closes and never reaches localStorage or a cookie.
 */
export const ADMIN_TOKEN_KEY = 'shopfast.adminToken';

function readToken(): string | null {
  try {
    return window.sessionStorage.getItem(ADMIN_TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeToken(token: string | null): void {
  try {
    if (token) window.sessionStorage.setItem(ADMIN_TOKEN_KEY, token);
    else window.sessionStorage.removeItem(ADMIN_TOKEN_KEY);
  } catch {
    // Storage blocked: the token lasts as long as this page.
  }
}

export function AdminFaultsPage() {
  usePageTitle('Fault control');
  const [token, setToken] = useState<string | null>(readToken);
  const [refused, setRefused] = useState(false);
  const use = (next: string | null, wasRefused = false) => {
    writeToken(next);
    setToken(next);
    setRefused(wasRefused);
  };
  return (
    <div className="admin-faults">
      <h1>Fault control</h1>
      <p className="admin-faults__intro">
        Switch the shop&apos;s faults on and off while it runs: every service sees a change within 10 seconds. Each fault names the Datadog signal it raises and the monitor
        that should catch it (docs/faults.md).
      </p>
      {token ? <FaultTable token={token} onRefused={() => use(null, true)} onForget={() => use(null)} /> : <TokenForm refused={refused} onToken={(value) => use(value)} />}
    </div>
  );
}

function TokenForm({ refused, onToken }: { refused: boolean; onToken: (token: string) => void }) {
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) onToken(value.trim());
  };
  return (
    <form className="admin-faults__token" onSubmit={submit}>
      {refused && (
        <p className="notice notice--error" role="alert">
          The admin token was not accepted. Check it and try again.
        </p>
      )}
      <div className="field">
        <label htmlFor="admin-token">Admin token</label>
        <input id="admin-token" type="password" autoComplete="off" value={value} onChange={(event) => setValue(event.target.value)} />
        <p className="admin-faults__hint">Locally in .stack/secrets/admin-token. Kept for this tab only.</p>
      </div>
      <button type="submit" className="button" disabled={!value.trim()}>
        Open fault control
      </button>
    </form>
  );
}

function FaultTable({ token, onRefused, onForget }: { token: string; onRefused: () => void; onForget: () => void }) {
  const list = useApi(`admin-faults:${token}`, (signal) =>
    adminApi.faults(token, signal).catch((error: unknown) => {
      // Wrong or rotated token: ask for it again rather than offering a retry that cannot work.
      if (error instanceof ApiError && error.status === 401) onRefused();
      throw error;
    }),
  );
  // Answers of the switches since the list was read, by key (the list itself is not read again for each).
  const [changed, setChanged] = useState<Record<string, FaultState>>({});
  const [resetting, setResetting] = useState(false);
  const [resetError, setResetError] = useState<string | null>(null);

  if (list.loading && !list.data) return <Loading label="Loading the faults…" />;
  if (list.error) {
    return (
      <>
        <ErrorMessage message={list.error} onRetry={list.reload} title="We could not load the faults" />
        <button type="button" className="button button--secondary" onClick={onForget}>
          Use another token
        </button>
      </>
    );
  }
  const faults = (list.data ?? []).map((fault) => changed[fault.key] ?? fault);

  /** A 401 means the token is wrong or was rotated: ask for it again. Returns the message to show otherwise. */
  const failed = (error: unknown): string => {
    if (error instanceof ApiError && error.status === 401) onRefused();
    return errorMessage(error);
  };
  const resetAll = async () => {
    setResetting(true);
    setResetError(null);
    try {
      const all = await adminApi.clearAll(token);
      setChanged(Object.fromEntries(all.map((fault) => [fault.key, fault])));
    } catch (error) {
      setResetError(failed(error));
    } finally {
      setResetting(false);
    }
  };
  const active = faults.filter((fault) => fault.active).length;

  return (
    <>
      <div className="admin-faults__toolbar">
        <span aria-live="polite">{active === 0 ? 'Every fault is off.' : `${active} fault${active === 1 ? '' : 's'} on.`}</span>
        <button type="button" className="button button--secondary" onClick={resetAll} disabled={resetting}>
          {resetting ? 'Resetting…' : 'Reset all'}
        </button>
        <button type="button" className="link-button" onClick={onForget}>
          Forget the token
        </button>
      </div>
      {resetError && (
        <p className="notice notice--error" role="alert">
          {resetError}
        </p>
      )}
      <ul className="fault-list">
        {faults.map((fault) => (
          <FaultRow key={fault.key} fault={fault} token={token} onChange={(next) => setChanged((all) => ({ ...all, [next.key]: next }))} onError={failed} />
        ))}
      </ul>
    </>
  );
}

function FaultRow({ fault, token, onChange, onError }: { fault: FaultState; token: string; onChange: (fault: FaultState) => void; onError: (error: unknown) => string }) {
  const [draft, setDraft] = useState(String(fault.active ? fault.value : fault.on));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const numeric = fault.type === 'number';
  const checked = numeric ? checkFaultValue(fault, draft) : null;

  const send = async (change: () => Promise<FaultState>) => {
    setBusy(true);
    setError(null);
    try {
      onChange(await change());
    } catch (failure) {
      setError(onError(failure));
    } finally {
      setBusy(false);
    }
  };
  const toggle = () => {
    if (fault.active) return send(() => adminApi.clearFault(token, fault.key));
    // On at the typed value when it is a valid one that does something, else at the catalogue's.
    const value = checked?.ok && checked.value !== fault.default ? checked.value : fault.on;
    return send(() => adminApi.setFault(token, fault.key, value));
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (checked?.ok) void send(() => adminApi.setFault(token, fault.key, checked.value));
  };
  const inputId = `fault-${fault.key}-value`;

  return (
    <li className={`fault-row${fault.active ? ' fault-row--on' : ''}`} aria-busy={busy}>
      <div className="fault-row__head">
        <label className="fault-switch">
          <input type="checkbox" role="switch" checked={fault.active} disabled={busy} onChange={() => void toggle()} aria-label={`${fault.key} on`} />
          <code>{fault.key}</code>
        </label>
        <span className="fault-row__value">{fault.active ? `on: ${String(fault.value)}${fault.unit ? ` ${fault.unit}` : ''}` : 'off'}</span>
        <span className="fault-row__service">{fault.service === 'web' ? 'storefront' : fault.service}</span>
      </div>
      <p className="fault-row__description">{fault.description}</p>
      <p className="fault-row__signal">
        Signal: {fault.signal}. Monitor: {fault.monitor}.
      </p>
      {numeric && (
        <form className="fault-row__form" onSubmit={apply}>
          <div className={`field${checked && !checked.ok ? ' field--invalid' : ''}`}>
            <label htmlFor={inputId}>
              Value ({allowedValues(fault).replace(/^a number /, '')})
            </label>
            <input
              id={inputId}
              type="number"
              inputMode="decimal"
              min={fault.min}
              max={fault.max}
              step="any"
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              aria-invalid={checked ? !checked.ok : undefined}
              aria-describedby={checked && !checked.ok ? `${inputId}-error` : undefined}
            />
            {checked && !checked.ok && (
              <p className="field__error" id={`${inputId}-error`}>
                {checked.message}
              </p>
            )}
          </div>
          <button type="submit" className="button button--small" disabled={busy || !checked?.ok}>
            Set {fault.key}
          </button>
        </form>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
