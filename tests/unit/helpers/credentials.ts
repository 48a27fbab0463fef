/**
 * The saved keys in the background's unit tests: an in-memory IndexedDB (fake-indexeddb) for lib/credentials.ts, new
 * for each test, and the key saved with the base URL it is for, as the options page's Save does.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { closeCredentials, updateCredentials, type CredentialName } from '../../../lib/credentials';
import { FIXTURE } from './background';

/** A new, empty IndexedDB (the module's connection to the previous one is dropped). */
export function resetCredentials(): void {
  closeCredentials();
  globalThis.indexedDB = new IDBFactory();
}

/** Save `apiKey` for `baseUrl` (FIXTURE's by default), or no key (null), as Save would. */
export async function saveKey(apiKey: string | null, baseUrl: string = FIXTURE.BASE, which: CredentialName = 'platform'): Promise<void> {
  await updateCredentials('test', (current) => ({ ...current, [which]: apiKey ? { baseUrl, apiKey } : { baseUrl } }));
}

/** Remove the saved key (its base URL stays), as Remove key does. */
export async function removeKey(which: CredentialName = 'platform'): Promise<void> {
  await updateCredentials('test', (current) => ({ ...current, [which]: current[which] && { baseUrl: current[which].baseUrl } }));
}
