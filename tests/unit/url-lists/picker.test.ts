/** The "Add to URL list" picker's state machine: what it asks, what it shows, and where each failure is said. */
import { describe, expect, it, vi } from 'vitest';
import { OctogenError } from '../../../lib/octogen/errors';
import type { UrlList } from '../../../lib/octogen/schemas';
import { checkListName, PickerController, type PickerApi, type PickerState } from '../../../lib/url-lists/picker';

const PAGE = 'https://shop.example/products/kettle';
const list = (id: string, name: string, urlCount = 0): UrlList => ({ urlListId: id, name, status: 'active', urlCount });
const httpError = (status: number, detail: string) => new OctogenError({ kind: 'http', operation: 'x', status, detail, message: `HTTP ${status}` });
const ok = (url: string, urlCount: number) => ({ accepted: [{ url, normalizedUrl: url }], rejected: [], urlCount });

function picker(overrides: Partial<PickerApi> = {}) {
  const api: PickerApi = {
    urlListsForPage: vi.fn(async (url: string) => ({ url, lists: [{ list: list('cul_1', 'Watch', 2), present: false }] })),
    createUrlList: vi.fn(async (name: string) => list('cul_new', name)),
    addUrlToList: vi.fn(async (_list: UrlList, url: string) => ok(url, 1)),
    removeUrlsFromList: vi.fn(async () => ({ accepted: [], rejected: [], urlCount: 0 })),
    ...overrides,
  };
  const states: PickerState[] = [];
  const controller = new PickerController(api, (s) => states.push(s));
  return { api, controller, states, last: () => controller.current };
}

describe('checkListName', () => {
  it('trims, and refuses empty names and names over 80 characters', () => {
    expect(checkListName('  Watch ')).toEqual({ name: 'Watch' });
    expect(checkListName('   ')).toEqual({ problem: 'Enter a name for the list.' });
    expect(checkListName('x'.repeat(80))).toEqual({ name: 'x'.repeat(80) });
    expect(checkListName('x'.repeat(81))).toEqual({ problem: expect.stringMatching(/at most 80 characters \(this one has 81\)/) });
  });
});

describe('PickerController', () => {
  it('opens by checking the page against the lists, always anew, and says what it found', async () => {
    const { api, controller, states, last } = picker();
    await controller.open(PAGE);
    expect(states[0]!.status).toBe('loading');
    expect(last().status).toBe('ready');
    expect(last().said).toBe('1 URL list. This page is in none of them.');
    controller.close();
    await controller.open(PAGE);
    expect(api.urlListsForPage).toHaveBeenCalledTimes(2);
  });

  it('adds the page to a chosen list: present, with the count the service answered', async () => {
    const { api, controller, last } = picker();
    await controller.open(PAGE);
    await controller.add(last().lists[0]!.list);
    expect(api.addUrlToList).toHaveBeenCalledWith(expect.objectContaining({ urlListId: 'cul_1' }), PAGE);
    expect(last().lists[0]).toMatchObject({ present: true, list: { urlCount: 1 } });
    expect(last().said).toBe('Added this page to Watch.');
    await controller.remove(last().lists[0]!.list);
    expect(last().lists[0]).toMatchObject({ present: false, list: { urlCount: 0 } });
  });

  it("shows a URL the service refused with its reason, at the list, and leaves it not present", async () => {
    const { controller, last } = picker({
      addUrlToList: async (_l, url) => ({ accepted: [], rejected: [{ url, code: 'invalid_url', message: 'The hostname must be a dotted domain name.' }], urlCount: 2 }),
    });
    await controller.open(PAGE);
    await controller.add(last().lists[0]!.list);
    expect(last().listErrors.cul_1).toEqual({ title: 'Address refused', message: 'The hostname must be a dotted domain name.' });
    expect(last().lists[0]!.present).toBe(false);
    expect(last().busy).toBeUndefined();
  });

  it('creates a list with the trimmed name, then adds the page to it', async () => {
    const { api, controller, last } = picker();
    await controller.open(PAGE);
    controller.setName('  Watch later ');
    await controller.create();
    expect(api.createUrlList).toHaveBeenCalledWith('Watch later');
    expect(last().lists.map((l) => [l.list.name, l.present])).toEqual([['Watch', false], ['Watch later', true]]);
    expect(last().name).toBe('');
    expect(last().said).toBe('Added this page to Watch later.');
  });

  it('says a name conflict or the list limit at the name field, keeping the name typed; an empty name is not sent', async () => {
    const create = vi.fn(async () => {
      throw httpError(409, 'url_list_name_conflict');
    });
    const { controller, last } = picker({ createUrlList: create });
    await controller.open(PAGE);
    await controller.create();
    expect(last().nameError).toBe('Enter a name for the list.');
    expect(create).not.toHaveBeenCalled();
    controller.setName('Watch');
    await controller.create();
    expect(last().nameError).toMatch(/^Name already used\. /);
    expect(last().name).toBe('Watch');
    create.mockRejectedValueOnce(httpError(409, 'url_list_limit_exceeded'));
    await controller.create();
    expect(last().nameError).toMatch(/^Too many lists\. .*Delete one in options/);
    expect(last().status).toBe('ready');
  });

  it('a failed add is said at its list and the picker stays usable; a list gone is no longer offered', async () => {
    const add = vi.fn(async (): Promise<never> => {
      throw new OctogenError({ kind: 'timeout', operation: 'addUrlToList', message: 'timed out' });
    });
    const { controller, last } = picker({
      urlListsForPage: async (url) => ({ url, lists: [{ list: list('cul_1', 'Watch'), present: false }, { list: list('cul_2', 'Gone'), present: false }] }),
      addUrlToList: add,
    });
    await controller.open(PAGE);
    await controller.add(last().lists[0]!.list);
    expect(last().listErrors.cul_1!.title).toBe('The service took too long');
    expect(last().busy).toBeUndefined();
    add.mockRejectedValueOnce(httpError(404, 'url_list_not_found'));
    await controller.add(last().lists[1]!.list);
    expect(last().lists.map((l) => l.list.name)).toEqual(['Watch']);
    expect(last().error?.detail).toBe('url_list_not_found');
    // Still usable: the add goes through on a second try.
    add.mockResolvedValueOnce(ok(PAGE, 1) as never);
    await controller.add(last().lists[0]!.list);
    expect(last().lists[0]!.present).toBe(true);
    expect(last().listErrors.cul_1).toBeUndefined();
  });

  it('a failed loading says why and can be retried; the answer of a closed picker is dropped', async () => {
    let fail = true;
    let release!: () => void;
    const { controller, last } = picker({
      urlListsForPage: async (url) => {
        if (fail) throw httpError(503, 'url_lists_unavailable');
        await new Promise<void>((r) => (release = r));
        return { url, lists: [] };
      },
    });
    await controller.open(PAGE);
    expect(last()).toMatchObject({ status: 'error', error: { detail: 'url_lists_unavailable' }, said: 'URL lists: URL lists unavailable.' });
    fail = false;
    const again = controller.retry();
    await Promise.resolve();
    controller.close();
    release();
    await again;
    expect(last().status).toBe('closed');
  });
});
