/**
 * The sandbox's OAuth 2.1 authorization server over real HTTP: metadata, registration, the authorize page, PKCE,
 * the token endpoint (code and refresh grants, rotation, reuse detection), revocation, token lifetime, the journal.
 */
import { describe, expect, it } from 'vitest';
import { CODE_TTL_MS } from '../../../sandbox/oauth';
import { useSandbox } from '../helpers/sandbox';
import { REDIRECT_URI, authorizePage, decide, pkce, register, revoke, signIn, token } from '../helpers/oauth';

const clock = { now: Date.parse('2026-12-07T12:00:00Z') };
const current = useSandbox({ now: () => clock.now, tokenTtlSeconds: 60 });

async function mcpStatus(accessToken: string) {
  const response = await fetch(`${current().origin}/partner/mcp`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
  });
  return { status: response.status, challenge: response.headers.get('www-authenticate') };
}

/** The authorize query of a registered client, with a fresh PKCE pair. */
async function authorizeParams(overrides: Record<string, string | undefined> = {}) {
  const client = (await register(current())).json;
  const { verifier, challenge } = pkce();
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: REDIRECT_URI,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'xyz-123',
    resource: current().oauth.resource,
    scope: 'openid profile email offline_access',
    ...overrides,
  };
  return { client, verifier, params };
}

describe('metadata', () => {
  it('serves the protected-resource metadata at the path-suffixed and the plain well-known URL', async () => {
    const { origin } = current();
    for (const path of ['/.well-known/oauth-protected-resource/partner/mcp', '/.well-known/oauth-protected-resource']) {
      const json = await (await fetch(`${origin}${path}`)).json();
      expect(json).toMatchObject({
        resource: `${origin}/partner/mcp`,
        authorization_servers: [origin],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        bearer_methods_supported: ['header'],
      });
    }
  });

  it('serves the authorization-server metadata (RFC 8414)', async () => {
    const { origin } = current();
    const json = await (await fetch(`${origin}/.well-known/oauth-authorization-server`)).json();
    expect(json).toMatchObject({
      issuer: origin,
      authorization_endpoint: `${origin}/oauth2/authorize`,
      token_endpoint: `${origin}/oauth2/token`,
      registration_endpoint: `${origin}/oauth2/register`,
      revocation_endpoint: `${origin}/oauth2/revoke`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
    });
  });
});

describe('dynamic client registration', () => {
  it('registers a public client: 201, a client_id, no secret, the metadata echoed', async () => {
    const r = await register(current());
    expect(r.status).toBe(201);
    expect(r.json.client_id).toMatch(/^client_[0-9a-f]{24}$/);
    expect(r.json.client_id_issued_at).toBe(Math.floor(clock.now / 1000));
    expect(r.json).toMatchObject({ client_name: 'Octolens', redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] });
    expect(r.json).not.toHaveProperty('client_secret');
  });

  it('accepts plain http on loopback only', async () => {
    expect((await register(current(), { redirect_uris: ['http://127.0.0.1:9999/cb', 'http://localhost/cb', 'http://[::1]:1/x'] })).status).toBe(201);
  });

  it.each([
    [{ redirect_uris: undefined }, 'invalid_redirect_uri'],
    [{ redirect_uris: [] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['http://example.com/cb'] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['https://example.com/cb#frag'] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['com.example.app:/cb'] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['not a url'] }, 'invalid_redirect_uri'],
    [{ token_endpoint_auth_method: 'client_secret_basic' }, 'invalid_client_metadata'],
    [{ grant_types: ['client_credentials'] }, 'invalid_client_metadata'],
    [{ response_types: ['token'] }, 'invalid_client_metadata'],
    [{ scope: 'openid admin' }, 'invalid_client_metadata'],
  ])('refuses %j with 400 %s', async (metadata, error) => {
    const r = await register(current(), metadata);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error, error_description: expect.any(String) });
  });

  it('refuses a body that is not JSON', async () => {
    const response = await fetch(`${current().origin}/oauth2/register`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'redirect_uris=x' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_client_metadata');
  });
});

describe('the authorize page', () => {
  it('names the client, the account and the organisation, with real Allow and Deny buttons and no framing', async () => {
    const { params } = await authorizeParams();
    const page = await authorizePage(current(), params);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<title>Sign in to Octogen</title>');
    expect(page.html).toContain('<h1>Sign in to Octogen</h1>');
    expect(page.html).toContain('<strong>Octolens</strong>');
    expect(page.html).toContain('Dana Demo');
    expect(page.html).toContain('Demo Catalog Partner');
    expect(page.html).toMatch(/<button type="submit" name="decision" value="allow">Allow<\/button>/);
    expect(page.html).toMatch(/<button type="submit" name="decision" value="deny">Deny<\/button>/);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('escapes a hostile client name', async () => {
    const client = (await register(current(), { client_name: '<img src=x onerror=alert(1)>' })).json;
    const { challenge } = pkce();
    const page = await authorizePage(current(), { response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT_URI, code_challenge: challenge, code_challenge_method: 'S256', resource: current().oauth.resource });
    expect(page.html).not.toContain('<img');
    expect(page.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows a 400 page, never a redirect, for an unknown client or an unregistered redirect_uri', async () => {
    const { params } = await authorizeParams();
    for (const bad of [{ client_id: 'client_nope' }, { client_id: undefined }, { redirect_uri: 'https://evil.example/cb' }]) {
      const page = await authorizePage(current(), { ...params, ...bad });
      expect(page.status).toBe(400);
      expect(page.headers.get('location')).toBeNull();
      expect(page.html).toContain('Sign-in error');
    }
  });

  it.each([
    [{ code_challenge: undefined }, 'invalid_request'],
    [{ code_challenge_method: 'plain' }, 'invalid_request'],
    [{ code_challenge_method: undefined }, 'invalid_request'],
    [{ resource: 'https://mcp.octogen.ai' }, 'invalid_target'],
    [{ resource: undefined }, 'invalid_target'],
    [{ response_type: 'token' }, 'unsupported_response_type'],
    [{ scope: 'openid admin' }, 'invalid_scope'],
  ])('redirects %j back with error=%s and the state', async (overrides, error) => {
    const { params } = await authorizeParams(overrides);
    const page = await authorizePage(current(), params);
    expect(page.status).toBe(302);
    const location = new URL(page.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe('xyz-123');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('Allow redirects with a code and the state passed through unchanged', async () => {
    const { params } = await authorizeParams({ state: 'a b&c=d/é' });
    const back = await decide(current(), (await authorizePage(current(), params)).html, 'allow');
    expect(back.status).toBe(302);
    expect(back.location!.origin + back.location!.pathname).toBe(REDIRECT_URI);
    expect(back.location!.searchParams.get('code')).toMatch(/^oac_[A-Za-z0-9_-]{43}$/);
    expect(back.location!.searchParams.get('state')).toBe('a b&c=d/é');
  });

  it('Deny redirects with error=access_denied and the state, and no code', async () => {
    const { params } = await authorizeParams();
    const back = await decide(current(), (await authorizePage(current(), params)).html, 'deny');
    expect(back.status).toBe(302);
    expect(back.location!.searchParams.get('error')).toBe('access_denied');
    expect(back.location!.searchParams.get('state')).toBe('xyz-123');
    expect(back.location!.searchParams.get('code')).toBeNull();
  });

  it('answers a request only once', async () => {
    const { params } = await authorizeParams();
    const html = (await authorizePage(current(), params)).html;
    expect((await decide(current(), html, 'allow')).status).toBe(302);
    const again = await decide(current(), html, 'allow');
    expect(again.status).toBe(400);
    expect(again.location).toBeUndefined();
  });
});

describe('the token endpoint: authorization code with PKCE', () => {
  async function codeFor() {
    const { client, verifier, params } = await authorizeParams();
    const back = await decide(current(), (await authorizePage(current(), params)).html, 'allow');
    return { client, verifier, code: back.location!.searchParams.get('code')! };
  }
  const exchange = (client: any, code: string, verifier: string, extra: Record<string, string> = {}) =>
    token(current(), { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: client.client_id, code_verifier: verifier, resource: current().oauth.resource, ...extra });

  it('exchanges a code and the right verifier for tokens and an id_token; the code works once', async () => {
    const { client, verifier, code } = await codeFor();
    const r = await exchange(client, code, verifier);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.json).toMatchObject({ token_type: 'Bearer', expires_in: 60, scope: 'openid profile email offline_access' });
    expect(r.json.access_token).toMatch(/^oat_[A-Za-z0-9_-]{43}$/);
    expect(r.json.refresh_token).toMatch(/^ort_[A-Za-z0-9_-]{43}$/);
    const claims = current().oauth.verifyIdToken(r.json.id_token);
    expect(claims).toEqual({
      iss: current().origin,
      sub: expect.stringMatching(/^user_/),
      aud: client.client_id,
      iat: Math.floor(clock.now / 1000),
      exp: Math.floor(clock.now / 1000) + 60,
      email: 'dana.demo@demo-catalog-partner.example',
      name: 'Dana Demo',
      org_id: '5b0f6a8e-3c1d-4e2f-9a7b-6c5d4e3f2a1b',
      org_name: 'Demo Catalog Partner',
    });
    expect(JSON.parse(Buffer.from(r.json.id_token.split('.')[0], 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect((await mcpStatus(r.json.access_token)).status).toBe(200);

    // The code again: refused, and the tokens it gave are revoked.
    const again = await exchange(client, code, verifier);
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('invalid_grant');
    expect((await mcpStatus(r.json.access_token)).status).toBe(401);
  });

  it('refuses a wrong verifier with invalid_grant (and the code still works with the right one)', async () => {
    const { client, verifier, code } = await codeFor();
    const wrong = await exchange(client, code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(wrong.json).toEqual({ error: 'invalid_grant', error_description: expect.stringContaining('PKCE') });
    expect((await exchange(client, code, verifier)).status).toBe(200);
  });

  it('refuses a missing or malformed verifier with invalid_request', async () => {
    const { client, code } = await codeFor();
    for (const code_verifier of ['', 'short']) {
      const r = await exchange(client, code, '', { code_verifier });
      expect(r.status).toBe(400);
      expect(r.json.error).toBe('invalid_request');
    }
  });

  it('binds the code to its client, redirect_uri and resource, and lets it expire after 60 s', async () => {
    const { client, verifier, code } = await codeFor();
    const other = (await register(current())).json;
    expect((await exchange(other, code, verifier)).json.error).toBe('invalid_grant');
    expect((await exchange(client, code, verifier, { redirect_uri: 'https://other.example/cb' })).json.error).toBe('invalid_grant');
    expect((await exchange(client, code, verifier, { resource: 'https://mcp.octogen.ai' })).json.error).toBe('invalid_target');
    expect((await exchange({ client_id: 'client_nope' }, code, verifier)).json.error).toBe('invalid_client');

    const late = await codeFor();
    clock.now += CODE_TTL_MS;
    const expired = await exchange(late.client, late.code, late.verifier);
    expect(expired.json).toEqual({ error: 'invalid_grant', error_description: 'The authorization code expired.' });
  });

  it('answers unsupported_grant_type, invalid_request for missing pieces, a JSON body or a repeated parameter', async () => {
    expect((await token(current(), { grant_type: 'password' })).json.error).toBe('unsupported_grant_type');
    expect((await token(current(), {})).json.error).toBe('invalid_request');
    expect((await token(current(), { grant_type: 'refresh_token' })).json.error).toBe('invalid_request');
    const json = await fetch(`${current().origin}/oauth2/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"grant_type":"refresh_token"}' });
    expect(json.status).toBe(400);
    expect((await json.json()).error).toBe('invalid_request');
    const twice = await fetch(`${current().origin}/oauth2/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token&refresh_token=a&refresh_token=b' });
    expect((await twice.json()).error).toBe('invalid_request');
  });
});

describe('refresh, rotation, reuse detection, revocation, lifetime', () => {
  const refresh = (clientId: string, refreshToken: string) => token(current(), { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId });

  it('rotates: a new access and refresh token each time; the old refresh token stops working', async () => {
    const { clientId, tokens } = await signIn(current());
    const first = await refresh(clientId, tokens.refresh_token);
    expect(first.status).toBe(200);
    expect(first.json.refresh_token).toMatch(/^ort_/);
    expect(first.json.refresh_token).not.toBe(tokens.refresh_token);
    expect(first.json.access_token).not.toBe(tokens.access_token);
    expect(first.json.expires_in).toBe(60);
    const second = await refresh(clientId, first.json.refresh_token);
    expect(second.status).toBe(200);
    expect((await mcpStatus(second.json.access_token)).status).toBe(200);
  });

  it('detects reuse of a rotated refresh token: invalid_grant, and the whole grant is revoked', async () => {
    const { clientId, tokens } = await signIn(current());
    const rotated = await refresh(clientId, tokens.refresh_token);
    const reused = await refresh(clientId, tokens.refresh_token);
    expect(reused.status).toBe(400);
    expect(reused.json.error).toBe('invalid_grant');
    expect(reused.json.error_description).toMatch(/reuse/);
    // The legitimate holder's newest tokens are gone too.
    expect((await refresh(clientId, rotated.json.refresh_token)).json.error).toBe('invalid_grant');
    expect((await mcpStatus(rotated.json.access_token)).status).toBe(401);
    expect((await mcpStatus(tokens.access_token)).status).toBe(401);
  });

  it('refuses a refresh token of another client or an unknown one', async () => {
    const { tokens } = await signIn(current());
    const other = (await register(current())).json;
    expect((await refresh(other.client_id, tokens.refresh_token)).json.error).toBe('invalid_grant');
    expect((await refresh(other.client_id, 'ort_unknown')).json.error).toBe('invalid_grant');
  });

  it('revokes the grant from its refresh token or an access token; 200 always', async () => {
    for (const which of ['refresh_token', 'access_token'] as const) {
      const { clientId, tokens } = await signIn(current());
      expect(await revoke(current(), { token: tokens[which], token_type_hint: which, client_id: clientId })).toBe(200);
      expect((await mcpStatus(tokens.access_token)).status).toBe(401);
      expect((await refresh(clientId, tokens.refresh_token)).json.error).toBe('invalid_grant');
    }
    expect(await revoke(current(), { token: 'ort_nothing', client_id: 'client_x' })).toBe(200);
    expect(await revoke(current(), {})).toBe(200);
  });

  it("does not revoke another client's token", async () => {
    const { tokens } = await signIn(current());
    expect(await revoke(current(), { token: tokens.refresh_token, client_id: 'client_other' })).toBe(200);
    expect((await mcpStatus(tokens.access_token)).status).toBe(200);
  });

  it('lets an access token expire after the token TTL; a refresh then gives a working one', async () => {
    const { clientId, tokens } = await signIn(current());
    clock.now += 59_000;
    expect((await mcpStatus(tokens.access_token)).status).toBe(200);
    clock.now += 1_000;
    const expired = await mcpStatus(tokens.access_token);
    expect(expired.status).toBe(401);
    expect(expired.challenge).toContain('The access token expired.');
    const renewed = await refresh(clientId, tokens.refresh_token);
    expect((await mcpStatus(renewed.json.access_token)).status).toBe(200);
  });
});

describe('the journal', () => {
  it('masks codes, verifiers and tokens (a prefix and the last 4 characters) and keeps grant_type readable', async () => {
    const { clientId, code, verifier, tokens } = await signIn(current());
    const rotated = (await token(current(), { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: clientId })).json;
    await mcpStatus(rotated.access_token);
    await revoke(current(), { token: rotated.refresh_token, client_id: clientId });
    const journal = current().journal.list();
    const text = JSON.stringify(journal);
    for (const secret of [code, verifier, tokens.access_token, tokens.refresh_token, tokens.id_token, rotated.access_token, rotated.refresh_token]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(4, 20));
    }
    const tokenCalls = journal.filter((e) => e.path === '/oauth2/token');
    expect(tokenCalls.map((e) => (e.body as any).grant_type)).toEqual(['authorization_code', 'refresh_token']);
    expect((tokenCalls[0]!.body as any).code).toBe(`oac_…${code.slice(-4)}`);
    expect((tokenCalls[0]!.body as any).code_verifier).toBe(`…${verifier.slice(-4)}`);
    expect((tokenCalls[1]!.body as any).refresh_token).toBe(`ort_…${tokens.refresh_token.slice(-4)}`);
    // The answer, masked: a test sees that a different refresh token came back.
    expect(tokenCalls[1]!.answer).toMatchObject({ refresh_token: `ort_…${rotated.refresh_token.slice(-4)}`, access_token: `oat_…${rotated.access_token.slice(-4)}`, expires_in: 60 });
    const mcp = journal.find((e) => e.path === '/partner/mcp')!;
    expect(mcp.headers.authorization).toBe(`Bearer oat_…${rotated.access_token.slice(-4)}`);
    expect((journal.find((e) => e.path === '/oauth2/revoke')!.body as any).token).toBe(`ort_…${rotated.refresh_token.slice(-4)}`);
  });
});
