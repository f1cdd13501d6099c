import type { Product } from '@shopfast/contracts';

/** The catalog's shapes are part of the public API: one definition in @shopfast/contracts. */
export type { Product, Page } from '@shopfast/contracts';

/** A product as the catalog stores it: the public shape plus the version of its stock level. */
export interface StoredProduct extends Product {
  /** Version of the inventory level `stock` came from; absent before the first one. */
  stockVersion?: number;
}

/** The public shape: what the API answers (internal bookkeeping removed). */
export function toPublicProduct({ stockVersion: _version, ...product }: StoredProduct): Product {
  return product;
}
