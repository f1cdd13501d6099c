/** The catalog's eight categories, with the copy and colour the home page shows for each. */
export const CATEGORIES = [
  { id: 'electronics', label: 'Electronics', blurb: 'Headphones, speakers, chargers', color: '#1e3a8a' },
  { id: 'home', label: 'Home', blurb: 'Lamps, throws, vases', color: '#7c2d12' },
  { id: 'kitchen', label: 'Kitchen', blurb: 'Cookware and tools', color: '#9a3412' },
  { id: 'books', label: 'Books', blurb: 'Cookbooks, atlases, novels', color: '#14532d' },
  { id: 'beauty', label: 'Beauty', blurb: 'Skin care and fragrance', color: '#831843' },
  { id: 'garden', label: 'Garden', blurb: 'Planters and tools', color: '#365314' },
  { id: 'sports', label: 'Sports', blurb: 'Gear for every season', color: '#0c4a6e' },
  { id: 'toys', label: 'Toys', blurb: 'Games and playsets', color: '#6b21a8' },
] as const;
