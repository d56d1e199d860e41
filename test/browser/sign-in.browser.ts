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
