import { displayImage, priceText, safeHttpUrl } from '../lib/format';
import { t } from '../lib/i18n';
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
  const title = item.title?.trim() || t('common.untitled');
  // Without a known currency the amount is marked as the catalog's own (lib/format.ts priceText).
  const price = priceText(item.currentPrice, currency);
  const was = item.originalPrice != null && item.currentPrice != null && item.originalPrice > item.currentPrice
    ? priceText(item.originalPrice, currency)?.text
    : undefined;
  const body = (
    <>
      <ProductImage src={image} size={56} lazy />
      <span className="card-text">
        <span className="card-title bidi" dir="auto" {...{ elementtiming: TIMING.card }}>
          {title}
        </span>
        {item.brand?.name && <span className="card-brand bidi" dir="auto">{item.brand.name}</span>}
        <span className="card-meta">
          {price && (
            <span className="card-price" title={price.catalogCurrency}>
              {price.text}
            </span>
          )}
          {was && (
            <span className="card-was">
              <span className="visually-hidden">{t('common.was')} </span>
              <s>{was}</s>
            </span>
          )}
          {(catalogName ?? item.catalogKey) && <span className="card-catalog bidi" dir="auto">{catalogName ?? item.catalogKey}</span>}
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
