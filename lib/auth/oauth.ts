/**
 * The OAuth 2.1 calls of signing in with Octogen, as pure functions over an injected `fetch`:
 * - discovery: the MCP server's protected-resource metadata (RFC 9728), then its authorization server's metadata
 *   (RFC 8414, with OpenID Connect discovery as the fallback);
 * - dynamic client registration of a public client (RFC 7591; no secret);
 * - the authorization request (PKCE S256, `state`, the `resource` indicator of RFC 8707), and reading its redirect;
 * - the token endpoint (code exchange, refresh) and revocation (RFC 7009);
 * - the id_token's claims, for display only.
 * Failures are `OctogenError`s (operation `signIn`, `refreshToken`, `signOut`) that never carry a token, a code or a
 * verifier: only status, the server's error code and its description.
 */
import { z } from 'zod';
import { OctogenError } from '../octogen/errors';
import { isLoopbackHost } from '../octogen/urls';
import { sameString } from './pkce';

/** The scope Octogen's MCP server documents. */
export const SCOPE = 'openid profile email offline_access';
/** Where Octogen's Catalog Partner MCP server is. */
export const DEFAULT_MCP_URL = 'https://mcp.octogen.ai/mcp';

/** Where Octogen's MCP server sends you to sign in (asked for with the MCP origin, in one prompt). */
export const DEFAULT_AUTH_ORIGIN = 'https://auth.octogen.ai';

/** The match pattern of an origin's host permission (ports are not part of match patterns). */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** What the client needs of an authorization server (RFC 8414 metadata, checked). */
export interface AuthServer {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  registrationEndpoint?: string;
  revocationEndpoint?: string;
}

/** The resource (RFC 9728) and the authorization server that protects it. */
export interface Discovery {
  resource: string;
  server: AuthServer;
}

/** The sign-in needs a host permission for the authorization server's origin first (asked for on the user's click). */
export class NeedsOrigin extends Error {
  constructor(readonly origin: string) {
    super(`Signing in needs access to ${origin}`);
    this.name = 'NeedsOrigin';
  }
}

/** `detail` of OAuth failures the options page names (the rest carry the server's `error` code). */
export const SIGN_IN_CANCELLED = 'sign_in_cancelled';
export const SIGN_IN_DENIED = 'access_denied';
export const STATE_MISMATCH = 'state_mismatch';
export const SIGN_IN_REQUIRED = 'sign_in_required';

type Fetch = typeof fetch;

const fail = (operation: string, data: Omit<ConstructorParameters<typeof OctogenError>[0], 'operation'>): never => {
  throw new OctogenError({ operation, ...data });
};

/** An endpoint URL a server gave us: absolute, HTTPS (plain HTTP on loopback only), no credentials or fragment. */
export function checkEndpoint(value: string, operation = 'signIn'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(operation, { kind: 'schema', path: 'metadata', message: `${operation}: an endpoint in the server's metadata is not a URL` });
  }
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!ok || url.username || url.password || url.hash) {
    fail(operation, { kind: 'schema', path: 'metadata', message: `${operation}: the server's metadata names an endpoint that is not HTTPS (${url.origin})` });
  }
  return url.href;
}

/** The MCP server URL the user typed: HTTPS, or plain HTTP on loopback only; no credentials, query or fragment. */
export function checkMcpUrl(input: string): { ok: true; url: string; origin: string } | { ok: false; problem: string } {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, problem: `Enter the MCP server URL, for example ${DEFAULT_MCP_URL}.` };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, problem: `That is not a complete URL; it should look like ${DEFAULT_MCP_URL}.` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return { ok: false, problem: 'The MCP server URL must start with https:// (plain http:// only for this machine: localhost, 127.0.0.1).' };
  }
  if (url.username || url.password) return { ok: false, problem: 'The MCP server URL must not contain a user name or password.' };
  if (url.search || url.hash) return { ok: false, problem: 'The MCP server URL must not have a query (?…) or a fragment (#…).' };
  return { ok: true, url: url.href, origin: url.origin };
}

async function getJson(fetchImpl: Fetch, url: string, operation: string): Promise<{ status: number; json: unknown }> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { Accept: 'application/json' }, credentials: 'omit', redirect: 'error', cache: 'no-store' });
  } catch {
    return fail(operation, { kind: 'network', message: `${operation}: could not reach ${new URL(url).origin}` });
  }
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

const ProtectedResource = z.looseObject({
  resource: z.string(),
  authorization_servers: z.array(z.string()).min(1),
});

const ServerMetadata = z.looseObject({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  registration_endpoint: z.string().optional(),
  revocation_endpoint: z.string().optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});

/** RFC 9728 §3.1: the well-known segment between the host and the resource's path; then the origin's own. */
export function protectedResourceMetadataUrls(mcpUrl: string): string[] {
  const url = new URL(mcpUrl);
  const path = url.pathname.replace(/\/$/, '');
  const root = `${url.origin}/.well-known/oauth-protected-resource`;
  return path ? [`${root}${path}`, root] : [root];
}

/** RFC 8414 §3.1 (well-known segment inserted before the issuer's path), then OpenID Connect discovery. */
export function serverMetadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  return path
    ? [
        `${url.origin}/.well-known/oauth-authorization-server${path}`,
        `${url.origin}/.well-known/openid-configuration${path}`,
        `${url.origin}${path}/.well-known/openid-configuration`,
      ]
    : [`${url.origin}/.well-known/oauth-authorization-server`, `${url.origin}/.well-known/openid-configuration`];
}

/** Whether `resource` (from the metadata) identifies the server at `mcpUrl`: the same origin, a prefix of its path. */
export function resourceCovers(resource: string, mcpUrl: string): boolean {
  try {
    const r = new URL(resource);
    const m = new URL(mcpUrl);
    if (r.origin !== m.origin || r.search || r.hash) return false;
    const base = r.pathname.replace(/\/$/, '');
    const path = m.pathname.replace(/\/$/, '');
    return base === '' || path === base || path.startsWith(`${base}/`);
  } catch {
    return false;
  }
}

/** The MCP server's resource and authorization server, read from their metadata. */
export async function discover(fetchImpl: Fetch, mcpUrl: string, canReach: (origin: string) => Promise<boolean> = async () => true): Promise<Discovery> {
  const operation = 'signIn';
  let prm: z.infer<typeof ProtectedResource> | undefined;
  for (const url of protectedResourceMetadataUrls(mcpUrl)) {
    const { status, json } = await getJson(fetchImpl, url, operation);
    if (status === 404) continue;
    if (status !== 200) fail(operation, { kind: 'http', status, message: `${operation}: the MCP server's metadata answered HTTP ${status}` });
    const parsed = ProtectedResource.safeParse(json);
    if (!parsed.success) return fail(operation, { kind: 'schema', path: 'oauth-protected-resource', message: `${operation}: the MCP server's metadata is not what RFC 9728 describes` });
    prm = parsed.data;
    break;
  }
  if (!prm) return fail(operation, { kind: 'http', status: 404, detail: 'no_oauth_metadata', message: `${operation}: ${new URL(mcpUrl).origin} publishes no OAuth metadata: is this an MCP server URL?` });
  // RFC 9728 §3.3: the metadata must be about the server we asked about.
  if (!resourceCovers(prm.resource, mcpUrl)) {
    fail(operation, { kind: 'schema', path: 'resource', message: `${operation}: the MCP server's metadata is for another resource (${safeOrigin(prm.resource)})` });
  }
  const issuer = checkEndpoint(prm.authorization_servers[0]!, operation).replace(/\/$/, '');
  // The authorization server may be elsewhere (auth.octogen.ai): the extension may call it only with the user's leave.
  const issuerOrigin = new URL(issuer).origin;
  if (!(await canReach(issuerOrigin))) throw new NeedsOrigin(issuerOrigin);
  for (const url of serverMetadataUrls(issuer)) {
    const { status, json } = await getJson(fetchImpl, url, operation);
    if (status === 404) continue;
    if (status !== 200) fail(operation, { kind: 'http', status, message: `${operation}: the authorization server's metadata answered HTTP ${status}` });
    const parsed = ServerMetadata.safeParse(json);
    if (!parsed.success) return fail(operation, { kind: 'schema', path: 'oauth-authorization-server', message: `${operation}: the authorization server's metadata is not what RFC 8414 describes` });
    const m = parsed.data;
    // RFC 8414 §3.3: the issuer must be the one we asked for.
    if (m.issuer.replace(/\/$/, '') !== issuer) fail(operation, { kind: 'schema', path: 'issuer', message: `${operation}: the authorization server's metadata names another issuer` });
    if (m.code_challenge_methods_supported && !m.code_challenge_methods_supported.includes('S256')) {
      fail(operation, { kind: 'schema', path: 'code_challenge_methods_supported', message: `${operation}: the authorization server does not offer PKCE with S256` });
    }
    return {
      resource: prm.resource,
      server: {
        issuer: m.issuer,
        authorizationEndpoint: checkEndpoint(m.authorization_endpoint, operation),
        tokenEndpoint: checkEndpoint(m.token_endpoint, operation),
        ...(m.registration_endpoint ? { registrationEndpoint: checkEndpoint(m.registration_endpoint, operation) } : {}),
        ...(m.revocation_endpoint ? { revocationEndpoint: checkEndpoint(m.revocation_endpoint, operation) } : {}),
      },
    };
  }
  return fail(operation, { kind: 'http', status: 404, detail: 'no_oauth_metadata', message: `${operation}: ${safeOrigin(issuer)} publishes no authorization-server metadata` });
}

function safeOrigin(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return 'an address that is not a URL';
  }
}

// --- Errors of the token, registration and revocation endpoints (RFC 6749 §5.2, RFC 7591 §3.2.2) ------------------

const OAuthErrorBody = z.looseObject({ error: z.string(), error_description: z.string().optional() });

async function postForm(fetchImpl: Fetch, url: string, form: Record<string, string | undefined>, operation: string, json = false) {
  const body = json ? JSON.stringify(form) : new URLSearchParams(Object.entries(form).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
      body,
      credentials: 'omit',
      redirect: 'error',
      cache: 'no-store',
    });
  } catch {
    return fail(operation, { kind: 'network', message: `${operation}: could not reach ${new URL(url).origin}` });
  }
  const text = await response.text().catch(() => '');
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = OAuthErrorBody.safeParse(parsed);
    const code = error.success ? error.data.error.slice(0, 64) : undefined;
    const description = error.success && error.data.error_description ? `: ${error.data.error_description.slice(0, 200)}` : '';
    fail(operation, { kind: 'http', status: response.status, ...(code ? { detail: code } : {}), message: `${operation}: HTTP ${response.status}${code ? ` ${code}` : ''}${description}` });
  }
  return parsed;
}

// --- Dynamic client registration (RFC 7591) ------------------------------------------------------------------------

const Registration = z.looseObject({ client_id: z.string().min(1) });

/** Register Octolens as a public client (no secret) for one redirect URL; answers its client_id. */
export async function registerClient(fetchImpl: Fetch, server: AuthServer, redirectUri: string): Promise<string> {
  const operation = 'signIn';
  if (!server.registrationEndpoint) {
    fail(operation, { kind: 'config', detail: 'no_registration', message: 'This authorization server does not let Octolens register itself (no registration endpoint).' });
  }
  const answer = await postForm(
    fetchImpl,
    server.registrationEndpoint!,
    {
      client_name: 'Octolens',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      scope: SCOPE,
    } as unknown as Record<string, string>,
    operation,
    true,
  );
  const parsed = Registration.safeParse(answer);
  if (!parsed.success) return fail(operation, { kind: 'schema', path: 'client_id', message: `${operation}: the registration answer has no client_id` });
  return parsed.data.client_id;
}

// --- The authorization request and its redirect ------------------------------------------------------------------

export interface AuthorizeParams {
  server: AuthServer;
  clientId: string;
  redirectUri: string;
  challenge: string;
  state: string;
  resource: string;
}

export function authorizeUrl({ server, clientId, redirectUri, challenge, state, resource }: AuthorizeParams): string {
  const url = new URL(server.authorizationEndpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    resource,
    scope: SCOPE,
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}

/**
 * The authorization code from the redirect the browser caught, after checking it: the redirect URL we registered, the
 * `state` we sent (RFC 6749 §10.12), and no `error`. `access_denied` (the user pressed Deny) is its own detail.
 */
export function readRedirect(redirectUrl: string, expected: { redirectUri: string; state: string }): string {
  const operation = 'signIn';
  let url: URL;
  try {
    url = new URL(redirectUrl);
  } catch {
    return fail(operation, { kind: 'schema', path: 'redirect', message: 'signIn: the sign-in page came back to an address that is not a URL' });
  }
  const base = new URL(expected.redirectUri);
  if (url.origin !== base.origin || url.pathname !== base.pathname) {
    fail(operation, { kind: 'schema', path: 'redirect', message: 'signIn: the sign-in page came back to another address than Octolens registered' });
  }
  // Query, or (response_mode=fragment servers) the fragment.
  const params = url.search.length > 1 ? url.searchParams : new URLSearchParams(url.hash.slice(1));
  const state = params.get('state');
  if (state === null || !sameString(state, expected.state)) {
    fail(operation, { kind: 'config', detail: STATE_MISMATCH, message: 'The sign-in answer did not belong to this sign-in (its state did not match), so it was ignored. Sign in again.' });
  }
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    fail(operation, {
      kind: 'config',
      detail: error === 'access_denied' ? SIGN_IN_DENIED : error.slice(0, 64),
      message:
        error === 'access_denied'
          ? 'Sign-in was denied: Octolens was not given access. Your previous connection is unchanged.'
          : `The authorization server refused the sign-in (${error.slice(0, 64)}${description ? `: ${description.slice(0, 200)}` : ''}).`,
    });
  }
  const code = params.get('code');
  if (!code) return fail(operation, { kind: 'schema', path: 'code', message: 'signIn: the sign-in answer has no authorization code' });
  return code;
}

// --- The token endpoint --------------------------------------------------------------------------------------------

const TokenAnswer = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().refine((value) => value.toLowerCase() === 'bearer', 'not a Bearer token'),
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
});
export type TokenAnswer = z.infer<typeof TokenAnswer>;

function tokenAnswer(operation: string, answer: unknown): TokenAnswer {
  const parsed = TokenAnswer.safeParse(answer);
  if (!parsed.success) return fail(operation, { kind: 'schema', path: 'token', message: `${operation}: the token endpoint's answer is not an OAuth token answer` });
  return parsed.data;
}

export async function exchangeCode(
  fetchImpl: Fetch,
  request: { tokenEndpoint: string; code: string; redirectUri: string; clientId: string; verifier: string; resource: string },
): Promise<TokenAnswer> {
  const answer = await postForm(
    fetchImpl,
    request.tokenEndpoint,
    {
      grant_type: 'authorization_code',
      code: request.code,
      redirect_uri: request.redirectUri,
      client_id: request.clientId,
      code_verifier: request.verifier,
      resource: request.resource,
    },
    'signIn',
  );
  return tokenAnswer('signIn', answer);
}

export async function refreshGrant(
  fetchImpl: Fetch,
  request: { tokenEndpoint: string; refreshToken: string; clientId: string; resource: string },
): Promise<TokenAnswer> {
  const answer = await postForm(
    fetchImpl,
    request.tokenEndpoint,
    { grant_type: 'refresh_token', refresh_token: request.refreshToken, client_id: request.clientId, resource: request.resource },
    'refreshToken',
  );
  return tokenAnswer('refreshToken', answer);
}

/** RFC 7009: revoke a token (the server answers 200 whether or not it knew it). */
export async function revokeToken(
  fetchImpl: Fetch,
  request: { revocationEndpoint: string; token: string; hint: 'refresh_token' | 'access_token'; clientId: string },
): Promise<void> {
  await postForm(fetchImpl, request.revocationEndpoint, { token: request.token, token_type_hint: request.hint, client_id: request.clientId }, 'signOut');
}

// --- The id_token's claims (display only) ----------------------------------------------------------------------------

/** Who is signed in, as the id_token says: for display only. */
export interface Account {
  email?: string;
  name?: string;
  orgId?: string;
  orgName?: string;
}

const Claims = z.looseObject({
  iss: z.string().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  email: z.string().optional(),
  name: z.string().optional(),
  org_id: z.string().optional(),
  org_name: z.string().optional(),
});

/**
 * The display claims of an id_token, read without verifying its signature: it came straight from the token endpoint
 * over TLS (OpenID Connect Core §3.1.3.7), and nothing is decided on it but what the options page shows. Claims for
 * another issuer or client are ignored.
 */
export function readIdToken(idToken: string | undefined, expected: { issuer: string; clientId: string }): Account {
  if (!idToken) return {};
  const payload = idToken.split('.')[1];
  if (!payload) return {};
  let claims: z.infer<typeof Claims>;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const parsed = Claims.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    if (!parsed.success) return {};
    claims = parsed.data;
  } catch {
    return {};
  }
  if (claims.iss !== undefined && claims.iss.replace(/\/$/, '') !== expected.issuer.replace(/\/$/, '')) return {};
  const audience = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
  if (audience.length && !audience.includes(expected.clientId)) return {};
  const clip = (value: string | undefined) => (value ? value.slice(0, 200) : undefined);
  const account: Account = {};
  if (claims.email) account.email = clip(claims.email);
  if (claims.name) account.name = clip(claims.name);
  if (claims.org_id) account.orgId = clip(claims.org_id);
  if (claims.org_name) account.orgName = clip(claims.org_name);
  return account;
}
