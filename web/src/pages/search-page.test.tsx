import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { fakeApi, product, searchResult } from '../test/fake-api';
import { SearchPage } from './search-page';

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search}</p>;
}

function renderSearch(url: string) {
  render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route
          path="/search"
          element={
            <>
              <SearchPage />
              <Where />
            </>
          }
        />
      </Routes>
    </MemoryRouter>,
  );
}

const availability = [
  { value: 'in_stock', count: 12 },
  { value: 'out_of_stock', count: 3 },
];
const inStockBox = () => screen.getByRole('checkbox', { name: /In stock only/ }) as HTMLInputElement;

describe('search page availability filter', () => {
  it('shows the availability counts and sets inStock=true in the URL and the API call when ticked', async () => {
    const api = fakeApi({ 'GET /api/search': { body: searchResult([product('p-1'), product('p-2', { stock: 0, available: false })], { availability }) } });
    const user = userEvent.setup();
    renderSearch('/search?q=lamp');
    await screen.findByText('Product p-1');
    expect(inStockBox().closest('label')?.textContent).toBe('In stock only12');
    expect(screen.getByText('3 out of stock')).toBeTruthy();
    expect(inStockBox().checked).toBe(false);
    expect(api.calls.at(-1)?.path).not.toContain('inStock');

    await user.click(inStockBox());
    expect(screen.getByTestId('where').textContent).toBe('/search?q=lamp&inStock=true');
    await waitFor(() => expect(api.calls.at(-1)?.path).toBe('/api/search?q=lamp&inStock=true&page=1&limit=24'));
    expect(inStockBox().checked).toBe(true);
    expect(screen.getByRole('button', { name: 'Remove filter: in stock only' })).toBeTruthy();
  });

  it('reads inStock=true from a shared link and clears it when unticked', async () => {
    const api = fakeApi({ 'GET /api/search': { body: searchResult([product('p-1')]) } });
    const user = userEvent.setup();
    renderSearch('/search?category=books&inStock=true');
    await screen.findByText('Product p-1');
    expect(inStockBox().checked).toBe(true);
    expect(api.calls[0]?.path).toBe('/api/search?category=books&inStock=true&page=1&limit=24');

    await user.click(inStockBox());
    expect(screen.getByTestId('where').textContent).toBe('/search?category=books');
    await waitFor(() => expect(api.calls.at(-1)?.path).toBe('/api/search?category=books&page=1&limit=24'));
  });
});
