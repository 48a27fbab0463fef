/** Output types of product-page detection (`detect`). Kept free of imports so any part of the extension can use them. */

export type Availability = 'InStock' | 'OutOfStock';

export interface DetectedVariant {
  sku?: string;
  gtin?: string;
  name?: string;
  size?: string;
  color?: string;
  price?: string;
  currency?: string;
  availability?: Availability;
  url?: string;
}

export interface DetectedFields {
  title?: string;
  brand?: string;
  /** Decimal string, e.g. "19.99". */
  price?: string;
  /** ISO 4217, upper-case. */
  currency?: string;
  sku?: string;
  gtin?: string;
  mpn?: string;
  availability?: Availability;
  /** Absolute http(s) URL. */
  image?: string;
  description?: string;
}

export type Signal = 'json-ld' | 'microdata' | 'rdfa' | 'opengraph' | 'canonical' | 'retailer-rule' | 'heuristic';

export interface Detection {
  isProduct: boolean;
  signals: Signal[];
  /** Identity URL to send to lookup: always http(s), tracking parameters removed. */
  url: string;
  canonicalUrl?: string;
  fields: DetectedFields;
  variants: DetectedVariant[];
  elapsedMs?: number;
  /** Id of the retailer rule that matched the page URL, if any. */
  retailer?: string;
}
