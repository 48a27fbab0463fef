/**
 * DOM extractors for large retailers that publish no product markup (Amazon). Keyed by retailer rule id; used only
 * when that rule matched the page URL.
 */
import type { DetectedFields } from './types';
import { cleanText, normalizeCurrency, parsePrice, safeUrl } from './text';
import { readSpecRows, readStockText } from './heuristics';

function text(doc: Document, selector: string): string | undefined {
  const el = doc.querySelector(selector);
  return el ? cleanText(el.textContent ?? '') : undefined;
}

const BYLINE: RegExp[] = [
  /^(?:brand|marke|marque|marca|merk|marka|märke)\s*:\s*(.+)$/i,
  /^visit the (.+?) store$/i,
  /^besuchen sie den (.+?)-store$/i,
  /^visita lo store di (.+)$/i,
  /^visite[rz] la boutique (.+)$/i,
  /^visita la tienda de (.+)$/i,
  /^bezoek de (.+?)-winkel$/i,
  /^(.+?)のストアを表示$/,
];

export function amazonBrand(byline: string | undefined): string | undefined {
  if (!byline) return undefined;
  for (const re of BYLINE) {
    const m = re.exec(byline);
    if (m) return cleanText(m[1]);
  }
  return undefined;
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
  const out: DetectedFields = {};
  out.title = text(doc, '#productTitle') ?? text(doc, '#title');
  out.brand = amazonBrand(text(doc, '#bylineInfo'));
  search: for (const sel of AMAZON_PRICE) {
    const els = doc.querySelectorAll(sel);
    for (let i = 0; i < els.length && i < 5; i++) {
      const t = cleanText(els[i]?.textContent ?? '', 60);
      const price = t && /\d/.test(t) ? parsePrice(t) : undefined;
      if (price && t) {
        out.price = price;
        out.currency = normalizeCurrency(t, host);
        break search;
      }
    }
  }
  const avail = text(doc, '#availability');
  if (avail) out.availability = readStockText(doc);
  if (!out.availability && doc.getElementById('add-to-cart-button')) out.availability = 'InStock';
  if (!out.availability && doc.getElementById('outOfStock')) out.availability = 'OutOfStock';
  const img = doc.getElementById('landingImage') ?? doc.getElementById('imgBlkFront');
  out.image = safeUrl(img?.getAttribute('data-old-hires') || img?.getAttribute('src') || undefined, `https://${host}/`);
  const spec = readSpecRows(doc);
  out.mpn = spec.mpn;
  out.gtin = spec.gtin;
  if (!out.brand && spec.brand) out.brand = spec.brand;
  for (const k of Object.keys(out) as (keyof DetectedFields)[]) if (out[k] === undefined) delete out[k];
  return out;
}

export const EXTRACTORS: Readonly<Record<string, (doc: Document, host: string) => DetectedFields>> = { amazon };
