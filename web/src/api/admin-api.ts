// The gateway's fault admin API (/api/admin/faults), for the /admin/faults page. The admin token goes in
// its own header, never as the customer `token`: a refused admin token must not sign the shopper out.
import type { FaultList, FaultState } from '@shopfast/contracts';
import { apiRequest } from './http';

export type { FaultState } from '@shopfast/contracts';

const options = (adminToken: string) => ({ headers: { authorization: `Bearer ${adminToken}` }, serverMessages: true });

export const adminApi = {
  faults: async (adminToken: string, signal?: AbortSignal): Promise<FaultState[]> =>
    (await apiRequest<FaultList>('/api/admin/faults', { ...options(adminToken), signal })).faults,
  setFault: (adminToken: string, key: string, value: number | boolean) =>
    apiRequest<FaultState>(`/api/admin/faults/${encodeURIComponent(key)}`, { ...options(adminToken), method: 'PUT', body: { value } }),
  clearFault: (adminToken: string, key: string) => apiRequest<FaultState>(`/api/admin/faults/${encodeURIComponent(key)}`, { ...options(adminToken), method: 'DELETE' }),
  clearAll: async (adminToken: string): Promise<FaultState[]> => (await apiRequest<FaultList>('/api/admin/faults', { ...options(adminToken), method: 'DELETE' })).faults,
};

/** The allowed values in words, as the gateway names them ("a number from 0 to 1 (ratio)"). */
export function allowedValues(fault: Pick<FaultState, 'type' | 'min' | 'max' | 'unit'>): string {
  if (fault.type === 'boolean') return 'true or false';
  return `a number from ${fault.min} to ${fault.max}${fault.unit ? ` (${fault.unit})` : ''}`;
}

/** A typed-in value of a numeric fault: its number, or what is wrong with it. */
export function checkFaultValue(fault: FaultState, text: string): { ok: true; value: number } | { ok: false; message: string } {
  const value = Number(text);
  const fits = text.trim() !== '' && Number.isFinite(value) && value >= (fault.min ?? -Infinity) && value <= (fault.max ?? Infinity);
  return fits ? { ok: true, value } : { ok: false, message: `${fault.key} takes ${allowedValues(fault)}` };
}
