import { describe, expect, it } from 'vitest';
import { addCartItemBody, updateCartItemBody } from './cart';
import { product, productBatchQuery, productListQuery, searchQuery, setProductPriceBody } from './catalog';

describe('catalog queries', () => {
  it('lists by a known category only, and refuses unknown parameters', () => {
    expect(productListQuery.parse({ category: 'books' })).toEqual({ category: 'books', page: 1, limit: 20 });
    expect(productListQuery.safeParse({ category: 'weapons' }).success).toBe(false);
    expect(productListQuery.safeParse({ 'category[$ne]': 'x' }).success).toBe(false);
  });

  it('reads search filters from strings and refuses paging past 10000 results or an inverted price range', () => {
    expect(searchQuery.parse({ q: ' kettle ', inStock: 'true', minPrice: '5' })).toEqual({ q: 'kettle', inStock: true, minPrice: 5, sort: 'relevance', page: 1, limit: 20 });
    expect(searchQuery.safeParse({ inStock: 'yes' }).success).toBe(false);
    expect(searchQuery.safeParse({ page: '101', limit: '100' }).success).toBe(false);
    expect(searchQuery.safeParse({ minPrice: '10', maxPrice: '5' }).success).toBe(false);
  });

  it('splits batch ids and checks each one', () => {
    expect(productBatchQuery.parse({ ids: 'p-0001, p-0002' })).toEqual({ ids: ['p-0001', 'p-0002'] });
    expect(productBatchQuery.safeParse({ ids: 'p-0001,nope' }).success).toBe(false);
  });
});

describe('admin and cart bodies', () => {
  it('takes a positive price of at most two decimals', () => {
    expect(setProductPriceBody.safeParse({ price: 19.99 }).success).toBe(true);
    expect(setProductPriceBody.safeParse({ price: 19.999 }).success).toBe(false);
    expect(setProductPriceBody.safeParse({ price: 0 }).success).toBe(false);
  });

  it('adds 1 to 99 units of a product id, and sets a line to 0 to 99', () => {
    expect(addCartItemBody.safeParse({ productId: 'p-0001', quantity: 99 }).success).toBe(true);
    expect(addCartItemBody.safeParse({ productId: 'p-0001', quantity: 0 }).error?.issues[0]?.message).toBe('at least 1');
    expect(addCartItemBody.safeParse({ productId: 'x', quantity: 1 }).error?.issues[0]?.message).toBe('must look like p-0001');
    expect(updateCartItemBody.safeParse({ quantity: 0 }).success).toBe(true);
    expect(updateCartItemBody.safeParse({ quantity: 100 }).error?.issues[0]?.message).toBe('at most 99');
  });
});

describe('product', () => {
  it('has unknown stock as null, not missing', () => {
    const body = { id: 'p-0001', sku: 'S', name: 'N', description: 'D', price: 1, currency: 'USD', category: 'books', brand: 'B', imageUrl: '/i', rating: 4.5, stock: null, available: true };
    expect(product.parse(body)).toEqual(body);
    const { stock: _stock, ...withoutStock } = body;
    expect(product.safeParse(withoutStock).success).toBe(false);
  });
});
