// The catalog's own record, shared by the domain (which serves it) and the store (which persists it).
// Types only, importing nothing but the contracts, so neither layer imports the other.
import type { Product } from '@shopfast/contracts';

/** A product as the catalog stores it: the public shape plus the version of its stock level. */
export interface StoredProduct extends Product {
  /** Version of the inventory level `stock` came from; absent before the first one. */
  stockVersion?: number;
}
