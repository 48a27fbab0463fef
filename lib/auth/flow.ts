/**
 * Signing in, in two halves around the browser's web-auth window:
 * - `begin`: discovery, the client's registration (kept per authorization server and redirect URL), a new PKCE
 *   verifier and state, kept as a pending sign-in (with the keys, out of content scripts' reach), and the authorize URL;
 * - `finish`: the redirect the window caught, checked against a pending sign-in's state, exchanged with its verifier.
 * Between them nothing lives in memory, so a service worker that stopped mid-flow finishes it all the same. A sign-in
 * that fails, is denied or cancelled leaves the previous one as it was: the new one replaces it only once it has tokens.
 */
import { OctogenError } from '../octogen/errors';
import { authorizeUrl, discover, NeedsOrigin, exchangeCode, readIdToken, readRedirect, registerClient, STATE_MISMATCH, type AuthServer, type Discovery } from './oauth';
import { challengeS256, createState, createVerifier } from './pkce';
import type { PendingSignIn, SignInSession, Slot } from './session';
import { lifetimeOf } from './tokens';

export { NeedsOrigin };

/** A pending sign-in is good this long (the user reads the page, perhaps signs in to Octogen first). */
export const PENDING_TTL_MS = 10 * 60_000;
/** At most this many sign-ins under way are kept (several clicks on Sign in). */
export const MAX_PENDING = 3;

/** Registered client ids, by authorization server and redirect URL (public: no secret). */
export interface ClientRegistry {
  get(issuer: string, redirectUri: string): Promise<string | undefined>;
  set(issuer: string, redirectUri: string, clientId: string | undefined): Promise<void>;
}

export interface FlowDeps {
  fetch: typeof fetch;
  now: () => number;
  pending: Slot<PendingSignIn[]>;
  clients: ClientRegistry;
  /** Whether the extension may call this origin (a host permission); discovery stops before one it may not. */
  canReach?: (origin: string) => Promise<boolean>;
}

async function livePending(deps: FlowDeps): Promise<PendingSignIn[]> {
  const now = deps.now();
  return ((await deps.pending.get()) ?? []).filter((p) => p.createdAt <= now && now - p.createdAt < PENDING_TTL_MS);
}

/** Start a sign-in to the MCP server at `mcpUrl`: answers the URL to open in the web-auth window. */
export async function beginSignIn(deps: FlowDeps, mcpUrl: string, redirectUri: string): Promise<{ authorizeUrl: string; discovery: Discovery }> {
  const reach = deps.canReach ?? (async () => true);
  const discovery = await discover(deps.fetch, mcpUrl, reach);
  const { server, resource } = discovery;
  for (const endpoint of [server.authorizationEndpoint, server.tokenEndpoint, server.registrationEndpoint]) {
    // (the authorize page opens in the browser's own window: no permission needed; the rest are our calls)
    if (endpoint && endpoint !== server.authorizationEndpoint && !(await reach(new URL(endpoint).origin))) throw new NeedsOrigin(new URL(endpoint).origin);
  }
  const clientId = (await deps.clients.get(server.issuer, redirectUri)) ?? (await register(deps, server, redirectUri));
  const verifier = createVerifier();
  const state = createState();
  const challenge = await challengeS256(verifier);
  const pending: PendingSignIn = { state, verifier, mcpUrl, resource, server, clientId, redirectUri, createdAt: deps.now() };
  await deps.pending.set([...(await livePending(deps)), pending].slice(-MAX_PENDING));
  return { authorizeUrl: authorizeUrl({ server, clientId, redirectUri, challenge, state, resource }), discovery };
}

async function register(deps: FlowDeps, server: AuthServer, redirectUri: string): Promise<string> {
  const clientId = await registerClient(deps.fetch, server, redirectUri);
  await deps.clients.set(server.issuer, redirectUri, clientId);
  return clientId;
}

/** The state a redirect carries (query or fragment), or undefined. */
function stateOf(redirectUrl: string): string | undefined {
  try {
    const url = new URL(redirectUrl);
    return (url.search.length > 1 ? url.searchParams : new URLSearchParams(url.hash.slice(1))).get('state') ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finish a sign-in with the redirect the web-auth window caught: its pending sign-in (by state; single use), the code
 * checked and exchanged with that sign-in's verifier. Answers the new sign-in; the caller keeps it.
 */
export async function finishSignIn(deps: FlowDeps, redirectUrl: string): Promise<SignInSession> {
  const all = await livePending(deps);
  const state = stateOf(redirectUrl);
  const pending = state === undefined ? undefined : all.find((p) => p.state === state);
  if (!pending) {
    throw new OctogenError({
      kind: 'config',
      operation: 'signIn',
      detail: STATE_MISMATCH,
      message: 'This sign-in answer does not belong to a sign-in under way (it may have taken over 10 minutes), so it was ignored. Sign in again.',
    });
  }
  // Single use, whatever happens next.
  await deps.pending.set(all.filter((p) => p !== pending));
  const code = readRedirect(redirectUrl, pending);
  let tokens;
  try {
    tokens = await exchangeCode(deps.fetch, {
      tokenEndpoint: pending.server.tokenEndpoint,
      code,
      redirectUri: pending.redirectUri,
      clientId: pending.clientId,
      verifier: pending.verifier,
      resource: pending.resource,
    });
  } catch (error) {
    // The server no longer knows our registration: register afresh next time.
    if (error instanceof OctogenError && error.detail === 'invalid_client') await deps.clients.set(pending.server.issuer, pending.redirectUri, undefined);
    throw error;
  }
  const now = deps.now();
  return {
    mcpUrl: pending.mcpUrl,
    resource: pending.resource,
    issuer: pending.server.issuer,
    tokenEndpoint: pending.server.tokenEndpoint,
    ...(pending.server.revocationEndpoint ? { revocationEndpoint: pending.server.revocationEndpoint } : {}),
    clientId: pending.clientId,
    accessToken: tokens.access_token,
    accessExpiresAt: now + lifetimeOf(tokens.expires_in),
    accessLifetimeMs: lifetimeOf(tokens.expires_in),
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    account: readIdToken(tokens.id_token, { issuer: pending.server.issuer, clientId: pending.clientId }),
    signedInAt: now,
  };
}

/** Forget the sign-ins under way (the window was closed, or the user gave up). */
export async function cancelSignIn(deps: Pick<FlowDeps, 'pending'>): Promise<void> {
  await deps.pending.set(undefined);
}
