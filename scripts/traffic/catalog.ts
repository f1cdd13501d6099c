// What the generator knows of the catalogue: every product it has seen in an answer (the start-up
// listing, then whatever shoppers browse), with the stock as last seen. Journeys pick products from
// here the way a shopper follows a link or an ad straight to a product page, which keeps most
// journeys to one catalogue request (the per-IP rate limit, see docs/decisions/013).
import type { Random } from './random.ts';
import type { Product } from './shop-responses.ts';

/** Words of product names that always find something (a fallback until the listing was read). */
const FALLBACK_TERMS = ['lamp', 'headphones', 'shoes', 'kettle', 'puzzle'];

export function createCatalog() {
  const products = new Map<string, Product>();
  const categories = new Set<string>();
  const terms = new Set<string>();

  return {
    get size() {
      return products.size;
    },

    /** Remembers products from an answer (newer stock replaces older). */
    learn(seen: readonly Product[]): void {
      for (const product of seen) {
        products.set(product.id, product);
        categories.add(product.category);
        // "Voltra Pro Earbuds (Graphite)": the brand and the kind of thing are what people type.
        terms.add(product.brand.toLowerCase());
        const noun = product.name.replace(/\(.*\)/, '').trim().split(/\s+/).pop();
        if (noun && noun.length > 2) terms.add(noun.toLowerCase());
      }
    },

    /** Marks a product sold out after the shop said so (cart or checkout 409). */
    soldOut(productId: string): void {
      const product = products.get(productId);
      if (product) products.set(productId, { ...product, stock: 0, available: false });
    },

    /** A product last seen with at least `minStock` units, or any product when none is. */
    pickInStock(random: Random, minStock = 3): Product | undefined {
      const all = [...products.values()];
      const inStock = all.filter((product) => product.available && product.stock >= minStock);
      if (inStock.length > 0) return random.pick(inStock);
      return all.length > 0 ? random.pick(all) : undefined;
    },

    pickCategory(random: Random): string | undefined {
      return categories.size > 0 ? random.pick([...categories]) : undefined;
    },

    /** A word that finds products. */
    pickTerm(random: Random): string {
      return random.pick(terms.size > 0 ? [...terms] : FALLBACK_TERMS);
    },
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
