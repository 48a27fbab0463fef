/**
 * PKCE (RFC 7636) with the S256 method, and the `state` value of an authorization request (RFC 6749 §10.12).
 * Web Crypto only: random bytes from `crypto.getRandomValues`, SHA-256 from `crypto.subtle`.
 */

/** base64url without padding (RFC 7636 Appendix A). */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `n` random bytes, base64url: 32 bytes give a 43-character verifier (the RFC's minimum length, 256 bits). */
export function randomToken(bytes = 32): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return base64url(buffer);
}

/** RFC 7636 §4.1: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~]. */
export const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

/** A new code verifier (§4.1). */
export function createVerifier(): string {
  return randomToken(32);
}

/** The S256 code challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))) (§4.2). */
export async function challengeS256(verifier: string): Promise<string> {
  if (!VERIFIER_PATTERN.test(verifier)) throw new Error('A PKCE code verifier is 43 to 128 unreserved characters.');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** A new `state`: 128 random bits, unguessable, one per authorization request. */
export function createState(): string {
  return randomToken(16);
}

/** Constant-time comparison of two strings (a state, for instance): no early exit on the first difference. */
export function sameString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
