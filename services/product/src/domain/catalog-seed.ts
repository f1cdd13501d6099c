import { PRODUCT_CATEGORIES, type Product, type ProductCategory } from '@shopfast/contracts';

/** The contract's categories (GET /products?category=), with the brands and nouns products in them are named from. */
const CATEGORIES: Record<ProductCategory, { brands: string[]; nouns: string[]; priceRange: [number, number] }> = {
  electronics: { brands: ['Voltra', 'Nexon', 'Auralis'], nouns: ['Headphones', 'Speaker', 'Charger', 'Smartwatch', 'Earbuds'], priceRange: [19, 499] },
  books: { brands: ['Inkwell Press', 'Northpage', 'Lumen Books'], nouns: ['Novel', 'Cookbook', 'Field Guide', 'Atlas', 'Anthology'], priceRange: [8, 60] },
  home: { brands: ['Hearthly', 'Casa Nova', 'Birchwood'], nouns: ['Lamp', 'Throw Blanket', 'Vase', 'Cushion', 'Clock'], priceRange: [12, 180] },
  kitchen: { brands: ['Copperleaf', 'Chef Atelier', 'Ferro'], nouns: ['Skillet', 'Knife Set', 'Kettle', 'Cutting Board', 'Dutch Oven'], priceRange: [15, 260] },
  sports: { brands: ['Stridewell', 'Peakline', 'Aqualift'], nouns: ['Yoga Mat', 'Running Shoes', 'Water Bottle', 'Dumbbells', 'Backpack'], priceRange: [10, 220] },
  toys: { brands: ['Playforge', 'Tinkertot', 'Moonbeam'], nouns: ['Puzzle', 'Building Set', 'Plush Bear', 'Kite', 'Board Game'], priceRange: [7, 90] },
  beauty: { brands: ['Velvetine', 'Pure Fern', 'Glowhaus'], nouns: ['Face Cream', 'Shampoo', 'Lip Balm', 'Serum', 'Perfume'], priceRange: [6, 120] },
  garden: { brands: ['Greenthumb', 'Terracotta Co', 'Sprout'], nouns: ['Planter', 'Hose', 'Pruning Shears', 'Seed Kit', 'Watering Can'], priceRange: [9, 150] },
};

const ADJECTIVES = ['Classic', 'Compact', 'Deluxe', 'Eco', 'Ultra', 'Vintage', 'Modern', 'Pro', 'Travel', 'Premium', 'Everyday', 'Smart'];
const COLORS = ['Red', 'Blue', 'Green', 'Black', 'White', 'Amber', 'Teal', 'Graphite'];

export const CATEGORY_NAMES: readonly ProductCategory[] = PRODUCT_CATEGORIES;

/**
 * mulberry32: a tiny seeded PRNG so the catalog is identical on every machine and every run,
 * which keeps tests, screenshots and demos reproducible.
 */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generates `count` products spread evenly over the categories; the same count always gives the same catalog. */
export function generateCatalog(count: number, seed = 20261124): Product[] {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  const products: Product[] = [];
  for (let index = 0; index < count; index++) {
    const category = CATEGORY_NAMES[index % CATEGORY_NAMES.length] as ProductCategory;
    const spec = CATEGORIES[category]!;
    const brand = pick(spec.brands);
    const noun = pick(spec.nouns);
    const adjective = pick(ADJECTIVES);
    const color = pick(COLORS);
    const [low, high] = spec.priceRange;
    const price = Math.round((low + random() * (high - low)) * 100) / 100;
    const number = String(index + 1).padStart(4, '0');
    const id = `p-${number}`;
    products.push({
      id,
      sku: `SKU-${category.slice(0, 3).toUpperCase()}-${number}`,
      name: `${brand} ${adjective} ${noun} (${color})`,
      description: `A ${adjective.toLowerCase()} ${noun.toLowerCase()} by ${brand} in ${color.toLowerCase()}. Part of our ${category} range, made to last and easy to love.`,
      price,
      currency: 'USD',
      category,
      brand,
      imageUrl: `/api/products/${id}/image.svg`,
      rating: Math.round((3 + random() * 2) * 10) / 10,
      // Unknown until inventory announces the seeded stock (stock.changed) a moment after start-up.
      stock: null,
      available: true,
    });
  }
  return products;
}
