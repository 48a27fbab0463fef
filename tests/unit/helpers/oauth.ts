/** The sandbox's OAuth flow over real HTTP, step by step, as a client (the extension) walks it. */
import { createHash, randomBytes } from 'node:crypto';
import type { RunningSandbox } from '../../../sandbox/start';

export const REDIRECT_URI = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export async function register(sandbox: RunningSandbox, metadata: Record<string, unknown> = {}) {
  const response = await fetch(`${sandbox.origin}/oauth2/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ client_name: 'Octolens', redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], ...metadata }),
  });
  return { status: response.status, json: (await response.json()) as any };
}

/** GET the authorize page (no redirects followed). */
export async function authorizePage(sandbox: RunningSandbox, params: Record<string, string | undefined>) {
  const url = new URL(`${sandbox.origin}/oauth2/authorize`);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** Press Allow or Deny on an authorize page: the redirect back to the client, as a URL. */
export async function decide(sandbox: RunningSandbox, html: string, decision: 'allow' | 'deny') {
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
  if (!requestId) throw new Error(`no request_id in the page: ${html.slice(0, 300)}`);
  const response = await fetch(`${sandbox.origin}/oauth2/authorize`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId, decision }),
    redirect: 'manual',
  });
  return { status: response.status, location: response.headers.get('location') ? new URL(response.headers.get('location')!) : undefined };
}

export async function token(sandbox: RunningSandbox, form: Record<string, string>) {
  const response = await fetch(`${sandbox.origin}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as any };
}

export async function revoke(sandbox: RunningSandbox, form: Record<string, string>) {
  const response = await fetch(`${sandbox.origin}/oauth2/revoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return response.status;
}

/** Register, authorize (Allow), exchange the code: the token answer and what the client kept. */
export async function signIn(sandbox: RunningSandbox) {
  const client = (await register(sandbox)).json;
  const { verifier, challenge } = pkce();
  const page = await authorizePage(sandbox, {
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: REDIRECT_URI,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'st-1',
    resource: sandbox.oauth.resource,
    scope: 'openid profile email offline_access',
  });
  const back = await decide(sandbox, page.html, 'allow');
  const code = back.location!.searchParams.get('code')!;
  const answer = await token(sandbox, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    client_id: client.client_id,
    code_verifier: verifier,
    resource: sandbox.oauth.resource,
  });
  if (answer.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(answer.json)}`);
  return { clientId: client.client_id as string, code, verifier, tokens: answer.json };
}
