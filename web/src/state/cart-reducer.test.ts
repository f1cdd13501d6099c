import { describe, expect, it } from 'vitest';
import { cartWith } from '../test/fake-api';
import { cartReducer, initialCartState, itemCount, quantityOf, type CartState } from './cart-reducer';

const loaded = (cart = cartWith({ productId: 'p-1', quantity: 2, unitPrice: 10 })): CartState =>
  cartReducer(cartReducer(initialCartState, { type: 'load_started' }), { type: 'loaded', cart });

describe('cart state', () => {
  it('goes from loading to ready with the server cart', () => {
    const loading = cartReducer(initialCartState, { type: 'load_started' });
    expect(loading.status).toBe('loading');
    const state = loaded();
    expect(state.status).toBe('ready');
    expect(itemCount(state)).toBe(2);
    expect(quantityOf(state, 'p-1')).toBe(2);
    expect(quantityOf(state, 'p-9')).toBe(0);
  });

  it('shows an error when the first load fails, but keeps a cart it already has', () => {
    expect(cartReducer(initialCartState, { type: 'load_failed', message: 'down' })).toMatchObject({ status: 'error', error: 'down', cart: null });
    const kept = cartReducer(loaded(), { type: 'load_failed', message: 'down' });
    expect(kept.status).toBe('ready');
    expect(kept.cart?.itemCount).toBe(2);
    expect(kept.error).toBe('down');
  });

  it('marks a line pending while it changes and replaces the cart with the server answer', () => {
    const pending = cartReducer(loaded(), { type: 'change_started', productId: 'p-2' });
    expect(pending.pending).toEqual(['p-2']);
    const changed = cartReducer(pending, {
      type: 'changed',
      productId: 'p-2',
      cart: cartWith({ productId: 'p-1', quantity: 2, unitPrice: 10 }, { productId: 'p-2', quantity: 1, unitPrice: 5 }),
    });
    expect(changed.pending).toEqual([]);
    expect(itemCount(changed)).toBe(3);
    expect(changed.cart?.subtotal).toBe(25);
  });

  it('keeps the cart unchanged when a change fails, with the reason', () => {
    const before = cartReducer(loaded(), { type: 'change_started', productId: 'p-1' });
    const failed = cartReducer(before, { type: 'change_failed', productId: 'p-1', message: 'Product not found' });
    expect(failed.cart).toBe(before.cart);
    expect(failed.pending).toEqual([]);
    expect(failed.error).toBe('Product not found');
    expect(cartReducer(failed, { type: 'dismiss_error' }).error).toBeNull();
  });

  it('forgets everything on sign-out', () => {
    expect(cartReducer(loaded(), { type: 'reset' })).toEqual(initialCartState);
  });
});
