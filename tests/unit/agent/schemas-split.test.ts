/**
 * Agent API schemas (strict request, tolerant answers and events) and the sponsored/organic split.
 */
import { describe, expect, it } from 'vitest';
import { AgentProduct, AgentSearchRequest, AgentSearchResponse, parseAgentEvent } from '../../../lib/agent/schemas';
import { bidIdOf, isSponsored, splitProducts } from '../../../lib/agent/split';

describe('AgentSearchRequest (strict writer)', () => {
  it('accepts the doc example and refuses unknown or out-of-range fields', () => {
    expect(AgentSearchRequest.safeParse({ query: 'I need running shoes under $150', session_id: 'user-session-123', max_results: 10, max_sponsored: 3, streaming: false }).success).toBe(true);
    for (const bad of [{}, { query: '' }, { query: '  ' }, { query: 'x', max_results: 0 }, { query: 'x', max_results: 51 }, { query: 'x', max_sponsored: -1 }, { query: 'x', extra: 1 }, { query: 'x', streaming: 'true' }]) {
      expect(AgentSearchRequest.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('AgentSearchResponse (tolerant reader)', () => {
  it('reads the doc example', () => {
    const parsed = AgentSearchResponse.parse({
      text: 'I found some great running shoes for you!',
      session_id: 'user-session-123',
      data: {
        products: [
          { id: 'prod-123', name: 'Nike Air Zoom Pegasus 40', price: 129.99, is_sponsored: true, resolvedBidId: 'bid-456' },
          { id: 'prod-456', name: 'Adidas Ultraboost 22', price: 139.99, is_sponsored: false },
        ],
        summary: { total_results: 10, sponsored_results: 1, organic_results: 9 },
      },
    });
    expect(parsed.data.products).toHaveLength(2);
    expect(parsed.data.products[0]!.categories).toEqual([]);
    expect(parsed.data.summary?.organic_results).toBe(9);
  });

  it('keeps unknown fields, coerces small drifts and drops only the products that do not fit', () => {
    const parsed = AgentSearchResponse.parse({
      text: 'hi',
      data: {
        products: [
          { id: 7, price: '12.50', brand: { name: 'Ridgeback' }, categories: 'Bottles', is_sponsored: 'true', resolvedBidId: 99, extra: 'kept' },
          { name: 'no id' },
          'not an object',
          { id: 'ok', price: 'n/a', similarity_score: null, categories: [{ name: 'A' }, 3, 'B'] },
        ],
        summary: 'weird',
      },
    });
    const [a, b] = parsed.data.products;
    expect(parsed.data.products).toHaveLength(2);
    expect(a).toMatchObject({ id: '7', price: 12.5, brand: 'Ridgeback', categories: ['Bottles'], is_sponsored: true, resolvedBidId: '99', extra: 'kept' });
    expect(b).toMatchObject({ id: 'ok', price: undefined, categories: ['A', 'B'], is_sponsored: false });
    expect(parsed.data.summary).toBeUndefined();
    expect(AgentSearchResponse.parse({}).data.products).toEqual([]);
    expect(AgentSearchResponse.parse({ text: 'x', data: null }).data.products).toEqual([]);
  });
});

describe('parseAgentEvent', () => {
  it('classifies events, unknown events and invalid ones', () => {
    expect(parseAgentEvent({ event: 'start', session_id: 's' })).toEqual({ kind: 'event', event: { event: 'start', session_id: 's' } });
    expect(parseAgentEvent({ event: 'text_chunk', content: 'Hi' })).toMatchObject({ kind: 'event' });
    const done = parseAgentEvent({ event: 'done', session_id: 's', data: {} });
    expect(done).toMatchObject({ kind: 'event', event: { event: 'done', data: { products: [] } } });
    expect(parseAgentEvent({ event: 'error' })).toMatchObject({ kind: 'event', event: { event: 'error', message: 'The agent reported an error.' } });
    expect(parseAgentEvent({ event: 'error', message: { code: 'x' } })).toMatchObject({ kind: 'event', event: { message: '{"code":"x"}' } });
    expect(parseAgentEvent({ event: 'heartbeat' })).toEqual({ kind: 'unknown', name: 'heartbeat' });
    expect(parseAgentEvent({ event: 'text_chunk' })).toMatchObject({ kind: 'invalid' });
    expect(parseAgentEvent([1])).toMatchObject({ kind: 'invalid' });
    expect(parseAgentEvent({ content: 'x' })).toMatchObject({ kind: 'invalid' });
  });
});

const product = (id: string, extra: Partial<AgentProduct> = {}): AgentProduct => AgentProduct.parse({ id, ...extra });

describe('splitProducts', () => {
  it('keeps organic in rank order and sponsored apart, never mixed', () => {
    const products = [
      product('s1', { is_sponsored: true, resolvedBidId: 'bid_1', rank: 2 }),
      product('o3', { rank: 4 }),
      product('o1', { rank: 1 }),
      product('s2', { is_sponsored: true, rank: 5 }), // sponsored without bid id: still sponsored
      product('o2', { rank: 3 }),
      product('bidOnly', { resolvedBidId: 'bid_9' }), // a bid id makes it sponsored
      product('noRank'),
    ];
    const { organic, sponsored } = splitProducts(products);
    expect(organic.map((p) => p.id)).toEqual(['o1', 'o2', 'o3', 'noRank']);
    expect(sponsored.map((p) => p.id)).toEqual(['s1', 's2', 'bidOnly']);
    expect(organic.some(isSponsored)).toBe(false);
    expect(sponsored.every(isSponsored)).toBe(true);
    expect(bidIdOf(sponsored[0]!)).toBe('bid_1');
    expect(bidIdOf(sponsored[1]!)).toBeUndefined();
  });

  it('drops duplicates, and a sponsored copy of an organic product', () => {
    const { organic, sponsored } = splitProducts([
      product('a', { rank: 1 }),
      product('a', { rank: 2 }),
      product('a', { is_sponsored: true, resolvedBidId: 'bid_a', rank: 3 }),
      product('b', { is_sponsored: true, resolvedBidId: 'bid_b', rank: 4 }),
      product('b', { is_sponsored: true, resolvedBidId: 'bid_b2', rank: 5 }),
    ]);
    expect(organic.map((p) => p.id)).toEqual(['a']);
    expect(sponsored.map((p) => p.resolvedBidId)).toEqual(['bid_b']);
  });

  it('handles an empty list', () => {
    expect(splitProducts([])).toEqual({ organic: [], sponsored: [] });
  });
});
