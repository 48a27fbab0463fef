/**
 * The popup and the options page in German (#27): Chromium started with `--lang=de` (headless, it picks the German
 * catalogue from the switch; `getUILanguage()` still says en-US, so numbers and dates follow the catalogue's
 * `meta.locale`, lib/locale.ts). Selecting by the German names is the proof that the accessible names are German.
 */
import { demoProduct, expect, test } from './fixtures';

test.use({ browserArgs: ['--lang=de'] });
// Several views and a search on a loaded machine.
test.slow();

test.describe('in German', () => {
  test('the popup: tabs, record, similar items, prices and counts in German', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = sandbox.demo.products.find((p) => p.catalogKey?.startsWith('hearth') && p.currentPrice != null && p.currentPrice >= 1000)
      ?? demoProduct(sandbox, 'jsonld');
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.locator('html')).toHaveAttribute('lang', /^de/);
    await expect(popup.getByRole('tablist', { name: 'Octolens-Ansichten' })).toBeVisible();
    await expect(popup.getByRole('tab', { name: 'Produkt' })).toHaveAttribute('aria-selected', 'true');
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    await expect(popup.getByRole('heading', { name: 'Ähnliche Artikel' })).toBeVisible();
    await expect(popup.getByRole('list', { name: 'Ähnliche Artikel' }).getByRole('listitem').first()).toBeVisible();
    await expect(popup.getByRole('button', { name: 'Als JSON kopieren' })).toBeVisible();
    await expect(popup.getByRole('button', { name: 'Zu URL-Liste hinzufügen' })).toBeVisible();
    await expect(popup.getByText('Katalog', { exact: true })).toBeVisible();
    // The record's price in German notation (decimal comma), with its currency.
    const price = await popup.locator('.record-price').first().innerText();
    expect(price).toMatch(/\d,\d{2}\s?(€|\$|£)|(€|\$|£)\s?\d+,\d{2}|\d,\d{2}\s?[A-Z]{3}/);
    // The live region announced the outcome in German.
    await expect(popup.getByRole('status').filter({ hasText: 'gefunden' })).toHaveCount(1);
    // No English left on the main view.
    const body = await popup.locator('body').innerText();
    for (const english of ['Similar items', 'Copy as JSON', 'Open product page', 'Add to URL list', 'Catalog\n']) expect(body).not.toContain(english);

    // Search: labels, placeholder and the result count in German.
    await popup.getByRole('tab', { name: 'Suche' }).click();
    const box = popup.getByRole('searchbox', { name: 'Produkte suchen' });
    await expect(box).toHaveAttribute('placeholder', 'z. B. Thermoflasche');
    await box.fill('kettle');
    await popup.getByRole('button', { name: 'Suchen', exact: true }).click();
    await expect(popup.locator("#panel-search p.muted").filter({ hasText: /\d+ Ergebnisse für .kettle./ })).toBeVisible();
    // Results carry no currency: an amount from a catalog whose currency no record told is marked as the catalog's own.
    await expect(popup.getByRole('list', { name: 'Suchergebnisse' }).getByText(/\d,\d{2} \(Katalogwährung\)/).first()).toBeVisible();
  });

  test('the options page: headings, fields, buttons and a validation message in German', async ({ ext }) => {
    const page = await ext.context.newPage();
    await page.goto(ext.optionsUrl);
    await expect(page).toHaveTitle('Octolens-Einstellungen');
    await expect(page.getByRole('heading', { name: 'Octolens-Einstellungen', level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Automatische Erkennung' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Datenschutz' })).toBeVisible();
    await expect(page.getByLabel('API-Basis-URL')).toBeVisible();
    await page.getByRole('button', { name: 'API-Schlüssel anzeigen', exact: true }).click();
    await expect(page.getByRole('button', { name: 'API-Schlüssel verbergen', exact: true })).toBeVisible();
    // Testing without a key says so, in German.
    await page.getByRole('button', { name: 'Verbindung testen' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Geben Sie zum Testen einen Schlüssel ein.' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Speichern' })).toBeVisible();
  });
});
