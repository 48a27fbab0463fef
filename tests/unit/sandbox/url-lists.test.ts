/** Coverage URL lists: normalisation, states on an injected clock, caps, conflicts, idempotence and paging. */
import { describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../../sandbox/server';
import { useSandbox } from '../helpers/sandbox';
import { normalizeCoverageUrl, UrlLists } from '../../../sandbox/url-lists';

describe('normalisation', () => {
  it.each([
    ['HTTPS://Shop.Example/Products/Kettle/#reviews', 'https://shop.example/Products/Kettle'],
    ['https://shop.example/p?utm_source=x&size=m&gclid=1&UTM_medium=y', 'https://shop.example/p?size=m'],
    ['http://greenhouse-goods.localhost:5173/products/a/', 'http://greenhouse-goods.localhost:5173/products/a'],
    ['http://127.0.0.1:8787/demo/trailhead/products/x', 'http://127.0.0.1:8787/demo/trailhead/products/x'],
    ['  https://shop.example  ', 'https://shop.example'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeCoverageUrl(input)).toEqual({ ok: true, normalizedUrl: expected });
  });
  it.each(['not a url', '/relative/path', 'ftp://shop.example/x', 'https://localhost/p', 'https://intranet/p', 'https://u:p@shop.example/'])('%j is invalid', (input) => {
    expect(normalizeCoverageUrl(input).ok).toBe(false);
  });
});

function setup(caps?: { lists?: number; urlsPerList?: number }) {
  let t = Date.parse('2026-11-20T10:00:00Z');
  const lists = new UrlLists({ now: () => t, settleMs: 1000, caps });
  return { lists, advance: (ms: number) => void (t += ms) };
}

describe('UrlLists', () => {
  it('provisioning (bigQuery null) → active (bigQuery block) after settleMs', () => {
    const { lists, advance } = setup();
    const created = lists.create('  Spring  ');
    expect(created.ok && created.list).toMatchObject({ name: 'Spring', status: 'provisioning', bigQuery: null, urlCount: 0 });
    const id = created.ok ? created.list.urlListId : '';
    expect(id).toMatch(/^cul_/);
    advance(1000);
    expect(lists.get(id)).toMatchObject({ status: 'active', bigQuery: { readerCount: 0, lastExportedAt: null } });
  });

  it('name conflicts among live lists (trimmed), 5 lists at most; delete releases the name at once', () => {
    const { lists, advance } = setup();
    const ids = ['a', 'b', 'c', 'd', 'e'].map((n) => {
      const r = lists.create(n);
      return r.ok ? r.list.urlListId : '';
    });
    expect(lists.create(' a ')).toEqual({ ok: false, status: 409, detail: 'url_list_name_conflict' });
    expect(lists.create('f')).toEqual({ ok: false, status: 409, detail: 'url_list_limit_exceeded' });
    const deleted = lists.delete(ids[0]!);
    expect(deleted.ok && deleted.list.status).toBe('delete_pending');
    expect(lists.delete(ids[0]!).ok).toBe(true); // idempotent
    expect(lists.add(ids[0]!, ['https://shop.example/p'])).toEqual({ ok: false, status: 409, detail: 'url_list_deleting' });
    expect(lists.contains(ids[0]!, ['https://shop.example/p'])).toMatchObject({ ok: false, status: 409 });
    expect(lists.create('a').ok).toBe(true);
    advance(1000);
    expect(lists.get(ids[0]!)).toBeUndefined();
    expect(lists.delete(ids[0]!)).toEqual({ ok: false, status: 404, detail: 'url_list_not_found' });
  });

  it('idempotent set-add and set-remove on normalised URLs; per-URL rejections; contains with addedAt', () => {
    const { lists, advance } = setup();
    const r = lists.create('x');
    const id = r.ok ? r.list.urlListId : '';
    const added = lists.add(id, ['https://Shop.example/p/1/', 'https://shop.example/p/1?utm_source=a', 'nope', 'https://shop.example/p/2']);
    expect(added.ok && added.body.accepted.map((a) => a.normalizedUrl)).toEqual(['https://shop.example/p/1', 'https://shop.example/p/1', 'https://shop.example/p/2']);
    expect(added.ok && added.body.rejected).toEqual([{ url: 'nope', code: 'invalid_url', message: expect.any(String) }]);
    expect(added.ok && added.body.urlCount).toBe(2);
    advance(5000);
    expect(lists.add(id, ['https://shop.example/p/1']).ok && lists.get(id)?.urlCount).toBe(2);
    const contains = lists.contains(id, ['https://shop.example/p/1#x', 'https://shop.example/p/3']);
    expect(contains.ok && contains.body.results).toEqual([
      { url: 'https://shop.example/p/1#x', normalizedUrl: 'https://shop.example/p/1', present: true, addedAt: '2026-11-20T10:00:00.000Z' },
      { url: 'https://shop.example/p/3', normalizedUrl: 'https://shop.example/p/3', present: false, addedAt: null },
    ]);
    const removed = lists.remove(id, ['https://shop.example/p/1', 'https://shop.example/p/9']);
    expect(removed.ok && removed.body.urlCount).toBe(1);
  });

  it('capacity is batch-atomic', () => {
    const { lists } = setup({ urlsPerList: 3 });
    const r = lists.create('x');
    const id = r.ok ? r.list.urlListId : '';
    expect(lists.add(id, ['https://a.example/1', 'https://a.example/2']).ok).toBe(true);
    expect(lists.add(id, ['https://a.example/1', 'https://a.example/3', 'https://a.example/4'])).toEqual({ ok: false, status: 409, detail: 'list_url_capacity_exceeded' });
    expect(lists.get(id)?.urlCount).toBe(2);
    expect(lists.add(id, ['https://a.example/1', 'https://a.example/3']).ok).toBe(true);
  });

  it('pages: lists newest first, URLs in insertion order, opaque cursors, malformed cursor refused', () => {
    const { lists } = setup({ lists: 10 });
    const ids = ['l1', 'l2', 'l3'].map((n) => {
      const r = lists.create(n);
      return r.ok ? r.list.urlListId : '';
    });
    const p1 = lists.page(undefined, 2);
    expect(p1 !== 'invalid_cursor' && p1.items.map((l) => l.name)).toEqual(['l3', 'l2']);
    const p2 = p1 !== 'invalid_cursor' ? lists.page(p1.nextCursor!, 2) : 'invalid_cursor';
    expect(p2 !== 'invalid_cursor' && [p2.items.map((l) => l.name), p2.nextCursor]).toEqual([['l1'], null]);
    expect(lists.page('garbage', 2)).toBe('invalid_cursor');
    const urls = Array.from({ length: 5 }, (_, i) => `https://a.example/${5 - i}`);
    lists.add(ids[0]!, urls);
    const u1 = lists.urlsPage(ids[0]!, undefined, 3);
    const u2 = u1.ok ? lists.urlsPage(ids[0]!, u1.body.nextCursor!, 3) : u1;
    expect([...(u1.ok ? u1.body.items : []), ...(u2.ok ? u2.body.items : [])].map((i) => i.url)).toEqual(urls);
    expect(u2.ok && u2.body.nextCursor).toBeNull();
    expect(lists.urlsPage(ids[0]!, 'garbage', 3)).toEqual({ ok: false, status: 422, detail: 'invalid_cursor' });
    // A cursor of another list is malformed for this one.
    expect(u1.ok && lists.urlsPage(ids[1]!, u1.body.nextCursor!, 3)).toMatchObject({ ok: false, status: 422 });
  });
});

describe('over HTTP', () => {
  const sandbox = useSandbox({ rateLimitPerMinute: 10_000 });
  const api = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${sandbox().baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, json: text ? JSON.parse(text) : undefined };
  };

  it('create 201, add 200, 422 for 0 or 1001 URLs and a URL over 2048 characters, delete 202 then 409 for mutations', async () => {
    const created = await api('POST', '/coverage/url-lists', { name: 'Watch list' });
    expect(created.status).toBe(201);
    const id = created.json.urlListId;
    expect((await api('POST', `/coverage/url-lists/${id}/urls`, { urls: ['https://shop.example/a'] })).json.urlCount).toBe(1);
    expect((await api('POST', `/coverage/url-lists/${id}/urls`, { urls: [] })).status).toBe(422);
    expect((await api('POST', `/coverage/url-lists/${id}/urls`, { urls: Array(1001).fill('https://shop.example/a') })).status).toBe(422);
    const long = await api('POST', `/coverage/url-lists/${id}/urls`, { urls: [`https://shop.example/${'a'.repeat(2048)}`] });
    expect(long.status).toBe(422);
    expect(long.json.detail[0]).toMatchObject({ type: 'string_too_long', loc: ['body', 'urls', 0] });
    expect((await api('GET', `/coverage/url-lists/${id}/urls?limit=1`)).json.items).toHaveLength(1);
    expect((await api('DELETE', `/coverage/url-lists/${id}`)).json.status).toBe('delete_pending');
    expect(await api('POST', `/coverage/url-lists/${id}/urls/remove`, { urls: ['https://shop.example/a'] })).toEqual({ status: 409, json: { detail: 'url_list_deleting' } });
    expect(await api('GET', '/coverage/url-lists/cul_nope')).toEqual({ status: 404, json: { detail: 'url_list_not_found' } });
  });
});
