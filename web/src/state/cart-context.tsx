import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, type ReactNode } from 'react';
import { errorMessage } from '../api/http';
import { shopApi } from '../api/shop-api';
import type { Product } from '../api/types';
import { telemetry } from '../telemetry/rum';
import { useAuth } from './auth-context';
import { cartReducer, initialCartState, type CartState } from './cart-reducer';

interface CartValue extends CartState {
  refresh(): Promise<void>;
  /** Resolves false when the change failed (the error is in `error`). */
  add(product: Pick<Product, 'id' | 'price' | 'currency' | 'category'>, quantity?: number): Promise<boolean>;
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

  const change = useCallback(
    async (productId: string, call: (token: string) => Promise<import('../api/types').Cart>) => {
      if (!token) return false;
      dispatch({ type: 'change_started', productId });
      try {
        dispatch({ type: 'changed', productId, cart: await call(token) });
        return true;
      } catch (error) {
        dispatch({ type: 'change_failed', productId, message: errorMessage(error) });
        return false;
      }
    },
    [token],
  );

  const value = useMemo<CartValue>(
    () => ({
      ...state,
      refresh,
      async add(product, quantity = 1) {
        const ok = await change(product.id, (t) => shopApi.addToCart(t, product.id, quantity));
        if (ok) {
          telemetry.action('add_to_cart', {
            product_id: product.id,
            quantity,
            price: product.price,
            currency: product.currency,
            category: product.category,
          });
        }
        return ok;
      },
      setQuantity: (productId, quantity) => change(productId, (t) => shopApi.setQuantity(t, productId, quantity)),
      remove: (productId) => change(productId, (t) => shopApi.removeItem(t, productId)),
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
