/**
 * Sign in with Octogen, the pure parts: PKCE S256 (RFC 7636's own test vector), state checking of the redirect, the
 * id_token's display claims; and the whole flow against the sandbox over real HTTP (discovery, registration,
 * authorize, code exchange), finished by a "restarted worker" that has only what was stored.
 */
import { describe, expect, it } from 'vitest';
import { beginSignIn, cancelSignIn, finishSignIn, type ClientRegistry, type FlowDeps } from '../../../lib/auth/flow';
import {
  checkMcpUrl,
  discover,
  NeedsOrigin,
  protectedResourceMetadataUrls,
  readIdToken,
  readRedirect,
  resourceCovers,
  serverMetadataUrls,
  SIGN_IN_DENIED,
  STATE_MISMATCH,
} from '../../../lib/auth/oauth';
import { base64url, challengeS256, createState, createVerifier, sameString, VERIFIER_PATTERN } from '../../../lib/auth/pkce';
import { memorySlot, type PendingSignIn } from '../../../lib/auth/session';
import { OctogenError } from '../../../lib/octogen/errors';
import { decide, REDIRECT_URI } from '../helpers/oauth';
import { useSandbox } from '../helpers/sandbox';

const caught = async (run: () => unknown): Promise<OctogenError> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof OctogenError) return error;
    throw error;
  }
  throw new Error('did not throw');
};

describe('PKCE (RFC 7636)', () => {
  it('gives Appendix B’s challenge for Appendix B’s verifier', async () => {
    // RFC 7636 Appendix B: the 32 octets, their base64url verifier, and its S256 challenge.
    const octets = new Uint8Array([116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121]);
    const verifier = base64url(octets);
    expect(verifier).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    expect(await challengeS256(verifier)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes fresh 43-character verifiers and unguessable states, and refuses a malformed verifier', async () => {
    const verifiers = new Set(Array.from({ length: 50 }, createVerifier));
    expect(verifiers.size).toBe(50);
    for (const v of verifiers) expect(v).toMatch(VERIFIER_PATTERN);
    expect(createState()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(createState()).not.toBe(createState());
    await expect(challengeS256('too-short')).rejects.toThrow(/43 to 128/);
  });

  it('compares states in full', () => {
    expect(sameString('abc', 'abc')).toBe(true);
    expect(sameString('abc', 'abd')).toBe(false);
    expect(sameString('abc', 'abcd')).toBe(false);
  });
});

describe('the redirect the web-auth window caught', () => {
  const expected = { redirectUri: 'https://abc.chromiumapp.org/', state: 'st-123' };

  it('answers the code when the state matches', () => {
    expect(readRedirect('https://abc.chromiumapp.org/?code=oac_1&state=st-123', expected)).toBe('oac_1');
  });

  it('refuses another state, a missing state, another address', async () => {
    expect((await caught(() => readRedirect('https://abc.chromiumapp.org/?code=oac_1&state=st-999', expected))).detail).toBe(STATE_MISMATCH);
    expect((await caught(() => readRedirect('https://abc.chromiumapp.org/?code=oac_1', expected))).detail).toBe(STATE_MISMATCH);
    expect((await caught(() => readRedirect('https://evil.example/?code=oac_1&state=st-123', expected))).message).toMatch(/another address/);
  });

  it('says Deny plainly, and names other errors', async () => {
    const denied = await caught(() => readRedirect('https://abc.chromiumapp.org/?error=access_denied&state=st-123', expected));
    expect(denied.detail).toBe(SIGN_IN_DENIED);
    expect(denied.message).toBe('Sign-in was denied: Octolens was not given access. Your previous connection is unchanged.');
    const target = await caught(() => readRedirect('https://abc.chromiumapp.org/?error=invalid_target&state=st-123', expected));
    expect(target.detail).toBe('invalid_target');
    // An error with another state is not ours: the state is checked first.
    expect((await caught(() => readRedirect('https://abc.chromiumapp.org/?error=access_denied&state=x', expected))).detail).toBe(STATE_MISMATCH);
  });
});

describe('metadata addresses and checks', () => {
  it('inserts the well-known segments as RFC 9728 and RFC 8414 say', () => {
    expect(protectedResourceMetadataUrls('https://mcp.octogen.ai/mcp')).toEqual([
      'https://mcp.octogen.ai/.well-known/oauth-protected-resource/mcp',
      'https://mcp.octogen.ai/.well-known/oauth-protected-resource',
    ]);
    expect(serverMetadataUrls('https://auth.octogen.ai')[0]).toBe('https://auth.octogen.ai/.well-known/oauth-authorization-server');
    expect(serverMetadataUrls('https://id.example/tenant')[0]).toBe('https://id.example/.well-known/oauth-authorization-server/tenant');
  });

  it('accepts metadata only about the server asked about', () => {
    expect(resourceCovers('https://mcp.octogen.ai', 'https://mcp.octogen.ai/mcp')).toBe(true);
    expect(resourceCovers('https://mcp.octogen.ai/mcp', 'https://mcp.octogen.ai/mcp')).toBe(true);
    expect(resourceCovers('https://mcp.octogen.ai/other', 'https://mcp.octogen.ai/mcp')).toBe(false);
    expect(resourceCovers('https://evil.example/mcp', 'https://mcp.octogen.ai/mcp')).toBe(false);
  });

  it('takes an MCP server URL over HTTPS, or plain HTTP on loopback only', () => {
    expect(checkMcpUrl('https://mcp.octogen.ai/mcp')).toMatchObject({ ok: true, origin: 'https://mcp.octogen.ai' });
    expect(checkMcpUrl('http://127.0.0.1:8787/partner/mcp').ok).toBe(true);
    expect(checkMcpUrl('http://mcp.example.com/mcp')).toMatchObject({ ok: false, problem: expect.stringMatching(/https/) });
    expect(checkMcpUrl('https://u:p@mcp.example.com/mcp').ok).toBe(false);
    expect(checkMcpUrl('').ok).toBe(false);
  });
});

describe('the id_token, for display', () => {
  const jwt = (claims: object) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  const who = { iss: 'https://auth.example', aud: 'client-1', email: 'dana@example.com', name: 'Dana Ünicode', org_id: 'org-1', org_name: 'Demo' };

  it('reads the organisation and account', () => {
    expect(readIdToken(jwt(who), { issuer: 'https://auth.example', clientId: 'client-1' })).toEqual({ email: 'dana@example.com', name: 'Dana Ünicode', orgId: 'org-1', orgName: 'Demo' });
  });

  it('ignores claims for another issuer or client, and garbage', () => {
    expect(readIdToken(jwt(who), { issuer: 'https://other.example', clientId: 'client-1' })).toEqual({});
    expect(readIdToken(jwt(who), { issuer: 'https://auth.example', clientId: 'client-2' })).toEqual({});
    expect(readIdToken('not.a-jwt!', { issuer: 'https://auth.example', clientId: 'client-1' })).toEqual({});
    expect(readIdToken(undefined, { issuer: 'x', clientId: 'y' })).toEqual({});
  });
});

describe('signing in against the sandbox', () => {
  const current = useSandbox();

  function registry(): ClientRegistry & { registrations: number } {
    const map = new Map<string, string>();
    return {
      registrations: 0,
      async get(issuer, redirect) {
        return map.get(`${issuer} ${redirect}`);
      },
      async set(issuer, redirect, id) {
        if (id) map.set(`${issuer} ${redirect}`, id);
        else map.delete(`${issuer} ${redirect}`);
      },
    };
  }

  /** The stored parts (what survives a worker restart), and a "worker" made from them. */
  function storage() {
    const pending = memorySlot<PendingSignIn[]>();
    const clients = registry();
    const worker = (): FlowDeps => ({ fetch: (...a) => fetch(...a), now: Date.now, pending, clients });
    return { pending, clients, worker };
  }

  /** Open the authorize page as the browser's window would, and press a button: the redirect it came back to. */
  async function press(authorizeUrl: string, decision: 'allow' | 'deny') {
    const page = await (await fetch(authorizeUrl, { redirect: 'manual' })).text();
    const back = await decide(current(), page, decision);
    return back.location!.href;
  }

  it('discovers, registers once, and finishes in a restarted worker with only what was stored', async () => {
    const { worker, pending } = storage();
    const mcpUrl = current().oauth.resource;
    const { authorizeUrl } = await beginSignIn(worker(), mcpUrl, REDIRECT_URI);
    const params = new URL(authorizeUrl).searchParams;
    expect(Object.fromEntries(params)).toMatchObject({ response_type: 'code', code_challenge_method: 'S256', resource: mcpUrl, scope: 'openid profile email offline_access', redirect_uri: REDIRECT_URI });
    // The verifier stays here: only its challenge goes out.
    expect(authorizeUrl).not.toContain(pending.value![0]!.verifier);
    expect(await challengeS256(pending.value![0]!.verifier)).toBe(params.get('code_challenge'));

    const redirect = await press(authorizeUrl, 'allow');
    // A new worker: new deps objects, the same stored slots.
    const session = await finishSignIn(worker(), redirect);
    expect(session).toMatchObject({ mcpUrl, resource: mcpUrl, issuer: current().origin, accessToken: expect.stringMatching(/^oat_/), refreshToken: expect.stringMatching(/^ort_/) });
    expect(session.account).toMatchObject({ orgName: 'Demo Catalog Partner', email: 'dana.demo@demo-catalog-partner.example' });
    expect(pending.value).toEqual([]);
    // Single use: the same answer again is refused.
    expect((await caught(() => finishSignIn(worker(), redirect))).detail).toBe(STATE_MISMATCH);

    // The registration is kept per server and redirect URL: a second sign-in does not register again.
    current().journal.clear();
    await beginSignIn(worker(), mcpUrl, REDIRECT_URI);
    expect(current().journal.list().filter((e) => e.path === '/oauth2/register')).toEqual([]);
  });

  it('Deny ends the sign-in under way without tokens', async () => {
    const { worker, pending } = storage();
    const { authorizeUrl } = await beginSignIn(worker(), current().oauth.resource, REDIRECT_URI);
    const error = await caught(async () => finishSignIn(worker(), await press(authorizeUrl, 'deny')));
    expect(error.detail).toBe(SIGN_IN_DENIED);
    expect(pending.value).toEqual([]);
    expect(current().journal.list().filter((e) => e.path === '/oauth2/token')).toEqual([]);
  });

  it('a cancelled sign-in forgets its verifier; an answer for it afterwards is refused', async () => {
    const { worker, pending } = storage();
    const { authorizeUrl } = await beginSignIn(worker(), current().oauth.resource, REDIRECT_URI);
    const redirect = await press(authorizeUrl, 'allow');
    await cancelSignIn(worker());
    expect(pending.value).toBeUndefined();
    expect((await caught(() => finishSignIn(worker(), redirect))).detail).toBe(STATE_MISMATCH);
  });

  it('stops before an authorization server the extension may not call', async () => {
    const { worker } = storage();
    const deps = { ...worker(), canReach: async () => false };
    await expect(beginSignIn(deps, current().oauth.resource, REDIRECT_URI)).rejects.toBeInstanceOf(NeedsOrigin);
  });

  it('says plainly when a URL is not the MCP server its metadata describes, or has none', async () => {
    // (the sandbox also serves the origin's own metadata, which is about /partner/mcp)
    const other = await caught(() => discover((...a) => fetch(...a), `${current().origin}/nothing-here`));
    expect(other.message).toMatch(/metadata is for another resource/);
    const none = await caught(() => discover(async () => new Response('not found', { status: 404 }), 'https://mcp.example.com/mcp'));
    expect(none.detail).toBe('no_oauth_metadata');
  });
});
