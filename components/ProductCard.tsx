import { displayImage, formatPrice, safeHttpUrl } from '../lib/format';
import type { ProductListItem } from '../lib/octogen/schemas';
import { TIMING } from '../lib/wire';
import { ProductImage } from './ProductImage';

export interface ProductCardProps {
  item: ProductListItem;
  catalogName?: string;
  currency?: string | null;
  /** Keyboard navigation within a list: this card is the active one. */
  active?: boolean;
}

/** One product in a list: image, title, brand, price, catalog; the whole card links to the product page. */
export function ProductCard({ item, catalogName, currency, active }: ProductCardProps) {
  const href = safeHttpUrl(item.productUrl);
  const image = displayImage(item);
  const title = item.title?.trim() || 'Untitled product';
  const price = formatPrice(item.currentPrice, currency);
  const was = item.originalPrice != null && item.currentPrice != null && item.originalPrice > item.currentPrice
    ? formatPrice(item.originalPrice, currency)
    : undefined;
  const body = (
    <>
      <ProductImage src={image} size={56} lazy />
      <span className="card-text">
        <span className="card-title" {...{ elementtiming: TIMING.card }}>
          {title}
        </span>
        {item.brand?.name && <span className="card-brand">{item.brand.name}</span>}
        <span className="card-meta">
          {price && <span className="card-price">{price}</span>}
          {was && (
            <span className="card-was">
              <span className="visually-hidden">was </span>
              <s>{was}</s>
            </span>
          )}
          {(catalogName ?? item.catalogKey) && <span className="card-catalog">{catalogName ?? item.catalogKey}</span>}
        </span>
      </span>
    </>
  );
  return (
    <li className={`card${active ? ' card-active' : ''}`}>
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer" className="card-link">
          {body}
        </a>
      ) : (
        <span className="card-link">{body}</span>
      )}
    </li>
  );
}
