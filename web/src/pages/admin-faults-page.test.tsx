import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultState } from '../api/admin-api';
import { fakeApi } from '../test/fake-api';
import { ADMIN_TOKEN_KEY, AdminFaultsPage } from './admin-faults-page';

const TOKEN = 'admin-token-for-tests-0123456789abcdef';

const fault = (key: string, extra: Partial<FaultState> = {}): FaultState => ({
  key,
  description: `What ${key} breaks.`,
  type: 'number',
  value: 0,
  default: 0,
  on: 0.5,
  min: 0,
  max: 1,
  unit: 'ratio',
  service: 'payment',
  signal: 'ecommerce.orders.failed',
  monitor: 'Order failure rate',
  active: false,
  ...extra,
});
const paymentFailure = fault('paymentFailure');
const bankTimeout = fault('bankTimeout', { type: 'boolean', value: false, default: false, on: true, min: undefined, max: undefined, unit: undefined });

afterEach(() => window.sessionStorage.clear());

function renderPage() {
  render(
    <MemoryRouter>
      <AdminFaultsPage />
    </MemoryRouter>,
  );
}

const rowOf = (key: string) => screen.getByText(key, { selector: 'code' }).closest('li') as HTMLElement;

describe('fault control page', () => {
  it('asks for the admin token, keeps it in sessionStorage only, and lists the faults with their descriptions', async () => {
    const api = fakeApi({ 'GET /api/admin/faults': { body: { faults: [paymentFailure, bankTimeout] } } });
    renderPage();
    expect(api.calls).toHaveLength(0);
    await userEvent.type(screen.getByLabelText('Admin token'), TOKEN);
    await userEvent.click(screen.getByRole('button', { name: 'Open fault control' }));

    expect(await screen.findByText('What paymentFailure breaks.')).toBeTruthy();
    expect(screen.getByText('What bankTimeout breaks.')).toBeTruthy();
    expect(screen.getByText('Every fault is off.')).toBeTruthy();
    expect(api.calls[0]).toMatchObject({ method: 'GET', path: '/api/admin/faults', headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}` }) });
    expect(window.sessionStorage.getItem(ADMIN_TOKEN_KEY)).toBe(TOKEN);
    expect(JSON.stringify({ ...window.localStorage })).not.toContain(TOKEN);
  });

  it('shows a loading state, then switches a fault on at the value typed in and off again', async () => {
    window.sessionStorage.setItem(ADMIN_TOKEN_KEY, TOKEN);
    const api = fakeApi({
      'GET /api/admin/faults': { body: { faults: [paymentFailure, bankTimeout] } },
      'PUT /api/admin/faults/paymentFailure': (init) => ({ body: { ...paymentFailure, value: JSON.parse(String(init?.body)).value, active: true } }),
      'DELETE /api/admin/faults/paymentFailure': { body: paymentFailure },
    });
    renderPage();
    expect(screen.getByRole('status').textContent).toContain('Loading the faults');
    await screen.findByText('What paymentFailure breaks.');
    const row = rowOf('paymentFailure');
    const value = within(row).getByLabelText(/Value/);
    await userEvent.clear(value);
    await userEvent.type(value, '0.2');
    await userEvent.click(within(row).getByRole('switch', { name: 'paymentFailure on' }));

    await waitFor(() => expect(within(rowOf('paymentFailure')).getByText('on: 0.2 ratio')).toBeTruthy());
    expect(api.calls.find((call) => call.method === 'PUT')).toMatchObject({ path: '/api/admin/faults/paymentFailure', body: { value: 0.2 } });
    expect(screen.getByText('1 fault on.')).toBeTruthy();

    await userEvent.click(within(rowOf('paymentFailure')).getByRole('switch', { name: 'paymentFailure on' }));
    await waitFor(() => expect(within(rowOf('paymentFailure')).getByText('off')).toBeTruthy());
    expect(api.calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/admin/faults/paymentFailure' });
  });

  it('switches a boolean fault on at true', async () => {
    window.sessionStorage.setItem(ADMIN_TOKEN_KEY, TOKEN);
    const api = fakeApi({
      'GET /api/admin/faults': { body: { faults: [bankTimeout] } },
      'PUT /api/admin/faults/bankTimeout': { body: { ...bankTimeout, value: true, active: true } },
    });
    renderPage();
    await screen.findByText('What bankTimeout breaks.');
    expect(within(rowOf('bankTimeout')).queryByLabelText(/Value/)).toBeNull();
    await userEvent.click(screen.getByRole('switch', { name: 'bankTimeout on' }));
    await waitFor(() => expect((screen.getByRole('switch', { name: 'bankTimeout on' }) as HTMLInputElement).checked).toBe(true));
    expect(api.calls.at(-1)).toMatchObject({ method: 'PUT', body: { value: true } });
  });

  it('names the allowed range for a value out of range and sends nothing', async () => {
    window.sessionStorage.setItem(ADMIN_TOKEN_KEY, TOKEN);
    const api = fakeApi({ 'GET /api/admin/faults': { body: { faults: [paymentFailure] } } });
    renderPage();
    await screen.findByText('What paymentFailure breaks.');
    const value = screen.getByLabelText(/Value/);
    await userEvent.clear(value);
    await userEvent.type(value, '1.5');
    expect(screen.getByText('paymentFailure takes a number from 0 to 1 (ratio)')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Set paymentFailure' }) as HTMLButtonElement).disabled).toBe(true);
    expect(value.getAttribute('aria-invalid')).toBe('true');
    expect(api.calls.filter((call) => call.method !== 'GET')).toEqual([]);
  });

  it('resets every fault', async () => {
    window.sessionStorage.setItem(ADMIN_TOKEN_KEY, TOKEN);
    const api = fakeApi({
      'GET /api/admin/faults': { body: { faults: [{ ...paymentFailure, value: 0.5, active: true }] } },
      'DELETE /api/admin/faults': { body: { faults: [paymentFailure] } },
    });
    renderPage();
    await screen.findByText('1 fault on.');
    await userEvent.click(screen.getByRole('button', { name: 'Reset all' }));
    await screen.findByText('Every fault is off.');
    expect(api.calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/admin/faults' });
  });

  it("shows the gateway's own message when it cannot change a fault", async () => {
    window.sessionStorage.setItem(ADMIN_TOKEN_KEY, TOKEN);
    const message = "The fault state file's folder /nowhere does not exist or is not writable by the gateway (ENOENT); no fault was changed.";
    fakeApi({
      'GET /api/admin/faults': { body: { faults: [paymentFailure] } },
      'PUT /api/admin/faults/paymentFailure': { status: 503, body: { error: { code: 'flags_file_not_writable', message } } },
    });
    renderPage();
    await screen.findByText('What paymentFailure breaks.');
    await userEvent.click(screen.getByRole('switch', { name: 'paymentFailure on' }));
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect((screen.getByRole('switch', { name: 'paymentFailure on' }) as HTMLInputElement).checked).toBe(false);
  });

  it('asks for the token again when the gateway refuses it', async () => {
    window.sessionStorage.setItem(ADMIN_TOKEN_KEY, 'wrong-token');
    fakeApi({ 'GET /api/admin/faults': { status: 401, body: { error: { code: 'unauthorized', message: 'The admin token is not valid' } } } });
    renderPage();
    expect(await screen.findByText('The admin token was not accepted. Check it and try again.')).toBeTruthy();
    expect(screen.getByLabelText('Admin token')).toBeTruthy();
    expect(window.sessionStorage.getItem(ADMIN_TOKEN_KEY)).toBeNull();
  });
});
