import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Product } from '../api/types';
import { useFaultFlag } from '../flags/fault-flags';
import { Money, Rating, titleCase } from './money';
import { stockLevel, stockWarning } from './stock-level';

export function ProductCard({ product }: { product: Product }) {
  const level = stockLevel(product);
  const warning = stockWarning(level);
  return (
    <li className="product-card">
      <Link to={`/products/${encodeURIComponent(product.id)}`} className="product-card__link">
        <CardImage src={product.imageUrl} />
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

/**
 * The product picture. With the imageSlowLoad fault on (docs/faults.md) it is requested only after that many
 * milliseconds, as a slow image CDN would deliver it: RUM sees late resources and a late largest paint.
 * The box keeps its size meanwhile, so nothing jumps when it arrives.
 */
function CardImage({ src }: { src: string }) {
  const delayMs = useFaultFlag('imageSlowLoad', 0);
  const [delayed, setDelayed] = useState(delayMs > 0);
  useEffect(() => {
    if (!delayed) return;
    const timer = setTimeout(() => setDelayed(false), delayMs);
    return () => clearTimeout(timer);
  }, [delayed, delayMs]);
  if (delayed) return <span className="product-card__image product-card__image--loading" role="presentation" data-testid="image-pending" />;
  return <img src={src} alt="" className="product-card__image" loading="lazy" width={400} height={400} />;
}
