/**
 * The sandbox's "Sign in to Octogen" page in real Chromium, as the extension's e2e tests meet it: found by role and
 * name, keyboard-reachable, axe-clean, and Allow / Deny redirect back with the code or access_denied and the state.
 * (No extension here: the client is a loopback redirect URI on the sandbox itself.)
 */
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test, type Browser } from '@playwright/test';
import { ensureChromium } from '../../scripts/lib/chromium';
import { startSandbox, type RunningSandbox } from '../../sandbox/start';
import { pkce, register } from '../unit/helpers/oauth';

let sandbox: RunningSandbox;
let browser: Browser;

test.beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  browser = await chromium.launch({ executablePath: ensureChromium() });
});
test.afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

async function authorizeUrl() {
  const redirect = `${sandbox.origin}/demo/`;
  const client = (await register(sandbox, { client_name: 'Octolens', redirect_uris: [redirect] })).json;
  const url = new URL(`${sandbox.origin}/oauth2/authorize`);
  const params = {
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: redirect,
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
    state: 'e2e-state',
    resource: sandbox.oauth.resource,
    scope: 'openid profile email offline_access',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return { url: url.href, redirect };
}

test('the page has a heading, names who signs in, is axe-clean and keyboard-usable; Allow returns a code and the state', async () => {
  const page = await (await browser.newContext()).newPage();
  const { url, redirect } = await authorizeUrl();
  await page.goto(url);
  await expect(page).toHaveTitle('Sign in to Octogen');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Octogen' })).toBeVisible();
  await expect(page.getByText('Dana Demo (dana.demo@demo-catalog-partner.example)')).toBeVisible();
  await expect(page.getByText('Demo Catalog Partner')).toBeVisible();
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  // Keyboard: Tab reaches Allow first, then Deny.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Allow' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Deny' })).toBeFocused();

  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL((u) => u.href.startsWith(redirect) && u.searchParams.has('code'));
  const back = new URL(page.url());
  expect(back.searchParams.get('code')).toMatch(/^oac_/);
  expect(back.searchParams.get('state')).toBe('e2e-state');
  await page.close();
});

test('Deny returns access_denied and the state, without a code', async () => {
  const page = await (await browser.newContext()).newPage();
  const { url, redirect } = await authorizeUrl();
  await page.goto(url);
  await page.getByRole('button', { name: 'Deny' }).click();
  await page.waitForURL((u) => u.href.startsWith(redirect) && u.searchParams.has('error'));
  const back = new URL(page.url());
  expect(back.searchParams.get('error')).toBe('access_denied');
  expect(back.searchParams.get('state')).toBe('e2e-state');
  expect(back.searchParams.has('code')).toBe(false);
  await page.close();
});

test('an unknown client sees an error page, not a redirect', async () => {
  const page = await (await browser.newContext()).newPage();
  const response = await page.goto(`${sandbox.origin}/oauth2/authorize?response_type=code&client_id=client_nope&redirect_uri=${encodeURIComponent('https://evil.example/')}`);
  expect(response!.status()).toBe(400);
  expect(page.url()).toContain('/oauth2/authorize');
  await expect(page.getByRole('heading', { name: 'Sign-in error' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('not registered');
  await page.close();
});
