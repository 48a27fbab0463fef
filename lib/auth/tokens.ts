/**
 * The token manager: the access token for a call, refreshed before it expires (a margin) and once after a 401, one
 * refresh at a time (single-flight: two lookups at expiry refresh once; a refresh token is never sent twice, which a
 * rotating server would take for theft). Rotated refresh tokens are written before the new access token is used. When
 * the server refuses the refresh, or still refuses the call after one, the sign-in has ended: `signInRequired`.
 */
import { OctogenError } from '../octogen/errors';
import { refreshGrant, SIGN_IN_REQUIRED } from './oauth';
import type { SignInSession, Slot } from './session';

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 30_000;
/** When the token endpoint gives no expires_in. */
export const DEFAULT_TOKEN_TTL_MS = 300_000;

/** An access token's lifetime in ms, from the token endpoint's expires_in (seconds). */
export function lifetimeOf(expiresIn: number | undefined): number {
  return expiresIn !== undefined ? expiresIn * 1000 : DEFAULT_TOKEN_TTL_MS;
}

export function signInRequired(operation: string): OctogenError {
  return new OctogenError({
    kind: 'http',
    operation,
    status: 401,
    detail: SIGN_IN_REQUIRED,
    message: `${operation}: the Octogen sign-in has ended; sign in again in Octolens options`,
  });
}

export interface TokenManagerDeps {
  slot: Slot<SignInSession>;
  fetch: typeof fetch;
  now: () => number;
  marginMs?: number;
}

export class TokenManager {
  private refreshing: Promise<SignInSession> | undefined;
  private known: Promise<SignInSession | undefined> | undefined;

  constructor(private readonly deps: TokenManagerDeps) {}

  /** The kept sign-in (read once, then from memory). */
  session(): Promise<SignInSession | undefined> {
    this.known ??= this.deps.slot.get().catch((error: unknown) => {
      this.known = undefined;
      throw error;
    });
    return this.known;
  }

  /** Keep a new sign-in (or none), replacing the previous one. */
  async save(session: SignInSession | undefined): Promise<void> {
    await this.deps.slot.set(session);
    this.known = Promise.resolve(session);
  }

  /** The sign-in usable for `mcpUrl`, or the error that asks to sign in. */
  private async usable(mcpUrl: string, operation: string): Promise<SignInSession> {
    const session = await this.session();
    if (!session || session.mcpUrl !== mcpUrl || session.ended || !session.accessToken) throw signInRequired(operation);
    return session;
  }

  /** Whether the access token has more than the margin left (at most a quarter of its lifetime: short tokens too). */
  private fresh(session: SignInSession): boolean {
    if (session.accessExpiresAt === undefined) return true;
    const margin = Math.min(this.deps.marginMs ?? REFRESH_MARGIN_MS, (session.accessLifetimeMs ?? Infinity) / 4);
    return session.accessExpiresAt - margin > this.deps.now();
  }

  /** The access token to send to `mcpUrl` now: refreshed first when it is about to expire. */
  async accessToken(mcpUrl: string, operation: string): Promise<string> {
    const session = await this.usable(mcpUrl, operation);
    if (this.fresh(session)) return session.accessToken!;
    return (await this.refresh(mcpUrl, session.accessToken!, operation)).accessToken!;
  }

  /**
   * After a 401 (with WWW-Authenticate) for `used`: a new access token, refreshed once. When another call refreshed
   * already, its token is answered without refreshing again.
   */
  async renew(mcpUrl: string, used: string, operation: string): Promise<string> {
    return (await this.refresh(mcpUrl, used, operation, true)).accessToken!;
  }

  /** The server still refused a renewed token: the sign-in has ended (kept for display, without its tokens). */
  async reject(operation: string): Promise<never> {
    const session = await this.session();
    if (session) await this.save({ ...session, accessToken: undefined, refreshToken: undefined, ended: 'rejected' });
    throw signInRequired(operation);
  }

  private refresh(mcpUrl: string, seen: string, operation: string, force = false): Promise<SignInSession> {
    this.refreshing ??= this.refreshOnce(mcpUrl, seen, operation, force).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshOnce(mcpUrl: string, seen: string, operation: string, force: boolean): Promise<SignInSession> {
    const session = await this.usable(mcpUrl, operation);
    // Someone refreshed since `seen` was read: use theirs.
    if (session.accessToken !== seen && (force || this.fresh(session))) return session;
    if (!session.refreshToken) {
      await this.save({ ...session, accessToken: undefined, ended: 'refresh_failed' });
      throw signInRequired(operation);
    }
    let answer;
    try {
      answer = await refreshGrant(this.deps.fetch, {
        tokenEndpoint: session.tokenEndpoint,
        refreshToken: session.refreshToken,
        clientId: session.clientId,
        resource: session.resource,
      });
    } catch (error) {
      // Refused (invalid_grant: expired, revoked, or reused): sign in again. Not reached, timed out: keep the sign-in.
      if (error instanceof OctogenError && error.kind === 'http' && error.status !== undefined && error.status < 500) {
        await this.save({ ...session, accessToken: undefined, refreshToken: undefined, ended: 'refresh_failed' });
        throw signInRequired(operation);
      }
      throw error instanceof OctogenError ? new OctogenError({ ...error.data, operation }) : error;
    }
    const now = this.deps.now();
    const next: SignInSession = {
      ...session,
      accessToken: answer.access_token,
      accessExpiresAt: now + lifetimeOf(answer.expires_in),
      accessLifetimeMs: lifetimeOf(answer.expires_in),
      // Rotation: the new refresh token replaces the old one (which no longer works); kept before anything uses it.
      refreshToken: answer.refresh_token ?? session.refreshToken,
      refreshedAt: now,
    };
    await this.save(next);
    return next;
  }
}
