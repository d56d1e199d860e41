/**
 * The mailbox pages against the loopback mail + DNS harness (test/harness/start.sh): a Pro user adds
 * a mailbox on the harness's Postfix/Dovecot through the form, sees it verified and active, sees its
 * DNS status (SPF/DKIM/DMARC of alpha.test) and blacklist scan, refreshes them live, edits the warm-up
 * settings (an invalid value explained under its field), pauses and resumes, and deletes it.
 *
 * Skips unless the harness is running; with MAILWARDEN_HARNESS_REQUIRED=1 a missing harness fails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { harnessPassword, loadHarness, requireHarness } from '../support/harness.ts';
import { browserAvailable, launchBrowser, newContext, screenshotAllSizes, signIn, startDashboardServer, type DashboardServer } from './support.ts';

const EMAIL = 'warmup-owner@example.com';
const MAILBOX = 'user1@alpha.test';

describe('dashboard: mailboxes on the mail/DNS harness', () => {
  const harness = loadHarness();
  let server: DashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    if (harness === null || !browserAvailable()) return;
    [server, browser] = await Promise.all([
      startDashboardServer({
        DNS_SERVERS: harness.dnsServer,
        MAILBOX_TLS_CA_FILE: harness.caFile,
        MAILBOX_CONNECT_TIMEOUT_MS: '3000',
        // The harness's lists: zen.test answers like Spamhaus ZEN, dbl.test like the DBL.
        DNSBL_LISTS: 'zen.test=spamhaus-zen',
        DNSBL_DOMAIN_LISTS: 'dbl.test=spamhaus-dbl',
      }),
      launchBrowser(),
    ]);
    // The plan is set before the first sign-in, as an administrator would.
    server.cli(['users', 'create', '--email', EMAIL, '--plan', 'pro']);
    context = await newContext(browser);
    page = await context.newPage();
    await signIn(page, server, EMAIL);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('adds a mailbox through the form, sees it verified with its DNS and blacklist status, edits, pauses and deletes it', async (t) => {
    const h = requireHarness(t);
    if (h === null || !browserAvailable(t)) return;
    const password = harnessPassword(h, MAILBOX);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailboxes' }).click();
    await page.getByRole('heading', { name: 'No mailboxes connected' }).waitFor();
    await screenshotAllSizes(page, 'mailboxes-empty');

    await page.getByRole('button', { name: 'Add a mailbox' }).click();
    await page.getByLabel('Provider').selectOption('custom');
    await page.getByLabel('E-mail address').fill(MAILBOX);
    await page.getByLabel('Password', { exact: true }).fill(password);
    const smtp = page.locator('fieldset', { hasText: 'Sending (SMTP)' });
    const imap = page.locator('fieldset', { hasText: 'Receiving (IMAP)' });
    await smtp.getByLabel('Host').fill(h.host);
    await smtp.getByLabel('Port').fill('70000');
    await imap.getByLabel('Host').fill(h.host);
    await imap.getByLabel('Port').fill(String(h.ports.imaps));
    await imap.getByLabel('Security').selectOption('tls');
    await page.getByRole('button', { name: 'Add mailbox' }).click();
    // The API's message for the port, under the port field.
    await smtp.locator('.field-error', { hasText: 'smtp_port must be <= 65535' }).waitFor();
    await screenshotAllSizes(page, 'mailboxes-add-form-error');
    await smtp.getByLabel('Port').fill(String(h.ports.submission));
    await page.getByRole('button', { name: 'Add mailbox' }).click();

    // The detail page: the login check runs in the background, the page follows it.
    await page.getByRole('heading', { name: MAILBOX }).waitFor();
    await page.getByText('logins verified').waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('.page-header .badge-status').innerText(), 'active');
    const record = (name: string) => page.locator(`li[data-record="${name}"] .badge-status`);
    // alpha.test publishes an SPF record covering 127.0.0.1, a DKIM key at sel1 and DMARC p=reject.
    await record('spf').filter({ hasText: 'pass' }).waitFor({ timeout: 20_000 });
    assert.equal(await record('dkim').innerText(), 'pass');
    assert.equal(await record('dmarc').innerText(), 'pass');
    await page.getByRole('button', { name: 'Refresh DNS' }).click();
    await page.locator('.card', { hasText: 'DNS authentication' }).getByText('(live)').waitFor({ timeout: 20_000 });
    await page.getByText('lists answered').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Refresh blacklists' }).click();
    await page.locator('.card', { hasText: 'Blacklists' }).getByText('(live)').waitFor({ timeout: 20_000 });

    // Warm-up settings: an out-of-range rate is explained under its field; a good one is saved.
    const settings = page.locator('form', { hasText: 'Warm-up settings' });
    await settings.getByLabel('Reply rate (%)').fill('150');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.locator('.field-error', { hasText: 'reply_rate' }).waitFor();
    await settings.getByLabel('Reply rate (%)').fill('45');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByText('Settings saved.').waitFor();
    const key = server.cli(['keys', 'create', '--user', EMAIL, '--permissions', 'read']).trim();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const warmup = (await (await fetch(`${server.url}/api/v1/warmup?mailbox_id=${id}`, { headers: { authorization: `Bearer ${key}` } })).json()) as { config: { reply_rate: number } };
    assert.equal(warmup.config.reply_rate, 45);
    await screenshotAllSizes(page, 'mailbox-detail');

    await page.getByRole('button', { name: 'Pause warm-up' }).click();
    await page.getByText('Warm-up is paused.').waitFor();
    await page.getByRole('button', { name: 'Resume warm-up' }).click();
    await page.getByRole('button', { name: 'Pause warm-up' }).waitFor();

    await page.getByRole('link', { name: '← Mailboxes' }).click();
    const row = page.locator('tbody tr', { hasText: MAILBOX });
    await row.waitFor();
    assert.match(await row.innerText(), /active/);
    await screenshotAllSizes(page, 'mailboxes-list');

    await row.getByRole('link', { name: MAILBOX }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('its stored passwords are erased').waitFor();
    await page.getByRole('button', { name: 'Delete mailbox' }).click();
    await page.getByRole('heading', { name: 'No mailboxes connected' }).waitFor();
  });
});
