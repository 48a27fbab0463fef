/** more-like-this: ranking by shared category/brand/title, the source excluded, price preferences, allowlist, paging. */
import { describe, expect, it } from 'vitest';
import { ProductView } from '../../../lib/octogen/schemas';
import { moreLikeThis, similarity } from '../../../sandbox/more-like-this';
import { DEMO_API_KEY } from '../../../sandbox/server';
import { useSandbox } from '../helpers/sandbox';

/** A product view as the service would send it (the schema fills the lists it leaves out). */
const product = (uuid: string, title: string, category: string, brand: string, price: number, catalogKey = 'c1'): ProductView =>
  ProductView.parse({
    uuid,
    productUrl: `https://shop.example/products/${uuid}`,
    catalogKey,
    title,
    brand: { name: brand },
    currentPrice: price,
    categories: [{ name: 'Kitchen' }, { name: category }],
    isActive: true,
  });

const source = product('s', 'Copper Whistling Kettle', 'Kettles', 'Kupferhaus', 50);
const products = [
  source,
  product('a', 'Steel Whistling Kettle', 'Kettles', 'Ollaria', 40),
  product('b', 'Copper Kettle Deluxe', 'Kettles', 'Kupferhaus', 80, 'c2'),
  product('c', 'Copper Saucepan', 'Pans', 'Kupferhaus', 45),
  product('d', 'Glass Teapot', 'Teapots', 'Nordlys', 30),
  product('e', 'Electric Kettle', 'Kettles', 'Brightcell', 50),
];

describe('ranking', () => {
  it('same category and brand and shared title words first; the source never; unrelated items left out', () => {
    const page = moreLikeThis(products, source, { pricePreference: 'any', limit: 10 });
    expect(page.items.map((i) => i.uuid)).toEqual(['b', 'a', 'e', 'c', 'd'].filter((u) => similarity(source, products.find((p) => p.uuid === u)!) > 0));
    expect(page.items[0]!.uuid).toBe('b');
    expect(page.items.map((i) => i.uuid)).not.toContain('s');
    expect(page.items[0]!.displayMatchScore).toBe(100);
    expect(similarity(source, products[4]!)).toBeGreaterThan(0); // shares "Kitchen"
  });

  it('lower: strictly cheaper; higher: strictly dearer (an equal price is neither)', () => {
    const lower = moreLikeThis(products, source, { pricePreference: 'lower', limit: 10 }).items.map((i) => i.uuid);
    expect(lower.sort()).toEqual(['a', 'c', 'd']);
    expect(moreLikeThis(products, source, { pricePreference: 'higher', limit: 10 }).items.map((i) => i.uuid)).toEqual(['b']);
  });

  it('the catalogs allowlist restricts results; cursors page without overlap', () => {
    expect(moreLikeThis(products, source, { pricePreference: 'any', limit: 10, catalogs: ['c2'] }).items.map((i) => i.uuid)).toEqual(['b']);
    const first = moreLikeThis(products, source, { pricePreference: 'any', limit: 2 });
    const second = moreLikeThis(products, source, { pricePreference: 'any', limit: 2, cursor: first.nextCursor });
    const all = moreLikeThis(products, source, { pricePreference: 'any', limit: 10 }).items.map((i) => i.uuid);
    expect([...first.items, ...second.items].map((i) => i.uuid)).toEqual(all.slice(0, 4));
    expect(moreLikeThis(products, source, { pricePreference: 'any', limit: 2, cursor: '%%' }).items).toEqual(first.items);
  });
});

describe('over HTTP', () => {
  const sandbox = useSandbox({ rateLimitPerMinute: 10_000 });
  const mlt = async (body: unknown) => {
    const r = await fetch(`${sandbox().baseUrl}/products/more-like-this`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: r.status, json: (await r.json()) as any };
  };

  it('by url (loose matching) and by uuid, the same answer; source identity echoed; debug adds effectiveQuery', async () => {
    const p = sandbox().catalog.products.find((x) => x.categories.length > 0 && x.currentPrice)!;
    const byUrl = await mlt({ source: { url: `${p.productUrl}?utm_source=x` }, debug: true });
    const byUuid = await mlt({ source: { uuid: p.uuid } });
    expect(byUrl.status).toBe(200);
    expect(byUrl.json.items.length).toBe(12);
    expect(byUrl.json.items.map((i: any) => i.uuid)).toEqual(byUuid.json.items.map((i: any) => i.uuid));
    expect(byUrl.json.items.map((i: any) => i.uuid)).not.toContain(p.uuid);
    expect(byUrl.json.source).toMatchObject({ uuid: p.uuid, catalogKey: p.catalogKey, productUrl: p.productUrl });
    expect(byUrl.json.effectiveQuery).toMatchObject({ text: p.title, limit: 12 });
    expect(byUuid.json.effectiveQuery).toBeNull();
    const cheaper = await mlt({ source: { uuid: p.uuid }, price_preference: 'lower', limit: 100 });
    expect(cheaper.json.items.every((i: any) => i.currentPrice < p.currentPrice!)).toBe(true);
  });

  it('404 product_not_found for an unknown source; 422 for two sources or the old `catalog` field; 400 for an image with a price preference', async () => {
    expect(await mlt({ source: { uuid: 'nope' } })).toEqual({ status: 404, json: { detail: 'product_not_found' } });
    expect(await mlt({ source: { url: 'https://nowhere.example/p' } })).toEqual({ status: 404, json: { detail: 'product_not_found' } });
    expect((await mlt({ source: { uuid: 'a', url: 'https://x.example/' } })).status).toBe(422);
    expect((await mlt({ source: { uuid: 'a' }, catalog: 'trailhead' })).status).toBe(422);
    expect((await mlt({ source: { image: { url: 'https://x.example/i.jpg' } }, price_preference: 'lower' })).status).toBe(400);
  });

  it('image sources: a catalog image resolves to its product, then from the cache; an unknown image gives no items', async () => {
    const p = sandbox().catalog.products[0]!;
    const first = await mlt({ source: { image: { url: p.primaryImage!.url } } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ resolution: 'image_query_generation', source: null, sourceImage: { hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(first.json.items.length).toBeGreaterThan(0);
    expect((await mlt({ source: { image: { url: p.primaryImage!.url } } })).json.resolution).toBe('cached_image_query');
    expect((await mlt({ source: { image: { b64: 'aGVsbG8=' } } })).json).toMatchObject({ items: [], nextCursor: null });
  });
});
