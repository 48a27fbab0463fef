/**
 * The keys, each bound to the base URL it is for, kept where no content script can reach them: the extension origin's
 * own IndexedDB. A content script runs in the page's origin, so it opens that page's databases, never this one (on
 * Chrome and Firefox alike); `storage.local`, by contrast, is open to content scripts by default. The base URL stored
 * with a key is the only place a client takes its destination from, so nothing written to `storage.local` can send a
 * key elsewhere. Never synced. Only the background reads or writes here (the options page asks it by message), so
 * the background keeps what it read in memory.
 *
 * Plain IndexedDB rather than a wrapper: what is needed is one read-check-write transaction over two records, a
 * connection that is opened again after the browser closed it, and nothing more (~100 lines, no dependency in the
 * service worker).
 */
import { browser } from 'wxt/browser';
import { OctogenError } from './octogen/errors';
import { DEFAULT_API_BASE_URL } from './octogen/urls';
import { settingsItem, type StoredSettings } from './storage';

/** Which API a credential is for: the Platform API, or the catalog agent API. */
export type CredentialName = 'platform' | 'agent';

/** A base URL and the key that may be sent there (none yet). */
export interface Credential {
  baseUrl: string;
  apiKey?: string;
}

export type Credentials = Partial<Record<CredentialName, Credential>>;

/** A key and base URL as the options page sends them, to save or to test. */
export interface KeyInput {
  baseUrl: string;
  /** A key the user entered for this URL; without one, the saved key stays. */
  apiKey?: string;
  /** The origin the user confirmed their saved key may now go to (needed when it is not the key's own origin). */
  keyConfirmedFor?: string;
}

const DB_NAME = 'octolens';
const DB_VERSION = 1;
/** `platform` and `agent` records. */
const CREDENTIALS = 'credentials';
/** Bookkeeping: whether the keys earlier versions kept in `storage.local` have been moved here. */
const META = 'meta';
const MIGRATED = 'migratedFromStorageLocal';
const NAMES: readonly CredentialName[] = ['platform', 'agent'];

/** `detail` of the error when the browser's storage refused a read or write. */
export const STORAGE_FAILED = 'storage_failed';

function storageError(operation: string, cause: unknown): OctogenError {
  if (cause instanceof OctogenError) return cause;
  return new OctogenError({ kind: 'config', operation, detail: STORAGE_FAILED, message: storageFailure(cause) });
}

/** Why the browser's storage failed, as a sentence (a DOMException's name says most: QuotaExceededError...). */
export function storageFailure(cause: unknown): string {
  if (cause instanceof OctogenError) return cause.message;
  const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : cause ? String(cause) : 'no reason given';
  return `The browser's extension storage failed: ${reason.replace(/\.$/, '')}.`;
}

let connection: Promise<IDBDatabase> | undefined;
let known: Promise<Credentials> | undefined;

/** The database, opened once and again after the browser closed it (or another context upgraded or deleted it). */
function open(operation: string): Promise<IDBDatabase> {
  connection ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available here');
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      for (const store of [CREDENTIALS, META]) if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
    };
    request.onsuccess = () => {
      const db = request.result;
      const forget = () => {
        connection = undefined;
        known = undefined;
      };
      db.onversionchange = () => {
        db.close();
        forget();
      };
      db.onclose = forget;
      resolve(db);
    };
    request.onerror = () => reject(request.error);
  }).catch((error: unknown) => {
    connection = undefined;
    throw storageError(operation, error);
  });
  return connection;
}

/**
 * One transaction over both stores. `run` issues its requests and returns a function that gives the result once the
 * transaction has committed; an error thrown in `run` (or in a callback it registered) aborts it, and nothing is written.
 */
async function transaction<T>(operation: string, mode: IDBTransactionMode, run: (tx: IDBTransaction, fail: (error: unknown) => void) => () => T): Promise<T> {
  const db = await open(operation);
  return new Promise<T>((resolve, reject) => {
    let failure: unknown;
    let tx: IDBTransaction;
    try {
      tx = db.transaction([CREDENTIALS, META], mode);
    } catch (error) {
      // Closed under us (InvalidStateError): the next call opens it again.
      connection = undefined;
      reject(storageError(operation, error));
      return;
    }
    const fail = (error: unknown) => {
      failure ??= error;
      try {
        tx.abort();
      } catch {
        // Already finished.
      }
    };
    let result: () => T = () => undefined as T;
    tx.oncomplete = () => resolve(result());
    tx.onabort = () => reject(storageError(operation, failure ?? tx.error));
    try {
      result = run(tx, fail);
    } catch (error) {
      fail(error);
    }
  });
}

/** Read `names` of the credentials store into `into`, each request's result as it comes. */
function readInto(tx: IDBTransaction, into: Credentials, then?: () => void): void {
  let pending = NAMES.length;
  for (const name of NAMES) {
    const request = tx.objectStore(CREDENTIALS).get(name);
    request.onsuccess = () => {
      const value = request.result as Credential | undefined;
      if (value && typeof value.baseUrl === 'string') into[name] = typeof value.apiKey === 'string' && value.apiKey ? { baseUrl: value.baseUrl, apiKey: value.apiKey } : { baseUrl: value.baseUrl };
      if (--pending === 0) then?.();
    };
  }
}

function writeAll(tx: IDBTransaction, next: Credentials): void {
  const store = tx.objectStore(CREDENTIALS);
  for (const name of NAMES) {
    const value = next[name];
    if (value) store.put(value.apiKey ? { baseUrl: value.baseUrl, apiKey: value.apiKey } : { baseUrl: value.baseUrl }, name);
    else store.delete(name);
  }
}

/** The saved credentials (from memory after the first read). */
export function readCredentials(): Promise<Credentials> {
  known ??= transaction('readCredentials', 'readonly', (tx) => {
    const out: Credentials = {};
    readInto(tx, out);
    return () => out;
  }).catch((error: unknown) => {
    known = undefined;
    throw error;
  });
  return known;
}

/**
 * Read, decide and write in one transaction: `change` gets what is saved and returns what to save (it may throw to
 * refuse: nothing is written then). Resolves with what was saved before and after.
 */
export async function updateCredentials(operation: string, change: (current: Credentials) => Credentials): Promise<{ before: Credentials; after: Credentials }> {
  known = undefined;
  const written = await transaction(operation, 'readwrite', (tx, fail) => {
    const before: Credentials = {};
    let after: Credentials = {};
    readInto(tx, before, () => {
      try {
        after = change(before);
        writeAll(tx, after);
      } catch (error) {
        fail(error);
      }
    });
    return () => ({ before, after });
  });
  known = Promise.resolve(written.after);
  return written;
}

// --- Other secrets: the sign-in's tokens and the sign-in under way (lib/auth/store.ts) -------------------------------

/** Names of the other secrets kept in the same store as the keys (never one of the credentials' own names). */
export type SecretName = 'oauth:session' | 'oauth:pending';

/** A secret kept beside the keys, out of content scripts' reach (undefined: none). */
export function readSecret<T>(name: SecretName): Promise<T | undefined> {
  return transaction(`read ${name}`, 'readonly', (tx) => {
    const request = tx.objectStore(CREDENTIALS).get(name);
    return () => request.result as T | undefined;
  });
}

/** Keep (or, with undefined, delete) a secret beside the keys; resolves once written. */
export function writeSecret<T>(name: SecretName, value: T | undefined): Promise<void> {
  return transaction(`write ${name}`, 'readwrite', (tx) => {
    if (value === undefined) tx.objectStore(CREDENTIALS).delete(name);
    else tx.objectStore(CREDENTIALS).put(value, name);
    return () => undefined;
  });
}

// --- Moving the keys out of storage.local ---------------------------------------------------------------------------

/** Where versions before this module kept the keys, in `storage.local`; the base URLs were in `local:settings`. */
const LEGACY_KEYS = ['apiKey', 'agentApiKey'] as const;

/**
 * Move the keys an earlier version kept in `storage.local` (each with the base URL of the settings) here, then delete
 * them there, with the base URLs. Written here first, with a mark that the move is done in the same transaction, and
 * deleted there after: cut short anywhere, nothing is lost, and the next start finishes the job. Once the mark is set,
 * keys that turn up in `storage.local` again are deleted, never taken (on Firefox a content script can still write
 * there). A credential already saved here wins over an old one.
 */
export async function migrateCredentials(): Promise<void> {
  const [legacy, settings] = await Promise.all([
    browser.storage.local.get([...LEGACY_KEYS]) as Promise<Partial<Record<(typeof LEGACY_KEYS)[number], unknown>>>,
    // (after the settings' own version migrations, which keep the base URLs)
    settingsItem.getValue() as Promise<StoredSettings & { baseUrl?: unknown; agent?: { baseUrl?: unknown } }>,
  ]);
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
  const found: Credentials = {};
  const platform = { apiKey: text(legacy.apiKey), baseUrl: text(settings.baseUrl) };
  if (platform.apiKey || platform.baseUrl) found.platform = { baseUrl: platform.baseUrl ?? DEFAULT_API_BASE_URL, apiKey: platform.apiKey };
  const agent = { apiKey: text(legacy.agentApiKey), baseUrl: text(settings.agent?.baseUrl) };
  if (agent.apiKey || agent.baseUrl) found.agent = { baseUrl: agent.baseUrl ?? '', apiKey: agent.apiKey };

  known = undefined;
  const saved = await transaction('migrateCredentials', 'readwrite', (tx, fail) => {
    // (requests complete in the order they were made: the mark is known when the credentials are)
    const mark = tx.objectStore(META).get(MIGRATED);
    const current: Credentials = {};
    let after = current;
    readInto(tx, current, () => {
      if (mark.result) return;
      try {
        after = { platform: current.platform ?? found.platform, agent: current.agent ?? found.agent };
        writeAll(tx, after);
        tx.objectStore(META).put(Date.now(), MIGRATED);
      } catch (error) {
        fail(error);
      }
    });
    return () => after;
  });
  // What the clients will read first, without another transaction.
  known ??= Promise.resolve(saved);
  // Then delete them there: the keys, and the base URLs in the settings (they decide nothing any more).
  if ('baseUrl' in settings || 'agent' in settings) {
    const { baseUrl: _baseUrl, agent: _agent, ...rest } = settings;
    await settingsItem.setValue(rest);
  }
  if (LEGACY_KEYS.some((name) => name in legacy)) await browser.storage.local.remove([...LEGACY_KEYS]);
}

/**
 * Defence in depth on Chrome: no content script may read or write `storage.local` at all (extension pages and the
 * service worker still may). Firefox offers this for `storage.session` only; there, the keys being elsewhere is what
 * protects them. Nothing of ours in a content script uses storage.
 */
export async function restrictStorageToExtension(): Promise<boolean> {
  const area = browser.storage.local as unknown as { setAccessLevel?: (options: { accessLevel: string }) => Promise<void> };
  if (typeof area.setAccessLevel !== 'function') return false;
  try {
    await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
    return true;
  } catch {
    return false;
  }
}

/** For tests: forget the open connection and what was read (the database itself stays). */
export function closeCredentials(): void {
  void connection?.then((db) => db.close()).catch(() => undefined);
  connection = undefined;
  known = undefined;
}
