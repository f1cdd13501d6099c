import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, api } from './shop-client';

/**
 * Fault control through the running gateway: what the admin API answers is what it wrote to the runtime
 * state file every service's flagd provider reads (.stack/flags/shopfast.flagd.json, rendered at `stack up`).
 * Only storefront faults are switched here, so no service misbehaves while this file runs; every fault is
 * off again at the end.
 */
const STATE_FILE = process.env.SHOPFAST_FLAGS_FILE ?? join(__dirname, '..', '..', '.stack', 'flags', 'shopfast.flagd.json');
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

interface StateFlag {
  defaultVariant: string;
  variants: Record<string, number | boolean>;
}
const stateOf = (key: string): StateFlag => (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { flags: Record<string, StateFlag> }).flags[key]!;

afterAll(async () => {
  await api('/api/admin/faults', { method: 'DELETE', headers: admin });
});

describe('fault control through the gateway', () => {
  it('writes a fault switched on to the state file, lists it, and serves it to the storefront', async () => {
    const set = await api('/api/admin/faults/imageSlowLoad', { method: 'PUT', headers: admin, body: { value: 1_234 } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ key: 'imageSlowLoad', value: 1_234, default: 0, active: true, service: 'web' });
    expect(stateOf('imageSlowLoad')).toMatchObject({ defaultVariant: 'on', variants: { off: 0, on: 1_234 } });

    const listed = await api('/api/admin/faults', { headers: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.faults.find((fault: { key: string }) => fault.key === 'imageSlowLoad')).toMatchObject({ value: 1_234, active: true });

    const flags = await api('/api/flags');
    expect(flags.status).toBe(200);
    expect(flags.headers.get('cache-control')).toBe('no-store');
    expect(flags.body.flags).toEqual({ imageSlowLoad: 1_234, productPageJsError: false });
  });

  it('refuses a value out of range with a 400 naming the range, and leaves the file as it was', async () => {
    const before = readFileSync(STATE_FILE, 'utf8');
    const response = await api('/api/admin/faults/imageSlowLoad', { method: 'PUT', headers: admin, body: { value: 999_999 } });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_fault_value', message: 'imageSlowLoad takes a number from 0 to 20000 (ms)' });
    expect(readFileSync(STATE_FILE, 'utf8')).toBe(before);
    expect((await api('/api/admin/faults/noSuchFault', { method: 'PUT', headers: admin, body: { value: 1 } })).status).toBe(404);
    expect((await api('/api/admin/faults/imageSlowLoad', { method: 'PUT', body: { value: 1 } })).status).toBe(401);
  });

  it('switches one fault off, then every fault off', async () => {
    await api('/api/admin/faults/productPageJsError', { method: 'PUT', headers: admin, body: { value: true } });
    expect(stateOf('productPageJsError')).toMatchObject({ defaultVariant: 'on', variants: { on: true } });

    const one = await api('/api/admin/faults/imageSlowLoad', { method: 'DELETE', headers: admin });
    expect(one.body).toMatchObject({ key: 'imageSlowLoad', value: 0, active: false });
    expect(stateOf('imageSlowLoad').defaultVariant).toBe('off');
    expect(stateOf('productPageJsError').defaultVariant).toBe('on');

    const all = await api('/api/admin/faults', { method: 'DELETE', headers: admin });
    expect(all.status).toBe(200);
    expect(all.body.faults.filter((fault: { active: boolean }) => fault.active)).toEqual([]);
    const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { flags: Record<string, StateFlag> };
    expect(Object.entries(state.flags).filter(([, flag]) => flag.defaultVariant !== 'off')).toEqual([]);
  });
});
