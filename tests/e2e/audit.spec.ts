/**
 * The catalog audit (issue 25), in real Chromium: a demo page whose price, availability and GTIN differ from its
 * catalog record (`?audit=stale`, sandbox/demo/README.md) shows those rows as different with both values; the same
 * page as indexed shows them the same; provenance shows source, matchedVia and the requestId; Copy report puts the
 * audit on the clipboard (read back here), and a clipboard that refuses leaves the report in view to copy by hand.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { ProductView } from '../../lib/octogen/schemas';
import { jsonLdFlavour, staleProduct } from '../../sandbox/demo/pages';
import { DEMO_API_KEY } from '../../sandbox/server';
import { expect, test } from './fixtures';

/** A JSON-LD demo product with a plain Product block (price, availability and GTIN at its top level). */
function auditedProduct(sandbox: { demo: { products: ProductView[]; pageKind(url: string): string | undefined } }): ProductView {
  return sandbox.demo.products.find((p) => sandbox.demo.pageKind(p.productUrl) === 'jsonld' && jsonLdFlavour(p) === 'product' && p.identifiers?.gtin)!;
}

/** A price as the popup formats it (the browser's locale). */
const money = (popup: Page, amount: number, currency: string) =>
  popup.evaluate(([a, c]) => new Intl.NumberFormat(undefined, { style: 'currency', currency: c as string }).format(a as number), [amount, currency] as const);

const row = (popup: Page, label: string) => popup.getByRole('row').filter({ has: popup.getByRole('rowheader', { name: label, exact: true }) });

async function expectRow(popup: Page, label: string, page: string, catalog: string, result: string) {
  const cells = row(popup, label).getByRole('cell');
  await expect(cells.nth(0)).toHaveText(page);
  await expect(cells.nth(1)).toHaveText(catalog);
  await expect(cells.nth(2)).toContainText(result);
}

async function openAudit(popup: Page, title: string) {
  await expect(popup.getByRole('heading', { name: title, exact: true })).toBeVisible();
  const button = popup.getByRole('button', { name: 'Audit', exact: true });
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(popup.getByRole('region', { name: 'Audit' })).toBeVisible();
}

test.describe('the catalog audit', () => {
  test('a page whose price, availability and GTIN differ from its record: those rows are different, with both values; provenance; axe-clean', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = auditedProduct(sandbox);
    const stale = staleProduct(product);
    const { tabId } = await ext.openPage(`${product.productUrl}?audit=stale`);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();

    const pagePrice = await money(popup, stale.currentPrice!, product.currency!);
    const catalogPrice = await money(popup, product.currentPrice!, product.currency!);
    const stock = (inStock: boolean | null | undefined) => (inStock ? 'In stock' : 'Out of stock');
    // The record's differences note is the audit's summary.
    const note = popup.getByRole('note', { name: 'Differences from the page' });
    await expect(note).toContainText(`Price: the page shows ${pagePrice}; the catalog has ${catalogPrice}.`);
    await expect(note).toContainText(`Availability: the page shows ${stock(stale.inStock)}; the catalog has ${stock(product.inStock)}.`);
    await expect(note).toContainText(`GTIN: the page shows ${stale.identifiers!.gtin}; the catalog has ${product.identifiers!.gtin}.`);

    await openAudit(popup, product.title!);
    await expectRow(popup, 'Price', pagePrice, catalogPrice, 'Different');
    await expectRow(popup, 'Availability', stock(stale.inStock), stock(product.inStock), 'Different');
    await expectRow(popup, 'GTIN', stale.identifiers!.gtin!, product.identifiers!.gtin!, 'Different');
    await expectRow(popup, 'Title', product.title!, product.title!, 'Same');
    await expectRow(popup, 'Currency', product.currency!, product.currency!, 'Same');
    await expect(row(popup, 'MPN').getByRole('cell').nth(2)).toHaveText('On neither');
    // The opened view is announced.
    await expect(popup.getByRole('status').filter({ hasText: /^Audit: 3 different, \d+ same/ })).toHaveCount(1);

    // Provenance: what the service answered this lookup (asked again here for its matchedVia; requestIds are per request).
    const sent = sandbox.journal.list().find((e) => e.path === '/v1/products/lookup')!.body as { url: string };
    const answer = (await (
      await fetch(`${sandbox.baseUrl}/products/lookup`, { method: 'POST', headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ url: sent.url }) })
    ).json()) as { matchedVia: string; normalizedUrl: string };
    const provenance = popup.getByRole('region', { name: 'Provenance' });
    await expect(provenance).toContainText('SourceIndexed: from your catalog’s index');
    await expect(provenance).toContainText(`(${answer.matchedVia})`);
    await expect(provenance).toContainText(`Normalized URL${answer.normalizedUrl}`);
    await expect(provenance).toContainText(`Requested URL${sent.url}`);
    await expect(provenance).toContainText('Record updated');
    const requestId = (await provenance.locator('dd.mono').last().textContent())!;
    expect(requestId).toMatch(/^req_[0-9A-Z]+$/);

    expect(await new AxeBuilder({ page: popup }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze().then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`))).toEqual([]);
  });

  test('the same page as indexed: price, availability and GTIN are the same; no differences note', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = auditedProduct(sandbox);
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await openAudit(popup, product.title!);
    const price = await money(popup, product.currentPrice!, product.currency!);
    await expectRow(popup, 'Price', price, price, 'Same');
    const stock = product.inStock ? 'In stock' : 'Out of stock';
    await expectRow(popup, 'Availability', stock, stock, 'Same');
    await expectRow(popup, 'GTIN', product.identifiers!.gtin!, product.identifiers!.gtin!, 'Same');
    await expect(row(popup, 'URL').getByRole('cell').nth(2)).toHaveText('Same');
    await expect(popup.getByRole('note', { name: 'Differences from the page' })).toHaveCount(0);
  });

  test('Copy report: the text and the JSON carry each differing field and the requestId; a refused clipboard keeps the report in view', async ({ ext, sandbox }) => {
    await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await ext.configure();
    const product = auditedProduct(sandbox);
    const stale = staleProduct(product);
    const { tabId } = await ext.openPage(`${product.productUrl}?audit=stale`);
    const popup = await ext.openPopup(tabId);
    await openAudit(popup, product.title!);
    const requestId = (await popup.getByRole('region', { name: 'Provenance' }).locator('dd.mono').last().textContent())!;
    expect(requestId).toMatch(/^req_/);
    const pagePrice = await money(popup, stale.currentPrice!, product.currency!);
    const catalogPrice = await money(popup, product.currentPrice!, product.currency!);

    await popup.getByRole('button', { name: 'Copy report as text' }).click();
    await expect(popup.getByRole('status').filter({ hasText: 'Copied the report as text.' })).toBeVisible();
    const text = await popup.evaluate(() => navigator.clipboard.readText());
    expect(text).toContain(`Request ID: ${requestId}`);
    expect(text).toContain(`Price: Different\n    page:    ${pagePrice}\n    catalog: ${catalogPrice}`);
    expect(text).toMatch(/Availability: Different\n {4}page: {4}(In|Out of) stock\n {4}catalog: (In|Out of) stock/);
    expect(text).toContain(`GTIN: Different\n    page:    ${stale.identifiers!.gtin}\n    catalog: ${product.identifiers!.gtin}`);
    expect(text).not.toContain('octo_live');

    await popup.getByRole('button', { name: 'Copy report as JSON' }).click();
    await expect(popup.getByRole('status').filter({ hasText: 'Copied the report as JSON.' })).toBeVisible();
    const json = JSON.parse(await popup.evaluate(() => navigator.clipboard.readText())) as { requestId: string; fields: { field: string; state: string; page: string; catalog: string }[] };
    expect(json.requestId).toBe(requestId);
    expect(json.fields.filter((f) => f.state === 'different').map((f) => f.field)).toEqual(['price', 'availability', 'gtin']);
    expect(json.fields.find((f) => f.field === 'gtin')).toMatchObject({ page: stale.identifiers!.gtin, catalog: product.identifiers!.gtin });

    // The clipboard refuses: the user is told, and the report is there to copy by hand, selected.
    await popup.evaluate(() => {
      Object.defineProperty(navigator.clipboard, 'writeText', { value: () => Promise.reject(new DOMException('Document is not focused.', 'NotAllowedError')) });
    });
    await popup.getByRole('button', { name: 'Copy report as text' }).click();
    await expect(popup.getByRole('status').filter({ hasText: 'Could not copy to the clipboard (Document is not focused.).' })).toBeVisible();
    const fallback = popup.getByRole('textbox', { name: /The report, to copy yourself/ });
    await expect(fallback).toBeFocused();
    expect(await fallback.inputValue()).toContain(`Request ID: ${requestId}`);
  });
});
