import type { OrderItem } from '@shopfast/contracts';
import { AppError, conflict } from '@shopfast/service-kit';
import { traced } from '@shopfast/tracing';
import type { CartClient } from '../../../clients/cart-client';
import type { ShippingClient } from '../../../clients/shipping-client';
import { fromCents, toCents } from '../../order';
import type { CheckoutInput, PricedOrder } from '../checkout-context';

/** Parcel weight assumed per item until products carry weights: quotes need one. */
const KG_PER_ITEM = 0.5;

/** Step 2 (before the order exists): price the cart and the chosen shipping. Nothing to undo. */
export function priceOrder(deps: { carts: CartClient; shipping: ShippingClient }, input: CheckoutInput): Promise<PricedOrder> {
  return traced('checkout.calculate_total', {}, async (span) => {
    const cart = await deps.carts.getCart(input.userId, input.requestId);
    span.setTag('cart.item_count', cart.itemCount);
    if (cart.items.length === 0) throw conflict('cart_empty', 'The cart is empty');
    const quotes = await deps.shipping.quote({
      country: input.shippingAddress.country,
      postalCode: input.shippingAddress.postalCode,
      weightKg: Math.max(KG_PER_ITEM, cart.itemCount * KG_PER_ITEM),
    });
    const quote = quotes.find((candidate) => candidate.method === input.shippingMethod);
    if (!quote) throw new AppError('shipping_method_unavailable', `${input.shippingMethod} shipping is not available to this address`, 400);
    const items: OrderItem[] = cart.items.map((item) => ({
      productId: item.productId,
      sku: item.sku,
      name: item.name,
      unitPrice: item.unitPrice,
      quantity: item.quantity,
      lineTotal: fromCents(toCents(item.unitPrice) * item.quantity),
    }));
    const subtotalCents = items.reduce((sum, item) => sum + toCents(item.lineTotal), 0);
    const totalCents = subtotalCents + toCents(quote.amount);
    span.setTag('checkout.amount', fromCents(totalCents));
    span.setTag('checkout.currency', cart.currency);
    return { items, currency: cart.currency, itemCount: cart.itemCount, subtotal: fromCents(subtotalCents), shippingCost: quote.amount, total: fromCents(totalCents) };
  });
}
