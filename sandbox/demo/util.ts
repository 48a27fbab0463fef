/**
 * Small deterministic helpers for the demo data and pages: hashing, a seeded PRNG, escaping, slugs, GTINs, money.
 */
import { gtinCheckDigit } from '../../lib/audit/normalize';

/** FNV-1a 32-bit hash of a string. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items (fewer if the list is shorter), in list order of picking. */
  sample<T>(items: readonly T[], count: number): T[];
  chance(p: number): boolean;
}

/** mulberry32, seeded from a string. */
export function rng(seedText: string): Rng {
  let state = hash32(seedText);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[int(0, items.length - 1)] as T;
  };
  const sample = <T>(items: readonly T[], count: number): T[] => {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) out.push(pool.splice(int(0, pool.length - 1), 1)[0] as T);
    return out;
  };
  return { next, int, pick, sample, chance: (p) => next() < p };
}

/** A deterministic UUID-shaped (version 4 layout) string derived from `text`. */
export function uuidFrom(text: string): string {
  let hex = '';
  for (let i = 0; hex.length < 32; i++) hex += hash32(`${i}:${text}`).toString(16).padStart(8, '0');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** GTIN check digit for the given body (GS1 mod-10, weights 3/1 from the right): the extension's own rule. */
export { gtinCheckDigit };

export function isValidGtin(gtin: string): boolean {
  if (!/^\d{8}$|^\d{12,14}$/.test(gtin)) return false;
  return gtinCheckDigit(gtin.slice(0, -1)) === Number(gtin.slice(-1));
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values (also fine for XML/SVG). */
export function esc(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** JSON for embedding in a `<script>` data block: `<` (and the JS line separators) are escaped. */
export function scriptJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function groupThousands(whole: string, sep: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** Store-style price text, formatted by hand so output never depends on the ICU version. */
export function formatMoney(amount: number, currency: string): string {
  const [whole = '0', cents = '00'] = amount.toFixed(2).split('.');
  switch (currency) {
    case 'EUR':
      return `${groupThousands(whole, '.')},${cents} €`;
    case 'GBP':
      return `£${groupThousands(whole, ',')}.${cents}`;
    case 'USD':
      return `$${groupThousands(whole, ',')}.${cents}`;
    default:
      return `${currency} ${amount.toFixed(2)}`;
  }
}

/** "#rrggbb" -> relative luminance in [0, 1]. */
export function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return 0.5;
  const n = parseInt(m[1] ?? '808080', 16);
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** Mixes a hex colour towards white (t > 0) or black (t < 0). */
export function shade(hex: string, t: number): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  const n = parseInt(m?.[1] ?? '808080', 16);
  const target = t > 0 ? 255 : 0;
  const k = Math.abs(t);
  const mix = (v: number) => Math.round(v + (target - v) * k);
  const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix);
  return `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

export function titleCase(text: string): string {
  return text.replace(/\b[a-z]/g, (c) => c.toUpperCase());
}
