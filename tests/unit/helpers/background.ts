/** What the background's unit tests share: a fake Platform API (fetch), answers, and messages as the popup sends them. */
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TabState } from '../../../lib/state';
import { envelope, tabKey, type MessageType } from '../../../lib/wire';

export const FIXTURE = {
  KEY: 'octo_live_0123456789abcdef0123456789abcdef_c2VjcmV0LXNlY3JldA',
  BASE: 'https://api.octogen.ai/v1',
  PAGE: 'https://shop.example/products/trail-bottle?utm_source=x',
  product: { uuid: 'p1', productUrl: 'https://shop.example/products/trail-bottle', title: 'Trail Bottle', images: [] },
  detection: { isProduct: true, signals: ['json-ld'], url: 'https://shop.example/products/trail-bottle', fields: { title: 'Trail Bottle 750 ml', price: '20.00' }, variants: [] },
};

export interface Call {
  path: string;
  body: unknown;
  at: number;
  auth: string | undefined;
}

/** A fetch that answers like the Platform API at FIXTURE.BASE (404 for any path not given), and records each call. */
export function fakeApi(answers: Record<string, (body: unknown) => Response | Promise<Response>>, delayMs = 20) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input).replace(FIXTURE.BASE, '');
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ path, body, at: Date.now(), auth: (init?.headers as Record<string, string>)?.Authorization });
    await new Promise((r) => setTimeout(r, delayMs));
    const answer = answers[path];
    return answer ? await answer(body) : new Response(JSON.stringify({ detail: 'Not Found' }), { status: 404 });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const popupSender = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });

/** Send a message to the background as an extension page (or `sender`) would, and return its answer. */
export async function message<T>(type: string, data: unknown, sender: object = popupSender()): Promise<{ ok: boolean; value?: T; error?: any }> {
  const results = await fakeBrowser.runtime.onMessage.trigger(envelope(type as MessageType, data as never), sender);
  return (await results.find((r: unknown) => r !== undefined)) as { ok: boolean; value?: T; error?: any };
}

/** Every state of the tab the background stores, in the order it stores them (from now on). */
export function statesStored(tabId: number): () => TabState[] {
  const set = vi.spyOn(fakeBrowser.storage.session, 'set');
  return () => set.mock.calls.map(([items]) => (items as Record<string, TabState | undefined>)[tabKey(tabId)]).filter((s): s is TabState => s !== undefined);
}
