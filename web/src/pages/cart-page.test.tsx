import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { AuthProvider } from '../state/auth-context';
import { CartProvider } from '../state/cart-context';
import { cartWith, fakeApi, session } from '../test/fake-api';
import { CartPage } from './cart-page';

function renderCart() {
  render(
    <AuthProvider initial={session()}>
      <CartProvider>
        <MemoryRouter initialEntries={['/cart']}>
          <Routes>
            <Route path="/cart" element={<CartPage />} />
          </Routes>
        </MemoryRouter>
      </CartProvider>
    </AuthProvider>,
  );
}

const line = async (name: string) => (await screen.findByRole('link', { name })).closest('li') as HTMLElement;

describe('cart page stock', () => {
  it('marks an out-of-stock line and disables checkout until it is removed', async () => {
    const soldOut = { productId: 'p-1', quantity: 1, unitPrice: 10, stock: 0, available: false };
    const fine = { productId: 'p-2', quantity: 2, unitPrice: 5 };
    const api = fakeApi({ 'GET /api/cart': { body: cartWith(soldOut, fine) }, 'DELETE /api/cart/items/p-1': { body: cartWith(fine) } });
    const user = userEvent.setup();
    renderCart();

    const marked = await line('Product p-1');
    expect(within(marked).getByText('Out of stock: remove it to check out.')).toBeTruthy();
    expect(within(await line('Product p-2')).queryByText(/Out of stock|left/)).toBeNull();
    const checkout = screen.getByRole('button', { name: 'Proceed to checkout' }) as HTMLButtonElement;
    expect(checkout.disabled).toBe(true);
    // The reason is tied to the button, so a screen reader hears why it is disabled.
    const reason = document.getElementById(checkout.getAttribute('aria-describedby') ?? '');
    expect(reason?.textContent).toBe('Some items cannot be ordered as they are. To check out, remove Product p-1 (out of stock).');
    expect(screen.queryByRole('link', { name: 'Proceed to checkout' })).toBeNull();

    await user.click(within(marked).getByRole('button', { name: 'Remove Product p-1' }));
    expect(await screen.findByRole('link', { name: 'Proceed to checkout' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Proceed to checkout' })).toBeNull();
    expect(api.calls.some((call) => call.method === 'DELETE' && call.path === '/api/cart/items/p-1')).toBe(true);
  });

  it('says "Only N left" on a line asking for more than are left and disables checkout', async () => {
    fakeApi({ 'GET /api/cart': { body: cartWith({ productId: 'p-1', quantity: 4, unitPrice: 10, stock: 2 }) } });
    renderCart();

    const tooMany = await line('Product p-1');
    expect(within(tooMany).getByText(/^Only 2 left/).textContent).toBe('Only 2 left: lower the quantity to check out.');
    // The current quantity stays selectable so it can be lowered; nothing above it is offered.
    const select = within(tooMany).getByLabelText('Quantity of Product p-1') as HTMLSelectElement;
    expect(Array.from(select.options).map((option) => option.value)).toEqual(['1', '2', '3', '4']);
    expect((screen.getByRole('button', { name: 'Proceed to checkout' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/To check out, lower Product p-1 to 2\./)).toBeTruthy();
  });

  it('says "Only 3 left" on a line that still fits, and lets the customer check out', async () => {
    fakeApi({ 'GET /api/cart': { body: cartWith({ productId: 'p-1', quantity: 3, unitPrice: 10, stock: 3 }) } });
    renderCart();

    expect(within(await line('Product p-1')).getByText('Only 3 left')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Proceed to checkout' }).getAttribute('href')).toBe('/checkout');
  });
});
