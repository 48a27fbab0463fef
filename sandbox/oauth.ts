/**
 * The sandbox's OAuth 2.1 authorization server for the Catalog Partner MCP server (`/partner/mcp`), as Octogen's
 * (WorkOS AuthKit) is described: protected-resource metadata (RFC 9728), authorization-server metadata (RFC 8414),
 * dynamic client registration of public clients (RFC 7591), the authorization-code grant with PKCE S256 (RFC 7636) and
 * the `resource` indicator (RFC 8707), an id_token (HS256), rotating refresh tokens with reuse detection, and
 * revocation (RFC 7009). Everything lives in memory, bounded; the clock is the sandbox's (`SandboxOptions.now`).
 *
 * There is one account (DEMO_ACCOUNT) in one organisation (the demo catalog partner); the authorize page stands for
 * the real sign-in: it names the client, the account and the organisation, with an Allow and a Deny button.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { JournalEntry } from './hooks';
import { maskFields } from './hooks';

export const PARTNER_MCP_PATH = '/partner/mcp';
export const TOKEN_TTL_SECONDS_DEFAULT = 300;
/** Authorization codes are single-use and live 60 s. */
export const CODE_TTL_MS = 60_000;
/** How long the authorize page's Allow/Deny stays answerable. */
const PENDING_TTL_MS = 10 * 60_000;
export const OAUTH_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

export interface Organization {
  id: string;
  name: string;
  type: string;
}

export const DEMO_ACCOUNT = {
  sub: 'user_01JD8Q5M3ZP7K2W9X4R6T1V0NB',
  email: 'dana.demo@demo-catalog-partner.example',
  name: 'Dana Demo',
} as const;

export interface OAuthClient {
  client_id: string;
  client_id_issued_at: number;
  client_name?: string;
  client_uri?: string;
  redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  token_endpoint_auth_method: 'none';
  scope?: string;
}

interface Pending {
  clientId: string;
  redirectUri: string;
  state?: string;
  challenge: string;
  resource: string;
  scope: string;
  nonce?: string;
  expiresAt: number;
}

interface Code extends Omit<Pending, 'state'> {
  used: boolean;
  /** The grant the code was exchanged for (revoked if the code is presented again). */
  grantId?: string;
}

export interface Grant {
  id: string;
  clientId: string;
  resource: string;
  scope: string;
  organization: Organization;
  account: { sub: string; email: string; name: string };
  /** The one refresh token that works now; each refresh replaces it. */
  refreshToken: string;
  nonce?: string;
  revoked: boolean;
}

interface AccessToken {
  grantId: string;
  audience: string;
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; grant: Grant; audience: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'wrong_audience' };

type OAuthError = { error: string; error_description: string };

/** A Map that forgets its oldest entries past `cap` (the sandbox's state is bounded). */
export class Bounded<K, V> extends Map<K, V> {
  constructor(private readonly cap: number) {
    super();
  }
  override set(key: K, value: V): this {
    super.set(key, value);
    while (this.size > this.cap) this.delete(this.keys().next().value as K);
    return this;
  }
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const opaque = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;
/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a redirect URI is refused: https, or plain http on loopback only; absolute, no fragment. */
export function redirectUriProblem(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return 'a redirect URI must be a non-empty string of at most 2048 characters';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${JSON.stringify(raw)} is not an absolute URL`;
  }
  if (url.hash || raw.includes('#')) return 'a redirect URI must not have a fragment';
  if (url.username || url.password) return 'a redirect URI must not carry credentials';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return undefined;
  return `${JSON.stringify(raw)} must use https (plain http only on loopback: 127.0.0.1, localhost, [::1])`;
}

export interface OAuthOptions {
  origin: string;
  organization: Organization;
  tokenTtlSeconds?: number;
  now?: () => number;
}

export class OAuthServer {
  readonly origin: string;
  /** The Catalog Partner MCP server: the only resource, and every access token's audience. */
  readonly resource: string;
  /** Access-token lifetime; tests and e2e fixtures may change it on a running sandbox. */
  tokenTtlSeconds: number;
  private readonly now: () => number;
  private readonly secret = randomBytes(32);
  private readonly clients = new Bounded<string, OAuthClient>(1000);
  private readonly pending = new Bounded<string, Pending>(1000);
  private readonly codes = new Bounded<string, Code>(1000);
  private readonly grants = new Bounded<string, Grant>(10_000);
  /** Refresh token → grant id, for the current and every rotated-away refresh token. */
  private readonly refreshTokens = new Bounded<string, string>(50_000);
  private readonly accessTokens = new Bounded<string, AccessToken>(50_000);

  constructor(private readonly options: OAuthOptions) {
    this.origin = options.origin.replace(/\/+$/, '');
    this.resource = `${this.origin}${PARTNER_MCP_PATH}`;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? TOKEN_TTL_SECONDS_DEFAULT;
    this.now = options.now ?? Date.now;
  }

  get resourceMetadataUrl(): string {
    return `${this.origin}/.well-known/oauth-protected-resource${PARTNER_MCP_PATH}`;
  }

  protectedResourceMetadata() {
    return {
      resource: this.resource,
      authorization_servers: [this.origin],
      scopes_supported: [...OAUTH_SCOPES],
      bearer_methods_supported: ['header'],
      resource_name: 'Octogen Catalog Partner MCP (sandbox)',
    };
  }

  authorizationServerMetadata() {
    return {
      issuer: this.origin,
      authorization_endpoint: `${this.origin}/oauth2/authorize`,
      token_endpoint: `${this.origin}/oauth2/token`,
      registration_endpoint: `${this.origin}/oauth2/register`,
      revocation_endpoint: `${this.origin}/oauth2/revoke`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      revocation_endpoint_auth_methods_supported: ['none'],
      scopes_supported: [...OAUTH_SCOPES],
    };
  }

  // --- Registration (RFC 7591) -----------------------------------------------------------------------------------

  register(body: unknown): { status: 201; client: OAuthClient } | { status: 400; error: OAuthError } {
    const refuse = (error: string, description: string) => ({ status: 400 as const, error: { error, error_description: description } });
    if (!body || typeof body !== 'object' || Array.isArray(body)) return refuse('invalid_client_metadata', 'The body must be a JSON object of client metadata.');
    const m = body as Record<string, unknown>;
    if (!Array.isArray(m.redirect_uris) || m.redirect_uris.length === 0 || m.redirect_uris.length > 10) {
      return refuse('invalid_redirect_uri', 'redirect_uris must be an array of 1 to 10 URIs.');
    }
    for (const uri of m.redirect_uris) {
      const problem = redirectUriProblem(uri);
      if (problem) return refuse('invalid_redirect_uri', problem);
    }
    const method = m.token_endpoint_auth_method ?? 'none';
    if (method !== 'none') {
      return refuse('invalid_client_metadata', `token_endpoint_auth_method must be "none": only public clients (no secret) are registered, not ${JSON.stringify(method)}.`);
    }
    const grantTypes = m.grant_types ?? ['authorization_code', 'refresh_token'];
    if (!Array.isArray(grantTypes) || grantTypes.length === 0 || grantTypes.some((g) => g !== 'authorization_code' && g !== 'refresh_token')) {
      return refuse('invalid_client_metadata', 'grant_types may only hold "authorization_code" and "refresh_token".');
    }
    const responseTypes = m.response_types ?? ['code'];
    if (!Array.isArray(responseTypes) || responseTypes.length !== 1 || responseTypes[0] !== 'code') {
      return refuse('invalid_client_metadata', 'response_types must be ["code"].');
    }
    for (const field of ['client_name', 'client_uri', 'scope'] as const) {
      const value = m[field];
      if (value !== undefined && (typeof value !== 'string' || value.length > 500)) return refuse('invalid_client_metadata', `${field} must be a string of at most 500 characters.`);
    }
    if (typeof m.scope === 'string' && this.unknownScope(m.scope)) return refuse('invalid_client_metadata', `Unknown scope "${this.unknownScope(m.scope)}".`);
    const client: OAuthClient = {
      client_id: `client_${randomBytes(12).toString('hex')}`,
      client_id_issued_at: Math.floor(this.now() / 1000),
      ...(typeof m.client_name === 'string' ? { client_name: m.client_name } : {}),
      ...(typeof m.client_uri === 'string' ? { client_uri: m.client_uri } : {}),
      redirect_uris: [...(m.redirect_uris as string[])],
      grant_types: [...(grantTypes as string[])],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      ...(typeof m.scope === 'string' ? { scope: m.scope } : {}),
    };
    this.clients.set(client.client_id, client);
    return { status: 201, client };
  }

  client(clientId: string | undefined | null): OAuthClient | undefined {
    return clientId ? this.clients.get(clientId) : undefined;
  }

  // --- Authorization -------------------------------------------------------------------------------------------

  /**
   * Check an authorization request. Errors about the client or its redirect URI are shown to the user (never
   * redirected: the redirect URI is not trusted yet); the rest are redirected to the client.
   */
  authorize(query: Record<string, string>):
    | { kind: 'page'; requestId: string; client: OAuthClient; pending: Pending }
    | { kind: 'error_page'; message: string }
    | { kind: 'redirect'; location: string } {
    const client = this.client(query.client_id);
    if (!client) return { kind: 'error_page', message: query.client_id ? 'This application is not registered (unknown client_id).' : 'The request names no client_id.' };
    const redirectUri = query.redirect_uri ?? (client.redirect_uris.length === 1 ? client.redirect_uris[0] : undefined);
    if (!redirectUri) return { kind: 'error_page', message: 'The request names no redirect_uri and the application registered several.' };
    if (!client.redirect_uris.includes(redirectUri)) return { kind: 'error_page', message: 'The redirect_uri is not one the application registered.' };
    const fail = (error: string, description: string) => ({ kind: 'redirect' as const, location: this.redirect(redirectUri, { error, error_description: description, state: query.state }) });
    if (query.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be "code".');
    if (!query.code_challenge) return fail('invalid_request', 'PKCE is required: code_challenge is missing.');
    if (query.code_challenge_method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256.');
    if (!/^[A-Za-z0-9_-]{43}$/.test(query.code_challenge)) return fail('invalid_request', 'code_challenge must be the base64url SHA-256 of the verifier (43 characters).');
    if (!query.resource) return fail('invalid_target', `The resource parameter is required (RFC 8707): ${this.resource}.`);
    if (query.resource.replace(/\/+$/, '') !== this.resource) return fail('invalid_target', `Unknown resource; this server issues tokens for ${this.resource}.`);
    const scope = query.scope?.trim() || client.scope || OAUTH_SCOPES.join(' ');
    const unknown = this.unknownScope(scope);
    if (unknown) return fail('invalid_scope', `Unknown scope "${unknown}".`);
    const pending: Pending = {
      clientId: client.client_id,
      redirectUri,
      state: query.state,
      challenge: query.code_challenge,
      resource: this.resource,
      scope,
      nonce: query.nonce,
      expiresAt: this.now() + PENDING_TTL_MS,
    };
    const requestId = randomUUID();
    this.pending.set(requestId, pending);
    return { kind: 'page', requestId, client, pending };
  }

  /** The user's answer on the authorize page: the redirect back to the client, or undefined for an unknown request. */
  decide(requestId: string | undefined, allow: boolean): string | undefined {
    const pending = requestId ? this.pending.get(requestId) : undefined;
    if (!pending || pending.expiresAt <= this.now()) return undefined;
    this.pending.delete(requestId!);
    if (!allow) return this.redirect(pending.redirectUri, { error: 'access_denied', error_description: 'The user denied the request.', state: pending.state });
    const code = opaque('oac');
    const { state: _state, ...bound } = pending;
    this.codes.set(code, { ...bound, expiresAt: this.now() + CODE_TTL_MS, used: false });
    return this.redirect(pending.redirectUri, { code, state: pending.state });
  }

  private redirect(redirectUri: string, params: Record<string, string | undefined>): string {
    const url = new URL(redirectUri);
    for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
    return url.href;
  }

  private unknownScope(scope: string): string | undefined {
    return scope.split(/\s+/).find((s) => s && !(OAUTH_SCOPES as readonly string[]).includes(s));
  }

  // --- Token endpoint --------------------------------------------------------------------------------------------

  token(form: URLSearchParams): { status: 200; body: Record<string, unknown> } | { status: 400; body: OAuthError } {
    const refuse = (error: string, description: string) => ({ status: 400 as const, body: { error, error_description: description } });
    for (const name of new Set(form.keys())) {
      if (form.getAll(name).length > 1) return refuse('invalid_request', `The parameter ${name} was sent more than once.`);
    }
    const grantType = form.get('grant_type');
    if (!grantType) return refuse('invalid_request', 'grant_type is required.');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') return refuse('unsupported_grant_type', `grant_type ${JSON.stringify(grantType)} is not supported.`);
    const clientId = form.get('client_id');
    const client = this.client(clientId);
    if (grantType === 'authorization_code') {
      if (!clientId) return refuse('invalid_request', 'client_id is required.');
      if (!client) return refuse('invalid_client', 'Unknown client_id.');
      const codeValue = form.get('code');
      const verifier = form.get('code_verifier');
      if (!codeValue) return refuse('invalid_request', 'code is required.');
      if (!verifier) return refuse('invalid_request', 'code_verifier is required (PKCE).');
      if (!VERIFIER.test(verifier)) return refuse('invalid_request', 'code_verifier must be 43 to 128 unreserved characters (RFC 7636).');
      const code = this.codes.get(codeValue);
      if (!code || code.clientId !== client.client_id) return refuse('invalid_grant', 'The authorization code is unknown or was issued to another client.');
      if (code.used) {
        // A code presented twice: the grant it gave is revoked (RFC 6749 §4.1.2).
        if (code.grantId) this.revokeGrant(code.grantId);
        return refuse('invalid_grant', 'The authorization code was already used; the tokens issued for it are revoked.');
      }
      if (code.expiresAt <= this.now()) return refuse('invalid_grant', 'The authorization code expired.');
      if ((form.get('redirect_uri') ?? code.redirectUri) !== code.redirectUri) return refuse('invalid_grant', 'redirect_uri does not match the authorization request.');
      const resource = form.get('resource');
      if (resource && resource.replace(/\/+$/, '') !== code.resource) return refuse('invalid_target', 'resource does not match the authorization request.');
      if (b64url(createHash('sha256').update(verifier).digest()) !== code.challenge) return refuse('invalid_grant', 'PKCE verification failed: the code_verifier does not match the code_challenge.');
      code.used = true;
      const grant: Grant = {
        id: randomUUID(),
        clientId: client.client_id,
        resource: code.resource,
        scope: code.scope,
        organization: { ...this.options.organization },
        account: { ...DEMO_ACCOUNT },
        refreshToken: opaque('ort'),
        nonce: code.nonce,
        revoked: false,
      };
      code.grantId = grant.id;
      this.grants.set(grant.id, grant);
      this.refreshTokens.set(grant.refreshToken, grant.id);
      return { status: 200, body: this.issue(grant, true) };
    }
    const refreshToken = form.get('refresh_token');
    if (!refreshToken) return refuse('invalid_request', 'refresh_token is required.');
    if (clientId && !client) return refuse('invalid_client', 'Unknown client_id.');
    const grantId = this.refreshTokens.get(refreshToken);
    const grant = grantId ? this.grants.get(grantId) : undefined;
    if (!grant || (client && grant.clientId !== client.client_id)) return refuse('invalid_grant', 'The refresh token is unknown or was issued to another client.');
    if (grant.revoked) return refuse('invalid_grant', 'The grant was revoked; sign in again.');
    if (grant.refreshToken !== refreshToken) {
      // Reuse detection: a rotated-away refresh token came back, so someone holds a copy; the grant ends.
      this.revokeGrant(grant.id);
      return refuse('invalid_grant', 'The refresh token was already used (reuse detected); the grant is revoked. Sign in again.');
    }
    const resource = form.get('resource');
    if (resource && resource.replace(/\/+$/, '') !== grant.resource) return refuse('invalid_target', 'resource does not match the grant.');
    grant.refreshToken = opaque('ort');
    this.refreshTokens.set(grant.refreshToken, grant.id);
    return { status: 200, body: this.issue(grant, false) };
  }

  /** A new access token (and the grant's current refresh token) in the token endpoint's answer. */
  private issue(grant: Grant, withIdToken: boolean): Record<string, unknown> {
    const accessToken = this.mintAccessToken(grant);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.tokenTtlSeconds,
      refresh_token: grant.refreshToken,
      scope: grant.scope,
      ...(withIdToken || grant.scope.split(' ').includes('openid') ? { id_token: this.idToken(grant) } : {}),
    };
  }

  private mintAccessToken(grant: Grant, audience = grant.resource, ttlSeconds = this.tokenTtlSeconds): string {
    const token = opaque('oat');
    this.accessTokens.set(token, { grantId: grant.id, audience, expiresAt: this.now() + ttlSeconds * 1000 });
    return token;
  }

  /** An id_token (JWT, HS256 with the sandbox's secret). */
  private idToken(grant: Grant): string {
    const iat = Math.floor(this.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(
      JSON.stringify({
        iss: this.origin,
        sub: grant.account.sub,
        aud: grant.clientId,
        iat,
        exp: iat + this.tokenTtlSeconds,
        email: grant.account.email,
        name: grant.account.name,
        org_id: grant.organization.id,
        org_name: grant.organization.name,
        ...(grant.nonce ? { nonce: grant.nonce } : {}),
      }),
    );
    const signature = createHmac('sha256', this.secret).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  }

  /** Check an id_token's signature (tests; the extension reads the claims for display only). */
  verifyIdToken(token: string): Record<string, unknown> | undefined {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return undefined;
    const expected = createHmac('sha256', this.secret).update(`${header}.${payload}`).digest('base64url');
    return expected === signature ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>) : undefined;
  }

  // --- Revocation (RFC 7009) ---------------------------------------------------------------------------------------

  /** Revoke the grant behind a refresh or access token; unknown tokens (and other clients' tokens) are ignored. */
  revoke(form: URLSearchParams): void {
    const token = form.get('token');
    if (!token) return;
    const grantId = this.refreshTokens.get(token) ?? this.accessTokens.get(token)?.grantId;
    const grant = grantId ? this.grants.get(grantId) : undefined;
    const clientId = form.get('client_id');
    if (grant && (!clientId || clientId === grant.clientId)) this.revokeGrant(grant.id);
  }

  private revokeGrant(grantId: string) {
    const grant = this.grants.get(grantId);
    if (grant) grant.revoked = true;
  }

  // --- The resource server's check ------------------------------------------------------------------------------

  check(token: string, audience = this.resource): TokenCheck {
    const access = this.accessTokens.get(token);
    const grant = access ? this.grants.get(access.grantId) : undefined;
    if (!access || !grant) return { ok: false, reason: 'unknown' };
    if (grant.revoked) return { ok: false, reason: 'revoked' };
    if (access.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    if (access.audience !== audience) return { ok: false, reason: 'wrong_audience' };
    return { ok: true, grant, audience: access.audience };
  }

  /**
   * For tests: a grant and an access token without the browser flow, optionally for another audience, another
   * organisation (e.g. a merchant, which the MCP server refuses with 403) or another lifetime.
   */
  mintForTest(options: { audience?: string; organization?: Organization; ttlSeconds?: number } = {}): string {
    const grant: Grant = {
      id: randomUUID(),
      clientId: 'client_test',
      resource: this.resource,
      scope: OAUTH_SCOPES.join(' '),
      organization: options.organization ?? { ...this.options.organization },
      account: { ...DEMO_ACCOUNT },
      refreshToken: opaque('ort'),
      revoked: false,
    };
    this.grants.set(grant.id, grant);
    this.refreshTokens.set(grant.refreshToken, grant.id);
    return this.mintAccessToken(grant, options.audience, options.ttlSeconds);
  }
}

// --- Routes ------------------------------------------------------------------------------------------------------

export type OAuthEnv = { Variables: { journalEntry?: JournalEntry } };

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** The page's own CSS only; no script, no frames (clickjacking), no referrer. No form-action: Allow redirects away. */
const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1f24}
main{max-width:28rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 3px #0003}
h1{font-size:1.4rem;margin-top:0}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
.actions{display:flex;gap:1rem;margin-top:1.5rem}button{font:inherit;padding:.5rem 1.5rem;border-radius:6px;border:1px solid #1b1f24;cursor:pointer}
button[value=allow]{background:#1d4ed8;border-color:#1d4ed8;color:#fff}button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.note{color:#4b5563;font-size:.875rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function consentPage(oauth: OAuthServer, requestId: string, client: OAuthClient, pending: Pending, organization: Organization): string {
  const name = client.client_name?.trim() || 'An application';
  const scopes: Record<string, string> = {
    openid: 'Know who you are',
    profile: 'See your name',
    email: 'See your email address',
    offline_access: 'Stay signed in (refresh tokens)',
  };
  const granted = pending.scope.split(/\s+/).filter(Boolean);
  return page(
    'Sign in to Octogen',
    `<h1>Sign in to Octogen</h1>
<p><strong>${escapeHtml(name)}</strong> wants to use the Octogen Catalog Partner MCP server on your behalf, to look up and search the products of your organisation's catalogs.</p>
<dl><dt>Account</dt><dd>${escapeHtml(DEMO_ACCOUNT.name)} (${escapeHtml(DEMO_ACCOUNT.email)})</dd>
<dt>Organisation</dt><dd>${escapeHtml(organization.name)}</dd>
<dt>Application</dt><dd>${escapeHtml(client.client_id)}</dd>
<dt>Returns to</dt><dd>${escapeHtml(new URL(pending.redirectUri).origin)}</dd></dl>
<p>It will be able to:</p><ul>${granted.map((s) => `<li>${escapeHtml(scopes[s] ?? s)}</li>`).join('')}<li>Use ${escapeHtml(oauth.resource)}</li></ul>
<form method="post" action="/oauth2/authorize"><input type="hidden" name="request_id" value="${escapeHtml(requestId)}">
<div class="actions"><button type="submit" name="decision" value="allow">Allow</button><button type="submit" name="decision" value="deny">Deny</button></div></form>
<p class="note">Octogen sandbox: there is no password here; this page stands for Octogen's sign-in.</p>`,
  );
}

function errorPage(message: string): string {
  return page('Sign-in error', `<h1>Sign-in error</h1><p role="alert">${escapeHtml(message)}</p><p class="note">Close this window and try again from the application.</p>`);
}

/** Form fields of an `application/x-www-form-urlencoded` body (the journal middleware already read it). */
async function formOf(c: Context<OAuthEnv>): Promise<URLSearchParams | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) return undefined;
  return new URLSearchParams(await c.req.text());
}

/** The metadata documents and the `/oauth2/*` endpoints, to mount at the sandbox's root. */
export function oauthRoutes(oauth: OAuthServer, organization: Organization): Hono<OAuthEnv> {
  const routes = new Hono<OAuthEnv>();
  const resourceMetadata = (c: Context<OAuthEnv>) => c.json(oauth.protectedResourceMetadata());
  routes.get(`/.well-known/oauth-protected-resource${PARTNER_MCP_PATH}`, resourceMetadata);
  routes.get('/.well-known/oauth-protected-resource', resourceMetadata);
  routes.get('/.well-known/oauth-authorization-server', (c) => c.json(oauth.authorizationServerMetadata()));

  routes.post('/oauth2/register', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return c.json({ error: 'invalid_client_metadata', error_description: 'The body must be JSON client metadata.' }, 400, NO_STORE);
    }
    const result = oauth.register(body);
    return result.status === 201 ? c.json(result.client, 201, NO_STORE) : c.json(result.error, 400, NO_STORE);
  });

  routes.get('/oauth2/authorize', (c) => {
    const result = oauth.authorize(c.req.query());
    if (result.kind === 'error_page') return c.html(errorPage(result.message), 400, PAGE_HEADERS);
    if (result.kind === 'redirect') return c.redirect(result.location, 302);
    return c.html(consentPage(oauth, result.requestId, result.client, result.pending, organization), 200, PAGE_HEADERS);
  });
  routes.post('/oauth2/authorize', async (c) => {
    const form = await formOf(c);
    const decision = form?.get('decision');
    const location = decision === 'allow' || decision === 'deny' ? oauth.decide(form?.get('request_id') ?? undefined, decision === 'allow') : undefined;
    if (!location) return c.html(errorPage('This sign-in request is unknown, was already answered or expired.'), 400, PAGE_HEADERS);
    return c.redirect(location, 302);
  });

  routes.post('/oauth2/token', async (c) => {
    const form = await formOf(c);
    if (!form) return c.json({ error: 'invalid_request', error_description: 'Send the token request as application/x-www-form-urlencoded.' }, 400, NO_STORE);
    const result = oauth.token(form);
    // The journal shows what was issued, masked, so a test can see a rotation without seeing a token.
    const entry = c.get('journalEntry');
    if (entry) entry.answer = maskFields(result.body);
    return c.json(result.body, result.status, NO_STORE);
  });

  routes.post('/oauth2/revoke', async (c) => {
    const form = await formOf(c);
    if (form) oauth.revoke(form);
    return c.body(null, 200, NO_STORE);
  });
  return routes;
}
