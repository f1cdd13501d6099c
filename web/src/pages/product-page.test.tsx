import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { AuthProvider } from '../state/auth-context';
import { CartProvider } from '../state/cart-context';
import { cartWith, fakeApi, product, session } from '../test/fake-api';
import { ProductPage } from './product-page';

function renderProductPage() {
  render(
    <AuthProvider initial={session()}>
      <CartProvider>
        <MemoryRouter initialEntries={['/products/p-1']}>
          <Routes>
            <Route path="/products/:id" element={<ProductPage />} />
          </Routes>
        </MemoryRouter>
      </CartProvider>
    </AuthProvider>,
  );
}

const emptyCart = { body: cartWith() };
const addButton = () => screen.getByRole('button', { name: 'Add to cart' }) as HTMLButtonElement;
const quantity = () => screen.getByLabelText('Quantity') as HTMLSelectElement;
const offered = () => Array.from(quantity().options).map((option) => Number(option.value));

describe('product page stock', () => {
  it('says "Out of stock" and disables the quantity and add to cart when nothing is left', async () => {
    fakeApi({ 'GET /api/products/p-1': { body: product('p-1', { stock: 0, available: false }) }, 'GET /api/cart': emptyCart });
    renderProductPage();
    await screen.findByRole('heading', { name: 'Product p-1' });
    expect(screen.getByText('Out of stock')).toBeTruthy();
    expect(screen.queryByText(/In stock/)).toBeNull();
    expect(addButton().disabled).toBe(true);
    expect(quantity().disabled).toBe(true);
  });

  it('offers no more than the stock in the quantity selector and says "Only 3 left"', async () => {
    fakeApi({ 'GET /api/products/p-1': { body: product('p-1', { stock: 3 }) }, 'GET /api/cart': emptyCart });
    renderProductPage();
    await screen.findByRole('heading', { name: 'Product p-1' });
    expect(screen.getByText('Only 3 left · ships in 1–2 days')).toBeTruthy();
    expect(offered()).toEqual([1, 2, 3]);
    expect(addButton().disabled).toBe(false);
  });

  it('still offers at most 10 when plenty is in stock, or when the count is not known yet', async () => {
    fakeApi({ 'GET /api/products/p-1': { body: product('p-1', { stock: null }) }, 'GET /api/cart': emptyCart });
    renderProductPage();
    await screen.findByRole('heading', { name: 'Product p-1' });
    expect(screen.getByText('In stock · ships in 1–2 days')).toBeTruthy();
    expect(offered()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('shows the API message when add to cart answers 409 out_of_stock, and reads the product again', async () => {
    let reads = 0;
    const api = fakeApi({
      // In stock when the page loads; sold out by the time the shopper clicks.
      'GET /api/products/p-1': () => (++reads === 1 ? { body: product('p-1', { stock: 4 }) } : { body: product('p-1', { stock: 0, available: false }) }),
      'GET /api/cart': emptyCart,
      'POST /api/cart/items': {
        status: 409,
        body: { error: { code: 'out_of_stock', message: 'Product p-1 is out of stock', details: { productId: 'p-1', name: 'Product p-1', available: 0 } } },
      },
    });
    const user = userEvent.setup();
    renderProductPage();
    await screen.findByRole('heading', { name: 'Product p-1' });
    await user.selectOptions(quantity(), '2');
    await user.click(addButton());

    expect(await screen.findByText('Product p-1 is out of stock')).toBeTruthy();
    expect(api.calls.find((call) => call.path === '/api/cart/items')?.body).toEqual({ productId: 'p-1', quantity: 2 });
    await waitFor(() => expect(addButton().disabled).toBe(true));
    expect(screen.getByText('Out of stock')).toBeTruthy();
    expect(api.calls.filter((call) => call.path === '/api/products/p-1')).toHaveLength(2);
    // Still the product page, with its message: nothing replaced it with an error screen.
    expect(screen.getByRole('heading', { name: 'Product p-1' })).toBeTruthy();
    expect(screen.queryByText(/Added/)).toBeNull();
  });

  it('shows "Only N left" after a 409 for more than are left, and lowers the selector to match', async () => {
    let reads = 0;
    fakeApi({
      'GET /api/products/p-1': () => ({ body: product('p-1', { stock: ++reads === 1 ? 8 : 2 }) }),
      'GET /api/cart': emptyCart,
      'POST /api/cart/items': {
        status: 409,
        body: { error: { code: 'out_of_stock', message: 'Only 2 left of Product p-1', details: { productId: 'p-1', name: 'Product p-1', available: 2 } } },
      },
    });
    const user = userEvent.setup();
    renderProductPage();
    await screen.findByRole('heading', { name: 'Product p-1' });
    await user.selectOptions(quantity(), '6');
    await user.click(addButton());

    expect(await screen.findByText('Only 2 left of Product p-1')).toBeTruthy();
    await waitFor(() => expect(offered()).toEqual([1, 2]));
    expect(quantity().value).toBe('2');
    expect(addButton().disabled).toBe(false);
  });
});
