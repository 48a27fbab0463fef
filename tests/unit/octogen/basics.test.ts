import { describe, expect, it } from 'vitest';
import { keyFormatProblem, keyPrefix, maskKey } from '../../../lib/octogen/key';
import { parseRateLimit, parseRetryAfter, secondsUntilRetry } from '../../../lib/octogen/ratelimit';
import { checkBaseUrl, normalizeHost, normalizeProductUrl } from '../../../lib/octogen/urls';

const KEY = 'octo_live_0123456789abcdef0123456789abcdef_c2VjcmV0LXNlY3JldA';

describe('key format', () => {
  it('accepts the documented format and derives the non-secret prefix', () => {
    expect(keyFormatProblem(KEY)).toBeNull();
    expect(keyPrefix(KEY)).toBe('octo_live_0123456789');
    expect(maskKey(KEY)).toBe('octo_live_0123456789…');
  });

  it.each([
    ['', /Enter/],
    ['sk_live_123', /starts with "octo_live_"/],
    [`Bearer ${KEY}`, /without the word "Bearer"/],
    ['octo_live_0123_abcdefghij', /32-character id/],
    ['octo_live_0123456789ABCDEF0123456789abcdef_c2VjcmV0', /32-character id/],
    ['octo_live_0123456789abcdef0123456789abcdef', /followed by "_"/],
    ['octo_live_0123456789abcdef0123456789abcdef_abc', /too short/],
    ['octo_live_0123456789abcdef0123456789abcdef_abc+/=defgh', /letters, digits/],
    [`${KEY} `, /spaces/],
  ])('explains what is wrong with %j without echoing it', (key, message) => {
    const problem = keyFormatProblem(key);
    expect(problem).toMatch(message);
    if (key.length > 12) expect(problem).not.toContain(key.slice(10));
  });
});

describe('rate-limit headers', () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  it('parses limit, remaining and the reset epoch', () => {
    expect(parseRateLimit(headers({ 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '7', 'X-RateLimit-Reset': '1749593400' }), 5)).toEqual({
      limit: 60,
      remaining: 7,
      resetAt: 1749593400,
      observedAt: 5,
    });
    expect(parseRateLimit(headers({ 'X-RateLimit-Limit': '60' }))).toBeUndefined();
    expect(parseRateLimit(headers({ 'X-RateLimit-Limit': 'x', 'X-RateLimit-Remaining': '1', 'X-RateLimit-Reset': '2' }))).toBeUndefined();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('8')).toBe(8);
    expect(parseRetryAfter(new Date(10_000 + 5_000).toUTCString(), 10_000)).toBe(5);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('waits Retry-After first, else until the reset epoch', () => {
    const posture = { limit: 1, remaining: 0, resetAt: 100, observedAt: 0 };
    expect(secondsUntilRetry(3, posture, 90_000)).toBe(3);
    expect(secondsUntilRetry(undefined, posture, 90_000)).toBe(10);
    expect(secondsUntilRetry(undefined, undefined)).toBeUndefined();
  });
});

describe('URLs', () => {
  it('allows HTTPS base URLs, and plain HTTP only for loopback', () => {
    expect(checkBaseUrl('https://api.octogen.ai/v1/')).toEqual({ ok: true, url: 'https://api.octogen.ai/v1', origin: 'https://api.octogen.ai' });
    expect(checkBaseUrl('http://127.0.0.1:8787/v1')).toMatchObject({ ok: true });
    expect(checkBaseUrl('http://localhost:3000/v1')).toMatchObject({ ok: true });
    expect(checkBaseUrl('http://[::1]:3000/v1')).toMatchObject({ ok: true });
    expect(checkBaseUrl('http://api.octogen.ai/v1')).toMatchObject({ ok: false, problem: expect.stringMatching(/HTTPS/) });
    expect(checkBaseUrl('http://127.0.0.1.evil.com/v1')).toMatchObject({ ok: false });
    expect(checkBaseUrl('ftp://x/v1')).toMatchObject({ ok: false });
    expect(checkBaseUrl('https://user:pw@api.octogen.ai/v1')).toMatchObject({ ok: false });
    expect(checkBaseUrl('not a url')).toMatchObject({ ok: false });
  });

  it('normalises hosts as the service does', () => {
    expect(normalizeHost('https://WWW.Allbirds.com:443/x')).toBe('allbirds.com');
    expect(normalizeHost('shop.example.com.')).toBe('shop.example.com');
    expect(normalizeHost('www.www.example.com')).toBe('www.example.com');
    expect(normalizeHost('example.com:8080')).toBe('example.com');
    expect(normalizeHost('a b')).toBeUndefined();
    expect(normalizeHost('user@example.com')).toBeUndefined();
  });

  it('normalises product URLs: https, no www, no fragment, no tracking, sorted query', () => {
    expect(normalizeProductUrl('http://www.shop.example/p/1?utm_source=x&size=M&color=red&gclid=1#reviews')).toBe(
      'https://shop.example/p/1?color=red&size=M',
    );
    expect(normalizeProductUrl('javascript:alert(1)')).toBeUndefined();
  });
});
