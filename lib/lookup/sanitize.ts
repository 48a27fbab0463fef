/**
 * The content script's report comes from a web page's context: treat it as untrusted input. Keep only known fields,
 * plain strings of bounded length, and http(s) URLs. The identity URL is cleaned here (the one place: the detector
 * reports the page's address as it stands, so the tracking-parameter denylist stays out of the content script).
 */
import type { Availability, DetectedFields, DetectedVariant, Detection, Signal } from '../detect/types';
import { cleanUrl } from '../detect/url';

const SIGNALS: ReadonlySet<Signal> = new Set(['json-ld', 'microdata', 'rdfa', 'opengraph', 'canonical', 'retailer-rule', 'heuristic']);
const MAX_TEXT = 500;

function text(value: unknown, max = MAX_TEXT): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(/\s+/g, ' ').trim().slice(0, max);
  return trimmed || undefined;
}

export function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 4096) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function availability(value: unknown): Availability | undefined {
  return value === 'InStock' || value === 'OutOfStock' ? value : undefined;
}

function fields(value: unknown): DetectedFields {
  const v = (value ?? {}) as Record<string, unknown>;
  const price = text(v.price, 32);
  return {
    title: text(v.title),
    brand: text(v.brand, 120),
    price: price && /^\d+(\.\d+)?$/.test(price) ? price : undefined,
    currency: text(v.currency, 8)?.toUpperCase(),
    sku: text(v.sku, 120),
    gtin: text(v.gtin, 32),
    mpn: text(v.mpn, 120),
    availability: availability(v.availability),
    image: httpUrl(v.image),
    description: text(v.description, 1000),
  };
}

function variant(value: unknown): DetectedVariant {
  const v = (value ?? {}) as Record<string, unknown>;
  return {
    sku: text(v.sku, 120),
    gtin: text(v.gtin, 32),
    name: text(v.name),
    size: text(v.size, 60),
    color: text(v.color, 60),
    price: text(v.price, 32),
    currency: text(v.currency, 8),
    availability: availability(v.availability),
    url: httpUrl(v.url),
  };
}

/**
 * The document a detection came from: the browser's document id when it gives one (Chrome), else the detector's own
 * token for its document (lib/detector-bridge.ts documentToken), marked so the two can never be mistaken.
 */
export function documentOf(browserDocumentId: string | undefined, detection: unknown): string | undefined {
  if (browserDocumentId) return browserDocumentId;
  const token = typeof detection === 'object' && detection !== null ? (detection as { documentToken?: unknown }).documentToken : undefined;
  return typeof token === 'string' && /^[0-9a-f]{32}$/.test(token) ? `token:${token}` : undefined;
}

/**
 * The identity a detection is looked up by: its URL cleaned (tracking parameters removed, retailer allowlists and
 * canonical paths), else its canonical link cleaned (an address too long even once cleaned), or undefined.
 */
export function detectionIdentity(url: unknown, canonicalUrl?: unknown): string | undefined {
  return cleanUrl(url as string) ?? cleanUrl(canonicalUrl as string);
}

/** A clean `Detection`, or undefined when the report is unusable (no http(s) identity URL). */
export function sanitizeDetection(value: unknown): Detection | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const url = detectionIdentity(v.url, v.canonicalUrl);
  if (!url) return undefined;
  return {
    isProduct: v.isProduct === true,
    signals: Array.isArray(v.signals) ? v.signals.filter((s): s is Signal => SIGNALS.has(s as Signal)).slice(0, 10) : [],
    url,
    canonicalUrl: httpUrl(v.canonicalUrl),
    fields: fields(v.fields),
    variants: Array.isArray(v.variants) ? v.variants.slice(0, 50).map(variant) : [],
    elapsedMs: typeof v.elapsedMs === 'number' && Number.isFinite(v.elapsedMs) ? v.elapsedMs : undefined,
    retailer: text(v.retailer, 40),
  };
}
