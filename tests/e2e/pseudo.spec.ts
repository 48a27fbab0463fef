/**
 * The popup in the pseudo-locale (#27; the build of `npm run build:pseudo`, every message accented, lengthened and
 * between ⟦ ⟧): no visible text and no accessible name that did not come through `t` (text from the catalog or the
 * page excepted: it is marked `dir="auto"`, `<bdi>`, `.mono`, or an Intl `<time>`), and no clipped or overlapping
 * control at the popup's 400 × 600.
 */
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { demoProduct, expect, test } from './fixtures';

test.use({ extensionDir: resolve(import.meta.dirname, '../../.output/chrome-mv3-sandbox-pseudo') });

/** Visible text nodes and accessible names written without the pseudo-locale's marks. */
async function untranslated(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const marked = (text: string) => /[⟦⟧]/.test(text);
    const words = (text: string) => /\p{L}{2,}/u.test(text);
    const data = (el: Element | null) => !!el?.closest('[dir="auto"], bdi, .mono, time, .visually-hidden-data');
    const visible = (el: Element) => (el as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) ?? true;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const parent = node.parentElement;
      if (!parent || !words(text) || marked(text) || data(parent) || ['SCRIPT', 'STYLE'].includes(parent.tagName)) continue;
      // Visually hidden text is heard: it counts as long as its element is rendered.
      if (!visible(parent) && !parent.closest('.visually-hidden')) continue;
      found.push(`text: ${text.trim()}`);
    }
    for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      if (!visible(el) || el.tagName === 'IMG') continue; // an image's alt is the product's title (data)
      for (const attribute of ['aria-label', 'title', 'placeholder']) {
        const value = el.getAttribute(attribute);
        if (value && words(value) && !marked(value)) found.push(`${attribute}: ${value}`);
      }
    }
    return found;
  });
}

/** Controls whose text does not fit (scrollWidth > clientWidth), reach past the popup's edge, or overlap another. */
async function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const controls = [...document.querySelectorAll<HTMLElement>('button, a.button, [role="tab"], label, summary, legend, .badge, h1, h2, select, input')].filter(
      (el) => el.checkVisibility?.() ?? true,
    );
    const width = document.documentElement.clientWidth;
    for (const el of controls) {
      const name = `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)}"`;
      if (el.scrollWidth > el.clientWidth + 1) found.push(`clipped: ${name} (${el.scrollWidth} > ${el.clientWidth})`);
      const box = el.getBoundingClientRect();
      if (box.right > width + 1) found.push(`past the edge: ${name} (${Math.round(box.right)} > ${width})`);
    }
    const boxes = controls.filter((el) => el.matches('button, a.button, [role="tab"]')).map((el) => ({ el, box: el.getBoundingClientRect() }));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
        const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
        if (x > 1 && y > 1) found.push(`overlap: "${a.el.textContent?.trim().slice(0, 30)}" and "${b.el.textContent?.trim().slice(0, 30)}"`);
      }
    }
    if (document.documentElement.scrollWidth > width + 1) found.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${width})`);
    return found;
  });
}

test.describe('pseudo-locale', () => {
  test('the popup: record, similar items, search and Ask say everything through the catalogue, and nothing clips at 400 × 600', async ({ ext, sandbox }) => {
    await ext.configure({ agent: true });
    const product = demoProduct(sandbox, 'jsonld');
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await popup.setViewportSize({ width: 400, height: 600 });
    // The record (its title is data, shown as it is), then the similar items.
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    const tabs = popup.getByRole('tab');
    await expect(popup.locator('ul.cards li').first()).toBeVisible();
    await expect(popup.getByRole('tab', { name: /⟦Þŕöďüçţ/ })).toBeVisible();
    expect(await untranslated(popup)).toEqual([]);
    expect(await clipped(popup)).toEqual([]);
    // Search, with results (prices without a known currency are marked as the catalog's own).
    await tabs.nth(1).click();
    await popup.getByRole('searchbox').fill('kettle');
    await popup.getByRole('searchbox').press('Enter');
    await expect(popup.locator('#panel-search ul.cards li').first()).toBeVisible();
    expect(await untranslated(popup)).toEqual([]);
    expect(await clipped(popup)).toEqual([]);
    // Ask, as it opens.
    await tabs.nth(2).click();
    await expect(popup.getByRole('log')).toBeVisible();
    expect(await untranslated(popup)).toEqual([]);
    expect(await clipped(popup)).toEqual([]);
  });

  test('the check finds what is not translated and what clips (it can fail)', async ({ ext }) => {
    const page = await ext.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.setContent(
      '<div style="width:400px"><p>⟦Ţŕáñšĺáţéď ··⟧</p><p dir="auto">A product title</p><p>Forgotten English</p>' +
        '<button aria-label="Close it">⟦x⟧</button><button style="width:40px;white-space:nowrap;overflow:hidden">⟦Á ĺöñğ ĺáƀéĺ ············⟧</button></div>',
    );
    expect(await untranslated(page)).toEqual(['text: Forgotten English', 'aria-label: Close it']);
    expect((await clipped(page)).some((line) => line.startsWith('clipped: button'))).toBe(true);
  });
});
