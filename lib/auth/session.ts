/** What a sign-in keeps, and where: plain data, kept with the keys (lib/credentials.ts), never synced or shown. */
import type { Account, AuthServer } from './oauth';

/** A signed-in connection to one MCP server: its tokens, and who they are for. */
export interface SignInSession {
  /** The MCP server these tokens are for: they are sent nowhere else. */
  mcpUrl: string;
  /** The resource indicator (RFC 8707) the tokens are bound to. */
  resource: string;
  issuer: string;
  tokenEndpoint: string;
  revocationEndpoint?: string;
  clientId: string;
  accessToken?: string;
  /** Epoch ms. */
  accessExpiresAt?: number;
  /** How long the access token was issued for (ms): the refresh margin is at most a quarter of it. */
  accessLifetimeMs?: number;
  refreshToken?: string;
  account: Account;
  signedInAt: number;
  refreshedAt?: number;
  /** Set when the tokens stopped working (refresh refused, or still refused after a refresh): sign in again. */
  ended?: 'refresh_failed' | 'rejected';
}

/** A sign-in under way: what finishing it needs, kept until its redirect comes back (or it expires). */
export interface PendingSignIn {
  state: string;
  verifier: string;
  mcpUrl: string;
  resource: string;
  server: AuthServer;
  clientId: string;
  redirectUri: string;
  createdAt: number;
}

/** One stored value, read and written whole. */
export interface Slot<T> {
  get(): Promise<T | undefined>;
  set(value: T | undefined): Promise<void>;
}

/** A slot in memory (tests). */
export function memorySlot<T>(initial?: T): Slot<T> & { value: T | undefined } {
  const slot = {
    value: initial,
    get: async () => (slot.value === undefined ? undefined : structuredClone(slot.value)),
    set: async (value: T | undefined) => {
      slot.value = value === undefined ? undefined : structuredClone(value);
    },
  };
  return slot;
}

/** What the options page may see of a sign-in: never a token. */
export interface SignInView {
  mcpUrl: string;
  /** signed-out: no sign-in for this MCP server; ended: it stopped working, sign in again. */
  status: 'signed-out' | 'signed-in' | 'ended';
  account?: Account;
  /** Epoch ms when the access token expires (it is refreshed before). */
  accessExpiresAt?: number;
  /** Whether a refresh token is kept (the connection renews itself). */
  renews?: boolean;
  signedInAt?: number;
  refreshedAt?: number;
  /** Whether a Platform API key is saved too (it then serves what sign-in does not cover). */
  hasKey?: boolean;
}

export function viewOf(session: SignInSession | undefined, mcpUrl: string): SignInView {
  if (!session || session.mcpUrl !== mcpUrl) return { mcpUrl, status: 'signed-out' };
  return {
    mcpUrl,
    status: session.ended || !session.accessToken ? 'ended' : 'signed-in',
    account: session.account,
    ...(session.accessExpiresAt !== undefined ? { accessExpiresAt: session.accessExpiresAt } : {}),
    renews: Boolean(session.refreshToken),
    signedInAt: session.signedInAt,
    ...(session.refreshedAt !== undefined ? { refreshedAt: session.refreshedAt } : {}),
  };
}
