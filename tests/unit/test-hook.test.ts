/**
 * The sandbox build's test hook (lib/background/test-hook.ts): which addresses open which of the extension's pages.
 * (That the store build lacks it: tests/package/packages.test.ts.)
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { hookedPage, startTestHook } from '../../lib/background/test-hook';

describe('test hook', () => {
  beforeEach(() => fakeBrowser.reset());

  it('opens the options page, the popup for a tab and the side panel, asked from loopback', () => {
    expect(hookedPage('http://127.0.0.1:4100/__octolens/open?page=options.html')).toBe('options.html');
    expect(hookedPage('http://localhost:9/__octolens/open?page=popup.html%3Ftab%3D12')).toBe('popup.html?tab=12');
    expect(hookedPage('http://[::1]:9/__octolens/open?page=sidepanel.html')).toBe('sidepanel.html');
  });

  it('ignores every other address, page and parameter', () => {
    for (const address of [
      'https://127.0.0.1/__octolens/open?page=options.html',
      'http://shop.example/__octolens/open?page=options.html',
      'http://127.0.0.1/other?page=options.html',
      'http://127.0.0.1/__octolens/open?page=background.js',
      'http://127.0.0.1/__octolens/open?page=https://evil.example/',
      'http://127.0.0.1/__octolens/open',
      'not a url',
    ]) {
      expect(hookedPage(address), address).toBeUndefined();
    }
    // Only a numeric tab id passes through.
    expect(hookedPage('http://127.0.0.1/__octolens/open?page=popup.html%3Ftab%3D1%26x%3D2')).toBe('popup.html?tab=1');
    expect(hookedPage('http://127.0.0.1/__octolens/open?page=popup.html%3Ftab%3Dabc')).toBe('popup.html');
  });

  it('a tab sent to a hook address makes the extension open that page in a new tab', async () => {
    const stop = startTestHook();
    const opener = await fakeBrowser.tabs.create({ url: 'about:blank' });
    await fakeBrowser.tabs.update(opener.id!, { url: 'http://127.0.0.1:4100/__octolens/open?page=popup.html%3Ftab%3D7' });
    await expect.poll(async () => (await fakeBrowser.tabs.query({})).map((t) => t.url)).toContain('chrome-extension://test-extension-id/popup.html?tab=7');
    stop();
    await fakeBrowser.tabs.update(opener.id!, { url: 'http://127.0.0.1:4100/__octolens/open?page=options.html' });
    expect((await fakeBrowser.tabs.query({})).map((t) => t.url)).not.toContain('chrome-extension://test-extension-id/options.html');
  });
});
