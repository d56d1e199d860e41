/** Sign-in through the mailed link, the session surviving a reload, sign-out. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser, newContext, screenshot, signIn, startDashboardServer, type DashboardServer } from './support.ts';

describe('dashboard sign-in', () => {
  let server: DashboardServer;
  let browser: Browser;

  before(async () => {
    if (!browserAvailable()) return;
    server = await startDashboardServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in with the mailed link, stays signed in across a reload, signs out', async (t) => {
    if (!browserAvailable(t)) return;
    const context = await newContext(browser, { enforceCsp: true });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    const response = await page.goto(`${server.url}/emails?page=2`);
    assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
    assert.equal(response?.headers()['x-frame-options'], 'DENY');
    await page.getByRole('heading', { name: 'Sign in to Mailwarden' }).waitFor();
    await screenshot(page, 'sign-in-light');
    await signIn(page, server, 'analyst@example.com');
    assert.match(await page.locator('.sidebar-footer').innerText(), /analyst@example\.com/);
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    // Every page loads under the Content-Security-Policy (scripts and data only from this server).
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const label of ['Honeypots', 'Emails', 'Campaigns', 'Reports', 'Webhooks', 'Mailboxes', 'API keys', 'Profile & audit log', 'Overview']) {
      await nav.getByRole('link', { name: label }).click();
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
    }
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Mailwarden' }).waitFor();
    assert.deepEqual(blocked, [], 'nothing the dashboard does is blocked by its Content-Security-Policy');
    await context.close();
  });

  it('renews a rejected access token with the refresh token and saves the form the user was filling in', async (t) => {
    if (!browserAvailable(t)) return;
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, 'renewal@example.com');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile & audit log' }).click();
    await page.getByLabel('Name').fill('Grace Renewed');
    // Another tab stores an access token the server does not know (as after it expired); the first
    // tab picks it up through the storage event, so its next call is answered 401.
    const original = await page.evaluate(`JSON.parse(localStorage.getItem('mw.session')).accessToken`);
    const other = await context.newPage();
    await other.goto(`${server.url}/sign-in`);
    await other.evaluate(`(() => {
      const stored = JSON.parse(localStorage.getItem('mw.session'));
      stored.accessToken = 'mwa_' + 'x'.repeat(43);
      localStorage.setItem('mw.session', JSON.stringify(stored));
    })()`);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    const renewed = await page.evaluate(`JSON.parse(localStorage.getItem('mw.session')).accessToken`);
    assert.ok(typeof renewed === 'string' && renewed !== 'mwa_' + 'x'.repeat(43) && renewed !== original, 'the refresh token bought a new access token');
    const me = await fetch(`${server.url}/v1/users/me`, { headers: { authorization: `Bearer ${renewed as string}` } });
    assert.equal(((await me.json()) as { data: { name: string } }).data.name, 'Grace Renewed', 'the edit was saved, not lost');
    await context.close();
  });

  it('explains a used or invalid link', async (t) => {
    if (!browserAvailable(t)) return;
    const context = await newContext(browser, { colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in?token=mwl_notarealtoken`);
    await page.getByText('That sign-in link did not work').waitFor();
    await screenshot(page, 'sign-in-bad-link-dark');
    await context.close();
  });
});
