import { Link } from 'react-router';
import type { Product } from '../api/types';
import { Money, Rating, titleCase } from './money';
import { stockLevel, stockWarning } from './stock-level';

export function ProductCard({ product }: { product: Product }) {
  const level = stockLevel(product);
  const warning = stockWarning(level);
  return (
    <li className="product-card">
      <Link to={`/products/${encodeURIComponent(product.id)}`} className="product-card__link">
        <img src={product.imageUrl} alt="" className="product-card__image" loading="lazy" width={400} height={400} />
        <span className="product-card__brand">{product.brand}</span>
        <span className="product-card__name">{product.name}</span>
      </Link>
      <div className="product-card__meta">
        <Money amount={product.price} currency={product.currency} />
        <Rating value={product.rating} />
      </div>
      <span className="product-card__category">{titleCase(product.category)}</span>
      {/* Words, not a colour: screen readers and colour-blind shoppers get the same warning. */}
      {warning && <span className={`badge ${level.kind === 'low' ? 'badge--low-stock' : 'badge--muted'}`}>{warning}</span>}
    </li>
  );
}
