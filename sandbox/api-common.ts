/**
 * Pieces every `/v1` route module shares: the documented error responses for the OpenAPI document, the request id,
 * and the product list item (search and more-like-this).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ValidationItem, type ProductListItem, type ProductView } from '../lib/octogen/schemas';

export const ERROR_EXAMPLES = {
  401: {
    description: 'Missing or invalid Bearer API key.',
    content: { 'application/json': { schema: z.object({ detail: z.string() }) } },
  },
  403: {
    description: 'The key is valid but not authorised for this resource.',
    content: { 'application/json': { schema: z.object({ detail: z.string() }) } },
  },
  422: {
    description: 'Validation error.',
    content: { 'application/json': { schema: z.object({ detail: z.union([z.string(), z.array(ValidationItem)]) }) } },
  },
  429: {
    description: 'Per-organisation rate limit exceeded (`Retry-After`).',
    content: { 'application/json': { schema: z.object({ detail: z.string() }) } },
  },
} as const;

export const notFound = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.object({ detail: z.string() }) } },
});

export function requestId(): string {
  return `req_${Date.now().toString(36).toUpperCase()}${randomBytes(6).toString('hex').toUpperCase()}`;
}

/** A list item is the product view without the view-only fields. */
export function toListItem(product: ProductView, displayMatchScore: number | null): ProductListItem {
  return {
    uuid: product.uuid ?? '',
    productUrl: product.productUrl,
    catalogKey: product.catalogKey ?? null,
    title: product.title ?? null,
    brand: product.brand ?? null,
    currentPrice: product.currentPrice ?? null,
    originalPrice: product.originalPrice ?? null,
    primaryImage: product.primaryImage ?? null,
    imageUrl: product.imageUrl ?? null,
    images: product.images,
    rating: product.rating ?? null,
    isActive: product.isActive ?? true,
    displayMatchScore,
    rawScore: null,
    updatedAt: product.updatedAt ?? null,
  };
}

/** Each product's list item as JSON text before and after its score: built once (records never change). */
const listItemParts = new WeakMap<ProductView, readonly [head: string, tail: string]>();

/**
 * `JSON.stringify(toListItem(product, displayMatchScore))`, byte for byte, from text kept per product: a search answer
 * is put together from these instead of building and serialising every field of every hit on each request.
 */
export function listItemJson(product: ProductView, displayMatchScore: number | null): string {
  let parts = listItemParts.get(product);
  if (!parts) {
    const { displayMatchScore: _score, rawScore, updatedAt, ...head } = toListItem(product, null);
    parts = [JSON.stringify(head).slice(0, -1), JSON.stringify({ rawScore, updatedAt }).slice(1)];
    listItemParts.set(product, parts);
  }
  return `${parts[0]},"displayMatchScore":${JSON.stringify(displayMatchScore)},${parts[1]}`;
}

