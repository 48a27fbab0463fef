// @vitest-environment happy-dom
/**
 * Reading a page for "Look up from this page": the injected function reads the HTML and address together and lets
 * nothing but the size out of a page over 5 MiB (UTF-8 bytes, not characters); what it answers is checked again.
 */
import { describe, expect, it } from 'vitest';
import { checkCaptured, PAGE_HTML_MAX_BYTES, readPageSource } from '../../lib/page-capture';

describe('page capture', () => {
  it('reads the HTML and the address at once', () => {
    document.body.innerHTML = '<h1>Trail Bottle</h1>';
    const read = readPageSource(PAGE_HTML_MAX_BYTES);
    expect(read.html).toContain('<h1>Trail Bottle</h1>');
    expect(read.html?.startsWith('<html')).toBe(true);
    expect(read.url).toBe(location.href);
    expect(read.bytes).toBe(new TextEncoder().encode(read.html!).byteLength);
  });

  it('counts UTF-8 bytes: a page under the cap in characters but over it in bytes leaves only its size', () => {
    document.body.textContent = 'é'.repeat(600);
    const chars = document.documentElement.outerHTML.length;
    const read = readPageSource(chars + 100);
    expect(read.html).toBeUndefined();
    expect(read.bytes).toBeGreaterThan(chars + 100);
    expect(readPageSource(chars + 700).html).toBeDefined();
  });

  it('checks what the page answered: an address, a string, and the size counted again', () => {
    expect(() => checkCaptured(undefined)).toThrow(/no web address/);
    expect(() => checkCaptured({ url: 'javascript:alert(1)', html: 'x' })).toThrow(/no web address/);
    const url = 'https://shop.example/p';
    expect(checkCaptured({ url, html: '<p>é</p>', bytes: 1 }, 'doc')).toEqual({ url, html: '<p>é</p>', bytes: 9, documentId: 'doc' });
    // A page that lies about its size is measured; a huge one is not sent.
    const huge = 'a'.repeat(PAGE_HTML_MAX_BYTES + 1);
    expect(checkCaptured({ url, html: huge, bytes: 10 }).html).toBeUndefined();
    const multi = 'é'.repeat(PAGE_HTML_MAX_BYTES / 2 + 1);
    expect(checkCaptured({ url, html: multi, bytes: 10 }).html).toBeUndefined();
    // Over the cap with no size or a silly one: still over it.
    expect(checkCaptured({ url, bytes: 'big' }).bytes).toBeGreaterThan(PAGE_HTML_MAX_BYTES);
    expect(checkCaptured({ url, bytes: 3 }).bytes).toBeGreaterThan(PAGE_HTML_MAX_BYTES);
  });
});
