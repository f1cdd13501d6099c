// Cart state on the client: the server's cart (prices always come from the server), plus what is
// loading, which lines are being changed, and the last error. Pure, so it is tested on its own.
import type { Cart } from '../api/types';

export interface CartState {
  cart: Cart | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Product ids with a change in flight (their buttons are disabled). */
  pending: string[];
  error: string | null;
}

export type CartAction =
  | { type: 'load_started' }
  | { type: 'loaded'; cart: Cart }
  | { type: 'load_failed'; message: string }
  | { type: 'change_started'; productId: string }
  | { type: 'changed'; productId: string; cart: Cart }
  | { type: 'change_failed'; productId: string; message: string }
  | { type: 'dismiss_error' }
  | { type: 'reset' };

export const initialCartState: CartState = { cart: null, status: 'idle', pending: [], error: null };

export function cartReducer(state: CartState, action: CartAction): CartState {
  switch (action.type) {
    case 'load_started':
      return { ...state, status: state.cart ? state.status : 'loading', error: null };
    case 'loaded':
      return { ...state, cart: action.cart, status: 'ready', error: null };
    case 'load_failed':
      // Keep a cart we already have on screen; only say the refresh failed.
      return { ...state, status: state.cart ? 'ready' : 'error', error: action.message };
    case 'change_started':
      return { ...state, pending: [...state.pending.filter((id) => id !== action.productId), action.productId], error: null };
    case 'changed':
      return { ...state, cart: action.cart, status: 'ready', pending: state.pending.filter((id) => id !== action.productId) };
    case 'change_failed':
      return { ...state, pending: state.pending.filter((id) => id !== action.productId), error: action.message };
    case 'dismiss_error':
      return { ...state, error: null };
    case 'reset':
      return initialCartState;
  }
}

export const itemCount = (state: CartState): number => state.cart?.itemCount ?? 0;

export const quantityOf = (state: CartState, productId: string): number =>
  state.cart?.items.find((item) => item.productId === productId)?.quantity ?? 0;
