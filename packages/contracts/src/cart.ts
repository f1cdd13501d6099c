/** A cart line, priced by the cart service from the product service's current price. */
export interface CartItem {
  productId: string;
  sku: string;
  name: string;
  imageUrl: string;
  unitPrice: number;
  currency: string;
  quantity: number;
  lineTotal: number;
  /** The product's units available now (null: not known yet); fewer than `quantity` means checkout would fail. */
  stock: number | null;
  /** Whether the product can be ordered now. */
  available: boolean;
}

/** GET /api/cart (and the answer of every cart change). */
export interface Cart {
  items: CartItem[];
  itemCount: number;
  subtotal: number;
  currency: string;
  /** Present only on the read that dropped products which left the catalog. */
  removedItems?: string[];
}
