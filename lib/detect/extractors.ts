/**
 * DOM extractors for large retailers that publish no product markup (Amazon). Keyed by retailer rule id; used only
 * when that rule matched the page URL.
 */
import type { DetectedFields } from './types';
import { cleanText, normalizeCurrency, parsePrice, safeUrl, upTo } from './text';
import { readSpecRows, readStockText } from './heuristics';

function text(doc: Document, selector: string): string | undefined {
  return cleanText(doc.querySelector(selector)?.textContent);
}

// The brand line under the title: "Brand: X", or "Visit the X Store" in the store's language.
const BYLINE =
  /^(?:(?:brand|marke|marque|marca|merk|marka|märke)\s*:\s*(.+)|visit the (.+?) store|besuchen sie den (.+?)-store|visita lo store di (.+)|visite[rz] la boutique (.+)|visita la tienda de (.+)|bezoek de (.+?)-winkel|(.+?)のストアを表示)$/i;

export function amazonBrand(byline: string | undefined): string | undefined {
  return cleanText(BYLINE.exec(byline ?? '')?.slice(1).find(Boolean));
}

const AMAZON_PRICE = [
  '#corePrice_feature_div .a-offscreen',
  '#corePriceDisplay_desktop_feature_div .a-offscreen',
  '#priceblock_dealprice',
  '#priceblock_ourprice',
  '#priceblock_saleprice',
  '#price_inside_buybox',
  '#newBuyBoxPrice',
  '#buybox .a-color-price',
  '#kindle-price',
  '#price .a-color-price',
  '#tmmSwatches .a-button-selected .a-color-price',
  '#MediaMatrix .a-color-price',
];

function amazon(doc: Document, host: string): DetectedFields {
  const spec = readSpecRows(doc);
  const img = doc.getElementById('landingImage') ?? doc.getElementById('imgBlkFront');
  let price: string | undefined;
  let priceText: string | undefined;
  // Selectors in order of preference, a few elements each.
  search: for (const sel of AMAZON_PRICE) {
    for (const el of upTo(doc.querySelectorAll(sel), 5)) {
      priceText = cleanText(el.textContent, 60);
      price = priceText && /\d/.test(priceText) ? parsePrice(priceText) : undefined;
      if (price) break search;
    }
  }
  return {
    title: text(doc, '#productTitle') ?? text(doc, '#title'),
    brand: amazonBrand(text(doc, '#bylineInfo')) ?? spec.brand,
    price,
    currency: price ? normalizeCurrency(priceText, host) : undefined,
    availability:
      (text(doc, '#availability') ? readStockText(doc) : undefined) ??
      (doc.getElementById('add-to-cart-button') ? 'InStock' : doc.getElementById('outOfStock') ? 'OutOfStock' : undefined),
    image: safeUrl(img?.getAttribute('data-old-hires') || img?.getAttribute('src'), `https://${host}/`),
    mpn: spec.mpn,
    gtin: spec.gtin,
  };
}

export const EXTRACTORS: Readonly<Record<string, (doc: Document, host: string) => DetectedFields>> = { amazon };
