// The gateway's fault admin API (/api/admin/faults), as `npm run faults` calls it.
import type { FaultState } from '@shopfast/contracts';

export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface FaultsAdmin {
  list(): Promise<FaultState[]>;
  set(key: string, value: number | boolean | string): Promise<FaultState>;
  clear(key: string): Promise<FaultState>;
  clearAll(): Promise<FaultState[]>;
}

export function createFaultsAdmin({ gatewayUrl, adminToken, timeoutMs = 10_000 }: { gatewayUrl: string; adminToken: string; timeoutMs?: number }): FaultsAdmin {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${gatewayUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new AdminApiError(0, 'unreachable', `cannot reach the gateway at ${gatewayUrl} (${(error as Error).message}); is the stack up (npm start)?`);
    }
    const text = await response.text();
    let payload: unknown;
    try {
      payload = text ? JSON.parse(text) : undefined;
    } catch {
      payload = undefined;
    }
    if (response.ok) return payload as T;
    const problem = (payload as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (response.status === 404 && !problem?.code?.startsWith('unknown_fault')) {
      throw new AdminApiError(404, problem?.code ?? 'not_found', `the gateway at ${gatewayUrl} has no fault admin API (${method} ${path}: 404); is it running this version?`);
    }
    const hint = response.status === 401 ? ' (check SHOPFAST_ADMIN_TOKEN or .stack/secrets/admin-token)' : '';
    throw new AdminApiError(response.status, problem?.code ?? 'http_error', `${problem?.message ?? `${method} ${path} answered ${response.status}`}${hint}`);
  }

  return {
    list: async () => (await call<{ faults: FaultState[] }>('GET', '/api/admin/faults')).faults,
    set: (key, value) => call<FaultState>('PUT', `/api/admin/faults/${encodeURIComponent(key)}`, { value }),
    clear: (key) => call<FaultState>('DELETE', `/api/admin/faults/${encodeURIComponent(key)}`),
    clearAll: async () => (await call<{ faults: FaultState[] }>('DELETE', '/api/admin/faults')).faults,
  };
}
