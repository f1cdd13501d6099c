import { z } from 'zod';
import { productId } from './catalog';

/** Units of one product a cart line may hold. */
export const MAX_CART_QUANTITY = 99;

export const cartItem = z
  .object({
    productId: z.string(),
    sku: z.string(),
    name: z.string(),
    imageUrl: z.string(),
    unitPrice: z.number(),
    currency: z.string(),
    quantity: z.number().int(),
    lineTotal: z.number(),
    stock: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The product's units available now (null: not known yet); fewer than `quantity` means checkout would fail." }),
    available: z.boolean().meta({ description: 'Whether the product can be ordered now.' }),
  })
  .meta({ id: 'CartItem', description: "A cart line, priced by the cart service from the product service's current price." });
export type CartItem = z.infer<typeof cartItem>;

export const cart = z
  .object({
    items: z.array(cartItem),
    itemCount: z.number().int(),
    subtotal: z.number(),
    currency: z.string(),
    removedItems: z.array(z.string()).optional().meta({ description: 'Present only on the read that dropped products which left the catalog.' }),
  })
  .meta({ id: 'Cart', description: 'GET /api/cart (and the answer of every cart change).' });
export type Cart = z.infer<typeof cart>;

const quantity = (min: number) =>
  z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `at least ${min}`)
    .max(MAX_CART_QUANTITY, `at most ${MAX_CART_QUANTITY}`);

export const addCartItemBody = z
  .object({ productId, quantity: quantity(1) })
  .strict()
  .meta({ id: 'AddCartItem', description: 'POST /api/cart/items: units added to what the cart holds (capped at 99).' });
export type AddCartItemBody = z.infer<typeof addCartItemBody>;

export const updateCartItemBody = z
  .object({ quantity: quantity(0) })
  .strict()
  .meta({ id: 'UpdateCartItem', description: "PATCH /api/cart/items/:productId: the line's new quantity (0 removes it)." });
export type UpdateCartItemBody = z.infer<typeof updateCartItemBody>;

export const cartItemParams = z.object({ productId });
