import type { ProductCategory } from '@shopfast/contracts';

/**
 * The copy and colour the home page shows for each of the catalog's categories. The ids are the contract's
 * (PRODUCT_CATEGORIES in @shopfast/contracts): a Record over them, so a category added to the catalog does not
 * compile here until it has its tile.
 */
const PRESENTATION: Record<ProductCategory, { label: string; blurb: string; color: string }> = {
  electronics: { label: 'Electronics', blurb: 'Headphones, speakers, chargers', color: '#1e3a8a' },
  home: { label: 'Home', blurb: 'Lamps, throws, vases', color: '#7c2d12' },
  kitchen: { label: 'Kitchen', blurb: 'Cookware and tools', color: '#9a3412' },
  books: { label: 'Books', blurb: 'Cookbooks, atlases, novels', color: '#14532d' },
  beauty: { label: 'Beauty', blurb: 'Skin care and fragrance', color: '#831843' },
  garden: { label: 'Garden', blurb: 'Planters and tools', color: '#365314' },
  sports: { label: 'Sports', blurb: 'Gear for every season', color: '#0c4a6e' },
  toys: { label: 'Toys', blurb: 'Games and playsets', color: '#6b21a8' },
};

/** The catalog's categories in the home page's order (the object's key order). */
export const CATEGORIES = (Object.keys(PRESENTATION) as ProductCategory[]).map((id) => ({ id, ...PRESENTATION[id] }));
