import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { AuthProvider } from '../state/auth-context';
import { CartProvider } from '../state/cart-context';
import { cartWith, fakeApi, session } from '../test/fake-api';
import * as rum from '../telemetry/rum';
import { CheckoutPage } from './checkout-page';

const quotes = { quotes: [{ method: 'standard', amount: 5.49, currency: 'USD', estimatedDays: 5 }, { method: 'express', amount: 16.24, currency: 'USD', estimatedDays: 2 }] };

function renderCheckout() {
  render(
    <AuthProvider initial={session()}>
      <CartProvider>
        <MemoryRouter initialEntries={['/checkout']}>
          <Routes>
            <Route path="/checkout" element={<CheckoutPage />} />
            <Route path="/orders/:id" element={<p>confirmation page</p>} />
          </Routes>
        </MemoryRouter>
      </CartProvider>
    </AuthProvider>,
  );
}

async function fillValidForm(user: ReturnType<typeof userEvent.setup>, card: string) {
  await user.type(await screen.findByLabelText('Full name'), 'Ada Lovelace');
  await user.type(screen.getByLabelText('Street address'), '12 Analytical Row');
  await user.type(screen.getByLabelText('City'), 'New York');
  await user.type(screen.getByLabelText('Postal code'), '10001');
  await user.click(await screen.findByRole('radio', { name: /Standard/ }, { timeout: 3_000 }));
  await user.type(screen.getByLabelText('Card number'), card);
  await user.type(screen.getByLabelText('Expiry (MM/YY)'), '12/30');
  await user.type(screen.getByLabelText('Security code'), '123');
}

describe('checkout page', () => {
  it('says what to fix and sends nothing when the form is incomplete', async () => {
    const api = fakeApi({ 'GET /api/cart': { body: cartWith({ productId: 'p-1', quantity: 1, unitPrice: 20 }) }, 'GET /api/orders': { body: { items: [], total: 0, page: 1, limit: 1 } } });
    const user = userEvent.setup();
    renderCheckout();
    await user.click(await screen.findByRole('button', { name: /Place order/ }));
    expect(screen.getByText('Enter the full name.')).toBeTruthy();
    expect(screen.getByText('Enter the card number.')).toBeTruthy();
    expect(screen.getByText('Choose a shipping method.')).toBeTruthy();
    expect(screen.getByLabelText('Full name').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('Full name'));
    expect(api.calls.some((call) => call.path === '/api/checkout')).toBe(false);
  });

  it('shows quotes for the address and charges the card once with an Idempotency-Key', async () => {
    const action = vi.spyOn(rum.telemetry, 'action');
    const api = fakeApi({
      'GET /api/cart': { body: cartWith({ productId: 'p-1', quantity: 2, unitPrice: 20 }) },
      'GET /api/orders': { body: { items: [], total: 0, page: 1, limit: 1 } },
      'POST /api/shipping/quotes': { body: quotes },
      'POST /api/checkout': { status: 201, body: { orderId: '0e0e0e0e-0000-4000-8000-000000000001', status: 'confirmed', total: 45.49, currency: 'USD', items: [] } },
    });
    const user = userEvent.setup();
    renderCheckout();
    await fillValidForm(user, '4242 4242 4242 4242');
    expect(api.calls.find((call) => call.path === '/api/shipping/quotes')?.body).toEqual({ country: 'US', postalCode: '10001', weightKg: 1 });
    await user.click(screen.getByRole('button', { name: /Place order · \$45\.49/ }));
    await screen.findByText('confirmation page');
    const checkout = api.calls.filter((call) => call.path === '/api/checkout');
    expect(checkout).toHaveLength(1);
    expect(checkout[0]?.body).toMatchObject({ shippingMethod: 'standard', payment: { cardNumber: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' } });
    expect(checkout[0]?.headers['idempotency-key']).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    expect(action).toHaveBeenCalledWith('purchase_completed', expect.objectContaining({ order_id: '0e0e0e0e-0000-4000-8000-000000000001', amount: 45.49, items_count: 2, payment_method: 'credit_card', customer_type: 'new' }));
  });

  it('explains a declined card, keeps the cart and clears the security code', async () => {
    fakeApi({
      'GET /api/cart': { body: cartWith({ productId: 'p-1', quantity: 1, unitPrice: 20 }) },
      'GET /api/orders': { body: { items: [], total: 3, page: 1, limit: 1 } },
      'POST /api/shipping/quotes': { body: quotes },
      'POST /api/checkout': { status: 402, body: { error: { code: 'payment_declined', message: 'Payment declined', details: { chargeId: 'c1', reason: 'card_declined' } } } },
    });
    const user = userEvent.setup();
    renderCheckout();
    await fillValidForm(user, '4000000000000002');
    await user.click(screen.getByRole('button', { name: /Place order/ }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Your card was declined. No money was taken and your cart is saved: try another card or contact your bank.');
    expect(screen.getByText('Product p-1')).toBeTruthy();
    expect((screen.getByLabelText('Security code') as HTMLInputElement).value).toBe('');
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });

  it('says the shop is unavailable when the API answers with an HTML error page', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>502</html>', { status: 502 })));
    renderCheckout();
    expect((await screen.findByRole('alert')).textContent).toContain('The shop is temporarily unavailable');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
