/** The match patterns automatic detection registers and asks host permission for (lib/autodetect.ts). */
import { describe, expect, it } from 'vitest';
import { ALL_SITES_PATTERNS, matchPatterns, sitePattern } from '../../lib/autodetect';

describe('automatic detection match patterns', () => {
  it('name a chosen site by scheme and host, without its port (Firefox matches nothing with one)', () => {
    expect(sitePattern('http://127.0.0.1:8123')).toBe('http://127.0.0.1/*');
    expect(sitePattern('https://shop.example')).toBe('https://shop.example/*');
    expect(sitePattern('https://[::1]:8443')).toBe('https://[::1]/*');
  });

  it('one pattern per host, all sites, or none', () => {
    expect(matchPatterns({ mode: 'sites', sites: ['http://localhost:3000', 'http://localhost:4000', 'https://shop.example'] })).toEqual([
      'http://localhost/*',
      'https://shop.example/*',
    ]);
    expect(matchPatterns({ mode: 'all', sites: ['https://shop.example'] })).toEqual(ALL_SITES_PATTERNS);
    expect(matchPatterns({ mode: 'off', sites: ['https://shop.example'] })).toEqual([]);
  });
});
