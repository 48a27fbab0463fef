/**
 * Where a sign-in's state lives: the tokens and the sign-ins under way with the keys, in the extension origin's own
 * IndexedDB (lib/credentials.ts: never synced, out of content scripts' reach, read only by the background); the
 * registered client ids, which are public, in `storage.local` (bounded).
 */
import { storage } from 'wxt/utils/storage';
import { readSecret, writeSecret, type SecretName } from '../credentials';
import type { ClientRegistry } from './flow';
import type { PendingSignIn, SignInSession, Slot } from './session';

function secretSlot<T>(name: SecretName): Slot<T> {
  return { get: () => readSecret<T>(name), set: (value) => writeSecret(name, value) };
}

export const sessionSlot = (): Slot<SignInSession> => secretSlot<SignInSession>('oauth:session');
export const pendingSlot = (): Slot<PendingSignIn[]> => secretSlot<PendingSignIn[]>('oauth:pending');

/** At most this many registrations are remembered (one per authorization server and redirect URL). */
export const MAX_REGISTRATIONS = 8;

const registrationsItem = storage.defineItem<{ key: string; clientId: string }[]>('local:oauthClients', { fallback: [] });

const keyOf = (issuer: string, redirectUri: string) => `${issuer} ${redirectUri}`;

/** Client ids by authorization server and redirect URL, newest last, bounded. */
export const clientRegistry: ClientRegistry = {
  async get(issuer, redirectUri) {
    const key = keyOf(issuer, redirectUri);
    return (await registrationsItem.getValue()).find((r) => r.key === key)?.clientId;
  },
  async set(issuer, redirectUri, clientId) {
    const key = keyOf(issuer, redirectUri);
    const rest = (await registrationsItem.getValue()).filter((r) => r.key !== key);
    await registrationsItem.setValue((clientId ? [...rest, { key, clientId }] : rest).slice(-MAX_REGISTRATIONS));
  },
};
