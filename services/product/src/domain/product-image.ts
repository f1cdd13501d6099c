import type { Product } from '@shopfast/contracts';

const PALETTE: Record<string, [string, string]> = {
  electronics: ['#1e3a8a', '#60a5fa'],
  books: ['#7c2d12', '#fdba74'],
  home: ['#14532d', '#86efac'],
  kitchen: ['#7f1d1d', '#fca5a5'],
  sports: ['#0c4a6e', '#7dd3fc'],
  toys: ['#701a75', '#f0abfc'],
  beauty: ['#831843', '#f9a8d4'],
  garden: ['#365314', '#bef264'],
};

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A product picture drawn as SVG from the product itself, so the shop has images without any
 * outside host (the demo must run offline and never leak requests to third parties).
 */
export function renderProductImage(product: Product): string {
  const [dark, light] = PALETTE[product.category] ?? ['#334155', '#cbd5e1'];
  const initials = product.brand
    .split(/\s+/)
    .map((word) => word[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const label = escapeXml(product.name.length > 34 ? `${product.name.slice(0, 33)}…` : product.name);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img" aria-label="${label}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="${dark}"/></linearGradient></defs>
<rect width="400" height="400" fill="url(#g)"/>
<circle cx="200" cy="170" r="90" fill="#ffffff" fill-opacity="0.85"/>
<text x="200" y="196" font-family="Helvetica, Arial, sans-serif" font-size="72" font-weight="700" text-anchor="middle" fill="${dark}">${escapeXml(initials)}</text>
<text x="200" y="315" font-family="Helvetica, Arial, sans-serif" font-size="20" text-anchor="middle" fill="#ffffff">${label}</text>
<text x="200" y="345" font-family="Helvetica, Arial, sans-serif" font-size="16" text-anchor="middle" fill="#ffffff" fill-opacity="0.8">${escapeXml(product.category)}</text>
</svg>`;
}
