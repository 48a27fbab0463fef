/**
 * Pins the production manifest's permissions: any widening is a visible decision, made here.
 */
import { describe, expect, it, vi } from 'vitest';
import config from '../../wxt.config';

type ManifestFn = (env: { browser: string; manifestVersion: 2 | 3; mode: string; command: 'build' | 'serve' }) => Record<string, unknown>;

const manifest = (browser: string, mode = 'production') =>
  (config.manifest as ManifestFn)({ browser, manifestVersion: browser === 'firefox' ? 2 : 3, mode, command: 'build' });

describe('production manifest', () => {
  it('asks at install only for activeTab, scripting, storage and the default API origin', () => {
    const m = manifest('chrome');
    expect(m.permissions).toEqual(['activeTab', 'scripting', 'storage', 'alarms']);
    expect(m.host_permissions).toEqual(['https://api.octogen.ai/*']);
  });

  it('keeps everything broader optional, asked for at the moment of use', () => {
    expect(manifest('chrome').optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    // Sign in with Octogen's web-auth window: asked for when the user presses Sign in.
    expect(manifest('chrome').optional_permissions).toEqual(['identity']);
  });

  it('declares no content script in the manifest (it is injected on click or registered at runtime)', () => {
    expect(manifest('chrome').content_scripts).toBeUndefined();
  });

  it('keeps the same optional hosts and shortcut in the Firefox (MV2) build', () => {
    const m = manifest('firefox');
    // Firefox cannot make identity optional (its schema lists it only as a no-prompt permission): required there.
    expect(m.permissions).toEqual(['activeTab', 'scripting', 'storage', 'alarms', 'identity']);
    expect(m.optional_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(Object.keys(m.commands as object)).toEqual(['_execute_browser_action']);
  });

  it('gives Firefox an id and says no data is collected', () => {
    expect(manifest('firefox').browser_specific_settings).toEqual({
      gecko: expect.objectContaining({ id: expect.any(String), data_collection_permissions: { required: ['none'] } }),
    });
    expect(manifest('chrome').browser_specific_settings).toBeUndefined();
  });

  it('only the sandbox build (tests, npm start) may reach loopback', async () => {
    process.env.OCTOLENS_SANDBOX = '1';
    vi.resetModules();
    try {
      const sandbox = (await import('../../wxt.config')).default;
      const m = (sandbox.manifest as ManifestFn)({ browser: 'chrome', manifestVersion: 3, mode: 'production', command: 'build' });
      expect(m.host_permissions).toEqual(['https://api.octogen.ai/*', 'http://127.0.0.1/*', 'http://localhost/*']);
    } finally {
      delete process.env.OCTOLENS_SANDBOX;
    }
  });
});
