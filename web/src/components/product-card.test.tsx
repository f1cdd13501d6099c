import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Product } from '../api/types';
import { product } from '../test/fake-api';
import { ProductCard } from './product-card';

function renderCard(extra: Partial<Product>): HTMLElement {
  const { container } = render(
    <MemoryRouter>
      <ul>
        <ProductCard product={product('p-1', extra) as Product} />
      </ul>
    </MemoryRouter>,
  );
  return container.querySelector('li') as HTMLElement;
}

describe('product card stock', () => {
  it('says "Out of stock" in words on a sold-out product', () => {
    const card = renderCard({ stock: 0, available: false });
    expect(card.textContent).toContain('Out of stock');
    expect(card.textContent).not.toMatch(/left/);
  });

  it('says "Only 3 left" when the stock is under the low-stock threshold', () => {
    const card = renderCard({ stock: 3, available: true });
    expect(screen.getByText('Only 3 left')).toBeTruthy();
    expect(card.textContent).not.toContain('Out of stock');
  });

  it('says nothing about stock when there is plenty or the count is not known yet', () => {
    expect(renderCard({ stock: 5, available: true }).textContent).not.toMatch(/left|Out of stock/);
    expect(renderCard({ stock: null, available: true }).textContent).not.toMatch(/left|Out of stock/);
  });
});
