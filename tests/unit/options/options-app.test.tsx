// @vitest-environment happy-dom
/**
 * The options page with the real background behind it (WXT's fake browser, an in-memory IndexedDB): Save ends with a
 * message whatever fails, and keeps what was typed; a saved key is sent to a new origin only once the user ticked
 * the confirmation for that origin.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '../../../components/options/OptionsApp';
import { startBackground } from '../../../lib/background';
import { readCredentials } from '../../../lib/credentials';
import { FIXTURE } from '../helpers/background';
import { resetCredentials, saveKey } from '../helpers/credentials';

vi.mock('../../../lib/platform', () => import('../helpers/platform-mock'));

const { KEY, BASE, detection } = FIXTURE;
const NEW_KEY = 'octo_live_fedcba9876543210fedcba9876543210_bmV3LXNlY3JldA';

/** Messages from the options page reach the background as from the options page (the fake browser names no sender). */
function routeMessages() {
  const sender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
  return vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: unknown) => {
    const answers = await fakeBrowser.runtime.onMessage.trigger(message, sender);
    return answers.find((a: unknown) => a !== undefined);
  }) as typeof fakeBrowser.runtime.sendMessage);
}

const keyField = () => screen.getByLabelText('API key') as HTMLInputElement;
const urlField = () => screen.getByLabelText('API base URL') as HTMLInputElement;
const saveStatus = () => screen.getByRole('status', { name: 'Save status' });
const type = (field: HTMLInputElement, value: string) => fireEvent.change(field, { target: { value } });

beforeEach(async () => {
  fakeBrowser.reset();
  resetCredentials();
  await saveKey(KEY, BASE);
  routeMessages();
  startBackground({ fetch: vi.fn(async () => new Response('{}', { status: 500 })) as unknown as typeof fetch, inject: async () => ({ result: detection }) });
});

afterEach(() => cleanup());

async function openOptions() {
  render(<OptionsApp />);
  // (the saved settings shown)
  await waitFor(() => expect(keyField().placeholder).toContain('Saved: octo_live_0123456789'));
}

describe('options page: Save', () => {
  it('a storage write that fails ends "Saving…" with what happened, and keeps the fields as typed', async () => {
    await openOptions();
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    type(keyField(), NEW_KEY);
    type(urlField(), 'https://eu.api.octogen.ai/v1');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert', {}, { timeout: 3000 });
    expect(alert.textContent).toMatch(/^Nothing was saved/);
    expect(alert.textContent).toContain('QUOTA_BYTES quota exceeded');
    expect(alert.textContent).toContain('Save again');
    expect(saveStatus().textContent).not.toContain('Saving');
    // What was typed is still there (the key too: it was not saved).
    expect(keyField().value).toBe(NEW_KEY);
    expect(urlField().value).toBe('https://eu.api.octogen.ai/v1');
    // And nothing was lost or half-saved; once the browser stores again, Save saves it all and clears the key field.
    vi.mocked(fakeBrowser.storage.local.set).mockRestore();
    expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: BASE } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saveStatus().textContent).toContain('Saved. Key octo_live_fedcba9876… is stored in this browser only.'));
    expect(keyField().value).toBe('');
    expect(await readCredentials()).toEqual({ platform: { apiKey: NEW_KEY, baseUrl: 'https://eu.api.octogen.ai/v1' } });
  });

  it('a background that does not answer ends "Saving…" too, with the fields kept', async () => {
    await openOptions();
    vi.mocked(fakeBrowser.runtime.sendMessage).mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    type(keyField(), NEW_KEY);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert', {}, { timeout: 3000 });
    expect(alert.textContent).toContain('did not answer');
    expect(alert.textContent).toContain('Save again');
    expect(saveStatus().textContent).not.toContain('Saving');
    expect(keyField().value).toBe(NEW_KEY);
  });
});

describe('options page: a saved key and a new origin', () => {
  it('asks for a confirmation for that origin, and Save and Test connection honour it', async () => {
    await openOptions();
    const sent = vi.mocked(fakeBrowser.runtime.sendMessage);
    expect(screen.queryByRole('checkbox', { name: /Use my saved key/ })).toBeNull();
    type(urlField(), 'https://other.example/v1');
    const confirm = screen.getByRole('checkbox', { name: 'Use my saved key (octo_live_0123456789…) with https://other.example' }) as HTMLInputElement;
    expect(confirm.checked).toBe(false);

    sent.mockClear();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^Nothing was saved: your saved key \(octo_live_0123456789…\) is for another address\. To use it with https:\/\/other\.example/);
    expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: BASE } });

    // Test connection without it: the background refuses.
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Connection status' }).parentElement!.textContent).toContain('is for https://api.octogen.ai'));
    const tested = sent.mock.calls.map(([m]) => m as { type: string; data: { keyConfirmedFor?: string } }).filter((m) => m.type === 'testConnection');
    expect(tested.map((m) => m.data.keyConfirmedFor)).toEqual([undefined]);

    fireEvent.click(confirm);
    expect(confirm.checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saveStatus().textContent).toContain('Saved.'));
    expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: 'https://other.example/v1' } });
    // Saved for that origin now: nothing left to confirm.
    expect(screen.queryByRole('checkbox', { name: /Use my saved key/ })).toBeNull();
  });

  it('a confirmation is for one origin: editing the URL to another one asks again; typing a key needs none', async () => {
    await openOptions();
    type(urlField(), 'https://other.example/v1');
    fireEvent.click(screen.getByRole('checkbox', { name: /with https:\/\/other\.example$/ }));
    type(urlField(), 'https://third.example/v1');
    expect((screen.getByRole('checkbox', { name: /with https:\/\/third\.example$/ }) as HTMLInputElement).checked).toBe(false);
    type(keyField(), NEW_KEY);
    expect(screen.queryByRole('checkbox', { name: /Use my saved key/ })).toBeNull();
  });
});
