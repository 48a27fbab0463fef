import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OctogenError } from '../../lib/octogen/errors';
import type { ProductListItem, SearchPage, SearchRequest } from '../../lib/octogen/schemas';
import { SearchController, type SearchViewState } from '../../lib/search-controller';
import { buildSearchRequest, EMPTY_FORM, mergePages } from '../../lib/search-state';

const item = (uuid: string, url = `https://shop.example/p/${uuid}`): ProductListItem => ({ uuid, productUrl: url, images: [] });

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('mergePages', () => {
  it('appends a page, dropping items already shown by uuid, then by productUrl', () => {
    const merged = mergePages([item('a'), item('b')], [item('b'), item('c', 'https://shop.example/p/a'), item('d')]);
    expect(merged.map((i) => i.uuid)).toEqual(['a', 'b', 'd']);
  });

  it('de-duplicates within a page too', () => {
    expect(mergePages([], [item('a'), item('a')]).map((i) => i.uuid)).toEqual(['a']);
  });
});

describe('buildSearchRequest', () => {
  it('builds a strict request from the form', () => {
    const { request } = buildSearchRequest({ q: ' kettle ', catalog: 'hearth', priceMin: '10', priceMax: '49.99', brand: 'Ollaria' }, 20, 'c1');
    expect(request).toEqual({
      q: 'kettle',
      catalog: 'hearth',
      price_min: 10,
      price_max: 49.99,
      facets: [{ name: 'brand_name', values: ['ollaria'] }],
      limit: 20,
      cursor: 'c1',
    });
  });

  it('refuses negative, malformed or inverted prices with a message per field', () => {
    expect(buildSearchRequest({ ...EMPTY_FORM, priceMin: '-1' }, 20).errors.priceMin).toMatch(/0 or more/);
    expect(buildSearchRequest({ ...EMPTY_FORM, priceMax: 'ten' }, 20).errors.priceMax).toMatch(/0 or more/);
    const inverted = buildSearchRequest({ ...EMPTY_FORM, priceMin: '50', priceMax: '20' }, 20);
    expect(inverted.request).toBeUndefined();
    expect(inverted.errors.priceMax).toMatch(/at least the minimum/);
  });
});

describe('SearchController', () => {
  let calls: { request: SearchRequest; signal: AbortSignal; answer: ReturnType<typeof deferred<SearchPage>> }[];
  let states: SearchViewState[];
  let controller: SearchController;

  beforeEach(() => {
    vi.useFakeTimers();
    calls = [];
    states = [];
    controller = new SearchController({
      pageSize: 2,
      debounceMs: 250,
      search: (request, signal) => {
        const answer = deferred<SearchPage>();
        calls.push({ request, signal, answer });
        return answer.promise;
      },
      onChange: (s) => states.push(s),
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const last = () => states[states.length - 1]!;

  it('debounces typing into one request', async () => {
    controller.input({ ...EMPTY_FORM, q: 'k' });
    controller.input({ ...EMPTY_FORM, q: 'ke' });
    controller.input({ ...EMPTY_FORM, q: 'kettle' });
    await vi.advanceTimersByTimeAsync(249);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.request.q)).toEqual(['kettle']);
  });

  it('searches at once on submit', () => {
    controller.submit({ ...EMPTY_FORM, q: 'kettle' });
    expect(calls).toHaveLength(1);
    expect(last().status).toBe('loading');
  });

  it('aborts the request in flight when the query changes, and discards its late answer', async () => {
    controller.submit({ ...EMPTY_FORM, q: 'kettle' });
    controller.submit({ ...EMPTY_FORM, q: 'bottle' });
    expect(calls[0]!.signal.aborted).toBe(true);
    calls[1]!.answer.resolve({ items: [item('b1')], nextCursor: null });
    await vi.runAllTimersAsync();
    calls[0]!.answer.resolve({ items: [item('k1')], nextCursor: null });
    await vi.runAllTimersAsync();
    expect(last().items.map((i) => i.uuid)).toEqual(['b1']);
    expect(last().searched).toBe('“bottle”');
  });

  it('loads more pages and merges them without duplicates', async () => {
    controller.submit({ ...EMPTY_FORM, q: 'kettle' });
    calls[0]!.answer.resolve({ items: [item('a'), item('b')], nextCursor: 'c2' });
    await vi.runAllTimersAsync();
    controller.loadMore();
    expect(calls[1]!.request.cursor).toBe('c2');
    expect(last().status).toBe('loading-more');
    calls[1]!.answer.resolve({ items: [item('b'), item('c')], nextCursor: null });
    await vi.runAllTimersAsync();
    expect(last().items.map((i) => i.uuid)).toEqual(['a', 'b', 'c']);
    expect(last().added).toBe(1);
    expect(last().nextCursor).toBeNull();
    controller.loadMore();
    expect(calls).toHaveLength(2);
  });

  it('puts 422 field errors on the fields they name', async () => {
    controller.submit({ ...EMPTY_FORM, q: 'x', priceMin: '5' });
    calls[0]!.answer.reject(
      new OctogenError({
        kind: 'http',
        operation: 'searchProducts',
        status: 422,
        message: 'HTTP 422',
        fieldErrors: [{ loc: ['body', 'price_min'], msg: 'Input should be a valid number', type: 'float_type' }],
      }),
    );
    await vi.runAllTimersAsync();
    expect(last().fieldErrors).toEqual({ priceMin: 'Input should be a valid number' });
    expect(last().error).toBeUndefined();
  });

  it('keeps other errors (e.g. 429 with its wait) for the notice', async () => {
    controller.submit({ ...EMPTY_FORM, q: 'x' });
    calls[0]!.answer.reject(new OctogenError({ kind: 'http', operation: 'searchProducts', status: 429, retryAfterSec: 3, message: '429' }));
    await vi.runAllTimersAsync();
    expect(last().status).toBe('error');
    expect(last().error?.retryAfterSec).toBe(3);
  });

  it('clears everything on Escape, and a late answer does not bring results back', async () => {
    controller.submit({ ...EMPTY_FORM, q: 'kettle' });
    controller.clear();
    calls[0]!.answer.resolve({ items: [item('k')], nextCursor: null });
    await vi.runAllTimersAsync();
    expect(last().items).toEqual([]);
    expect(last().form).toEqual(EMPTY_FORM);
    expect(last().status).toBe('idle');
  });

  it('does not send a request the form refuses', () => {
    controller.submit({ ...EMPTY_FORM, q: 'x', priceMin: '9', priceMax: '1' });
    expect(calls).toHaveLength(0);
    expect(last().fieldErrors.priceMax).toMatch(/at least the minimum/);
  });
});
