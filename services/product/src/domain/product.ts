import type { Product } from '@shopfast/contracts';
import type { StoredProduct } from '../model/product';

/** The public shape: what the API answers (internal bookkeeping removed). */
export function toPublicProduct({ stockVersion: _version, ...product }: StoredProduct): Product {
  return product;
}
