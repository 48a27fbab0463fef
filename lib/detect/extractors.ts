/**
 * DOM extractors for large retailers that publish no product markup (Amazon). Keyed by retailer rule id; used only
 * when that rule matched the page URL.
 */
import type { DetectedFields } from './types';
import { cleanText, normalizeCurrency, parsePrice, safeUrl, upTo } from './text';
import { BRAND_LABEL, readSpecRows, readStockText } from './heuristics';

function text(doc: Document, selector: string): string | undefined {
  return cleanText(doc.querySelector(selector)?.textContent);
}

// The brand line under the title: "Brand: X" (any brand label), or "Visit the X Store" in the store's language.
const BYLINE =
  /^(?:([^:]{2,20}?)\s*:\s*(.+)|visit the (.+?) store|besuchen sie den (.+?)-store|visita lo store di (.+)|visite[rz] la boutique (.+))$/i;

export function amazonBrand(byline: string | undefined): string | undefined {
  const m = BYLINE.exec(byline ?? '');
  if (!m || (m[1] && !BRAND_LABEL.test(m[1]))) return undefined;
  return cleanText(m.slice(2).find(Boolean));
}

const AMAZON_PRICE = [
  '[id^=corePrice] .a-offscreen', // #corePrice_feature_div, #corePriceDisplay_desktop_feature_div
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
  // Only the product details tables and bullets: the rest of the page has hundreds of rows of other products.
  const spec = readSpecRows(doc, '#prodDetails tr,#productOverview_feature_div tr,#detailBullets_feature_div li');
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
      (text(doc, '#availability') && readStockText(doc)) ||
      (doc.getElementById('add-to-cart-button') ? 'InStock' : doc.getElementById('outOfStock') ? 'OutOfStock' : undefined),
    image: safeUrl(img?.getAttribute('data-old-hires') || img?.getAttribute('src'), `https://${host}/`),
    mpn: spec.mpn,
    gtin: spec.gtin,
  };
}

export const EXTRACTORS: Readonly<Record<string, (doc: Document, host: string) => DetectedFields>> = { amazon };
