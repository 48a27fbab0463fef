/** lib/platform.ts (browser APIs WXT's fake browser lacks) as the background's unit tests replace it. */
import { vi } from 'vitest';

export const injectDetector = vi.fn();
export const syncDetectorRegistration = vi.fn(async () => []);
export const setBadge = vi.fn(async () => undefined);
export const setTabPopup = vi.fn(async () => undefined);
export const requestOrigins = vi.fn(async () => true);
export const listenForPorts = vi.fn(() => () => undefined);
export const onPermissionsChanged = vi.fn(() => () => undefined);
export const CONTENT_SCRIPT_FILE = '/detector.js';
export const touchExtensionApi = vi.fn(async () => undefined);
