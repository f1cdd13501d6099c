import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/http';
import { shopApi } from '../api/shop-api';
import type { Cart, Product } from '../api/types';
import { telemetry } from '../telemetry/rum';
import { useAuth } from './auth-context';
import { cartReducer, initialCartState, type CartState } from './cart-reducer';

/**
 * What became of an add-to-cart. `out_of_stock`: the API refused it (409) because the product sold
 * out or has fewer units left than asked, so what the page shows about its stock is out of date.
 */
export type AddOutcome = 'added' | 'out_of_stock' | 'failed';

interface CartValue extends CartState {
  refresh(): Promise<void>;
  /** Every outcome but `added` leaves the API's message in `error`. */
  add(product: Pick<Product, 'id' | 'price' | 'currency' | 'category'>, quantity?: number): Promise<AddOutcome>;
  setQuantity(productId: string, quantity: number): Promise<boolean>;
  remove(productId: string): Promise<boolean>;
  dismissError(): void;
}

const CartContext = createContext<CartValue | null>(null);

export function CartProvider({ children }: { children: ReactNode }) {
  const { token } = useAuth();
  const [state, dispatch] = useReducer(cartReducer, initialCartState);

  const refresh = useCallback(async () => {
    if (!token) return;
    dispatch({ type: 'load_started' });
    try {
      dispatch({ type: 'loaded', cart: await shopApi.cart(token) });
    } catch (error) {
      dispatch({ type: 'load_failed', message: errorMessage(error) });
    }
  }, [token]);

  useEffect(() => {
    if (token) void refresh();
    else dispatch({ type: 'reset' });
  }, [token, refresh]);

  /** One cart change; when it fails the reason is also in `error`, for the page to show. */
  const change = useCallback(
    async (productId: string, call: (token: string) => Promise<Cart>): Promise<{ ok: true } | { ok: false; error: unknown }> => {
      if (!token) return { ok: false, error: null };
      dispatch({ type: 'change_started', productId });
      try {
        dispatch({ type: 'changed', productId, cart: await call(token) });
        return { ok: true };
      } catch (error) {
        dispatch({ type: 'change_failed', productId, message: errorMessage(error) });
        return { ok: false, error };
      }
    },
    [token],
  );

  const value = useMemo<CartValue>(
    () => ({
      ...state,
      refresh,
      async add(product, quantity = 1) {
        const result = await change(product.id, (t) => shopApi.addToCart(t, product.id, quantity));
        if (!result.ok) return result.error instanceof ApiError && result.error.code === 'out_of_stock' ? 'out_of_stock' : 'failed';
        telemetry.action('add_to_cart', {
          product_id: product.id,
          quantity,
          price: product.price,
          currency: product.currency,
          category: product.category,
        });
        return 'added';
      },
      setQuantity: async (productId, quantity) => (await change(productId, (t) => shopApi.setQuantity(t, productId, quantity))).ok,
      remove: async (productId) => (await change(productId, (t) => shopApi.removeItem(t, productId))).ok,
      dismissError: () => dispatch({ type: 'dismiss_error' }),
    }),
    [state, refresh, change],
  );
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartValue {
  const value = useContext(CartContext);
  if (!value) throw new Error('useCart must be used inside <CartProvider>');
  return value;
}
