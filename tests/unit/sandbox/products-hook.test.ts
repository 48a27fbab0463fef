/** `POST /__sandbox/products`: a product changed in place, seen by the next lookup; 404 for an unknown URL, 422 for a bad body. */
import { describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../../sandbox/server';
import { useSandbox } from '../helpers/sandbox';

const current = useSandbox();

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${current().origin}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as any };
}

const lookup = (url: string) => post('/v1/products/lookup', { url }, { Authorization: `Bearer ${DEMO_API_KEY}` });

describe('POST /__sandbox/products', () => {
  it('changes the product in place: the next lookup answers the new price, stock and title, and a new updatedAt', async () => {
    const product = current().catalog.products.find((p) => p.inStock === true && p.currentPrice != null)!;
    const before = (await lookup(product.productUrl)).json.product;
    const changed = await post('/__sandbox/products', { productUrl: product.productUrl, currentPrice: 12.5, originalPrice: 20, inStock: false, title: 'Renamed' });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ currentPrice: 12.5, originalPrice: 20, inStock: false, title: 'Renamed' });
    const after = (await lookup(product.productUrl)).json.product;
    expect(after).toMatchObject({ uuid: before.uuid, currentPrice: 12.5, originalPrice: 20, inStock: false, title: 'Renamed' });
    expect(after.updatedAt).not.toBe(before.updatedAt);
    // Only the fields given change.
    await post('/__sandbox/products', { productUrl: product.productUrl, currentPrice: 13 });
    expect((await lookup(product.productUrl)).json.product).toMatchObject({ currentPrice: 13, inStock: false, title: 'Renamed' });
  });

  it('answers 404 for a URL no product has', async () => {
    const r = await post('/__sandbox/products', { productUrl: 'https://nowhere.example/p/1', currentPrice: 1 });
    expect(r.status).toBe(404);
    expect(r.json.detail).toMatch(/No product has the URL/);
  });

  it('answers 422 for a bad body', async () => {
    const url = current().catalog.products[0]!.productUrl;
    for (const body of ['{not json', {}, { productUrl: url }, { productUrl: url, currentPrice: -1 }, { productUrl: url, inStock: 'yes' }, { productUrl: url, colour: 'red' }]) {
      const r = await post('/__sandbox/products', body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(Array.isArray(r.json.detail)).toBe(true);
    }
  });
});
