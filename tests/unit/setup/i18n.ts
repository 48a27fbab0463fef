/**
 * WXT's fake browser has no i18n: give it the English catalogue, as Chromium would with an English UI (#27). Tests
 * keep reading and selecting by the English strings.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { chromeMessages, getMessageFrom } from '../../../scripts/lib/locales';

const getMessage = getMessageFrom(await chromeMessages('en'));
Object.assign(fakeBrowser.i18n, {
  getMessage,
  getUILanguage: () => 'en-US',
});
const chrome = (globalThis as { chrome?: { i18n?: unknown } }).chrome;
if (chrome && !chrome.i18n) chrome.i18n = fakeBrowser.i18n;
