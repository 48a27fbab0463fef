// @vitest-environment happy-dom
/**
 * The record's differences note (the audit's summary) and the Audit view, rendered: the note names what differs, the
 * Audit button discloses the table and provenance, announces the outcome, and Copy report says whether it copied.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProductRecord } from '../../../components/ProductRecord';
import type { Detection } from '../../../lib/detect/types';
import { LookupResponse } from '../../../lib/octogen/schemas';

const URL = 'https://shop.example/p/kettle';
const lookup = LookupResponse.parse({
  source: 'indexed',
  requestId: 'req_VIEW1',
  matchedVia: 'exact',
  requestedUrl: URL,
  normalizedUrl: URL,
  product: { uuid: 'u', productUrl: URL, title: 'Juno Kettle', currentPrice: 71.9, currency: 'EUR', inStock: true, identifiers: { gtin: '4006381333931' } },
});
const detection = (fields: Detection['fields']): Detection => ({ isProduct: true, signals: ['json-ld'], url: URL, fields, variants: [] });
const same = detection({ title: 'Juno Kettle', price: '71.90', currency: 'EUR', availability: 'InStock', gtin: '4006381333931' });
const stale = detection({ title: 'Juno Kettle', price: '79.09', currency: 'EUR', availability: 'OutOfStock', gtin: '4006381333931' });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the record’s differences note', () => {
  it('names each differing field with both values', async () => {
    render(<ProductRecord lookup={lookup} detection={stale} />);
    const note = await screen.findByRole('note', { name: 'Differences from the page' }, { timeout: 5000 });
    expect(note.textContent).toContain('Price: the page shows €79.09; the catalog has €71.90.');
    expect(note.textContent).toContain('Availability: the page shows Out of stock; the catalog has In stock.');
    expect(note.textContent).not.toContain('GTIN');
  });
  it('is absent when the page agrees, and without a page', async () => {
    render(<ProductRecord lookup={lookup} detection={same} />);
    // The note comes with the lazily loaded audit module: wait for it (the Audit view loads from it too).
    fireEvent.click(screen.getByRole('button', { name: 'Audit' }));
    await screen.findByRole('table', {}, { timeout: 5000 });
    expect(screen.queryByRole('note', { name: 'Differences from the page' })).toBeNull();
  });
});

describe('the Audit view', () => {
  it('opens from the record, announces its outcome, shows rows and provenance', { timeout: 20_000 }, async () => {
    const announce = vi.fn();
    render(<ProductRecord lookup={lookup} detection={stale} announce={announce} />);
    const button = screen.getByRole('button', { name: 'Audit' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('table')).toBeNull();
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const table = await screen.findByRole('table', {}, { timeout: 5000 });
    const price = within(table).getByRole('rowheader', { name: 'Price' }).closest('tr')!;
    expect(price.textContent).toBe('Price€79.09€71.90Different');
    expect(announce).toHaveBeenCalledWith('Audit: 2 different, 4 same, 0 only on the page, 0 only in the catalog.');
    const prov = screen.getByRole('region', { name: 'Provenance' });
    expect(prov.textContent).toContain('req_VIEW1');
    expect(prov.textContent).toContain('(exact)');
    fireEvent.click(button);
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('Copy report: "Copied" on success; on failure the reason, and the report selected to copy by hand', { timeout: 20_000 }, async () => {
    const writeText = vi.fn().mockResolvedValueOnce(undefined).mockRejectedValueOnce(new Error('Write permission denied.'));
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    render(<ProductRecord lookup={lookup} detection={stale} />);
    fireEvent.click(screen.getByRole('button', { name: 'Audit' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Copy report as JSON' }, { timeout: 5000 }));
    expect(await screen.findByText('Copied the report as JSON.', {}, { timeout: 5000 })).toBeTruthy();
    expect(JSON.parse(writeText.mock.calls[0]![0] as string).requestId).toBe('req_VIEW1');
    fireEvent.click(screen.getByRole('button', { name: 'Copy report as text' }));
    expect(await screen.findByText('Could not copy to the clipboard (Write permission denied.).', {}, { timeout: 5000 })).toBeTruthy();
    const fallback = (await screen.findByRole('textbox', { name: /The report, to copy yourself/ }, { timeout: 5000 })) as HTMLTextAreaElement;
    expect(fallback.value).toContain('Request ID: req_VIEW1');
    await waitFor(() => expect(document.activeElement).toBe(fallback));
  });
});
