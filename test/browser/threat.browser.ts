/**
 * The dashboard's main threat journey in a real browser against a real server: sign in, create a
 * honeypot through the form (a wrong domain's 422 is shown under the address field), send it
 * phishing over real SMTP, watch it appear in the email list with its score, open the detail and
 * its indicators, IOCs, source and an attachment (downloaded behind the warning, bytes checked), see
 * the overview count it, bulk create / bulk status change / delete honeypots, and open the campaign.
 * Every page is screenshotted light and dark at 1280×800 and 390×844.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserAvailable, HONEYPOT_DOMAIN, launchBrowser, newContext, screenshot, signIn, startDashboardServer, waitForCount, type DashboardServer } from './support.ts';

const EMAIL = 'analyst@example.com';
const TRAP = `sales@${HONEYPOT_DOMAIN}`;
const SUBJECT = 'Urgent: your account has been suspended';
const ATTACHMENT = 'Invoice 2291 — pay within 24 hours.\n';
const FORGED_HOP = 'mail.paypa1-secure.com (unknown [198.51.100.7])';

/** Screenshots the current page light and dark, at 1280×800 and 390×844, then restores desktop light. */
async function shootAll(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
    await page.setViewportSize(viewport);
    // The phone layout slides the sidebar away with a transition: shoot once it has finished.
    await page.waitForFunction('document.getAnimations().every((a) => a.playState !== "running")');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await screenshot(page, `${name}-${size}-${scheme}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
}

/** A PayPal look-alike phishing message with urgency text and a text attachment, over real SMTP. */
async function sendPhishing(server: DashboardServer, to: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({
      from: '"PayPal Security" <security@paypa1-secure.com>',
      to,
      subject: SUBJECT,
      text: 'Dear customer, your PayPal account has been suspended. Verify your identity within 24 hours or it will be closed: http://paypa1-secure.com/login?verify=1',
      html: '<p>Dear customer, your PayPal account has been <b>suspended</b>. <a href="http://paypa1-secure.com/login?verify=1">Verify now</a> within 24 hours.</p>',
      attachments: [{ filename: 'invoice.txt', content: ATTACHMENT }],
      // A hop the sender claims (forgeable, as the page says), so the Received chain has something to show.
      headers: { Received: `from ${FORGED_HOP} by relay.paypa1-secure.com with ESMTP id 4F2a; Tue, 24 Nov 2026 02:00:00 +0000` },
    });
  } finally {
    transport.close();
  }
}

/** The text of the stat card with `label` on the overview. */
async function statValue(page: Page, label: string): Promise<string> {
  return page.getByRole('region', { name: label }).locator('.stat-value').innerText();
}

describe('dashboard: threat intelligence', () => {
  let server: DashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    if (!browserAvailable()) return;
    [server, browser] = await Promise.all([startDashboardServer(), launchBrowser()]);
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

  it('creates a honeypot through the form, showing the 422 for a wrong domain next to the address field', async (t) => {
    if (!browserAvailable(t)) return;
    // A new account's overview says how to start, with the accepted domain.
    await page.getByRole('heading', { name: 'Create your first honeypot' }).waitFor();
    await page.getByText(HONEYPOT_DOMAIN, { exact: true }).first().waitFor();
    await shootAll(page, 'overview-new-account');

    await page.getByRole('link', { name: 'Honeypots' }).click();
    await page.getByRole('heading', { name: 'Create your first honeypot' }).waitFor();
    await shootAll(page, 'honeypots-empty');
    await page.getByRole('button', { name: 'New honeypot' }).click();
    const dialog = page.getByRole('dialog', { name: 'New honeypot' });
    const address = dialog.getByLabel('Email address');
    await address.fill('sales@wrong.example');
    await dialog.getByRole('button', { name: 'Create honeypot' }).click();
    const fieldError = dialog.locator('.field-invalid').filter({ has: page.getByLabel('Email address') }).locator('.field-error');
    await fieldError.waitFor();
    assert.match(await fieldError.innerText(), /does not receive mail for wrong\.example; accepted domains: trap\.test/);
    assert.equal(await address.getAttribute('aria-invalid'), 'true');
    await shootAll(page, 'honeypot-form-error');

    await address.fill(TRAP);
    await dialog.getByLabel('Tags').fill('phishing, website');
    await dialog.getByLabel('Threat threshold (0–100)').fill('60');
    await dialog.getByRole('button', { name: 'Create honeypot' }).click();
    await page.getByText(`${TRAP} created`).waitFor();
    await page.getByRole('link', { name: TRAP }).waitFor();
  });

  it('shows phishing sent over SMTP in the email list with its score, and its detail with indicators', async (t) => {
    if (!browserAvailable(t)) return;
    await sendPhishing(server, TRAP);
    await sendPhishing(server, TRAP);
    await page.getByRole('link', { name: 'Emails' }).click();
    // Rows appear at once; the page refreshes itself while analysis runs (a few seconds).
    const rows = page.locator('tbody tr', { hasText: SUBJECT });
    await rows.nth(1).waitFor({ timeout: 20_000 });
    await page.locator('tbody tr .badge-class').nth(1).waitFor({ timeout: 20_000 });
    const score = Number(await rows.first().locator('.badge').first().innerText());
    assert.ok(score >= 60, `a look-alike PayPal lure should score as a threat, got ${score}`);
    assert.match(await rows.first().innerText(), new RegExp(`CRITICAL|THREAT`));
    assert.match(await rows.first().innerText(), new RegExp(TRAP));
    await shootAll(page, 'emails-list');

    // Filters live in the URL: a minimum score above the message's hides it.
    await page.getByLabel('Min. threat score').fill(String(score + 1));
    await page.getByLabel('Min. threat score').press('Enter');
    await page.getByRole('heading', { name: 'No email matches these filters' }).waitFor();
    assert.match(page.url(), new RegExp(`min_score=${score + 1}`));
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await rows.first().waitFor();

    await rows.first().getByRole('link', { name: SUBJECT }).click();
    await page.getByRole('heading', { name: 'Why it scored this way' }).waitFor();
    const indicators = await page.locator('ul.indicators').innerText();
    assert.match(indicators, /PayPal/);
    assert.match(indicators, /within 24 hours|urgent/i);
    await shootAll(page, 'email-detail-analysis');

    await page.getByRole('tab', { name: /IOCs/ }).click();
    await page.getByText('hxxp://paypa1-secure[.]com/login?verify=1', { exact: true }).waitFor();
    await shootAll(page, 'email-detail-iocs');

    await page.getByRole('tab', { name: 'Origin & headers' }).click();
    await page.getByRole('heading', { name: 'Received chain' }).waitFor();
    await page.locator('.received-chain').getByText(FORGED_HOP).waitFor();
    await page.getByRole('heading', { name: /All header fields/ }).waitFor();
    await shootAll(page, 'email-detail-headers');

    await page.getByRole('tab', { name: 'Source' }).click();
    await page.locator('pre.raw-source', { hasText: `Subject: ${SUBJECT}` }).waitFor();

    await page.getByRole('tab', { name: /Attachments/ }).click();
    await page.getByRole('button', { name: 'Download…' }).click();
    const warning = page.getByRole('dialog', { name: 'This file may be malicious' });
    await warning.waitFor();
    await shootAll(page, 'email-detail-attachment-warning');
    const [download] = await Promise.all([page.waitForEvent('download'), warning.getByRole('button', { name: 'Download anyway' }).click()]);
    assert.equal(download.suggestedFilename(), 'invoice.txt');
    assert.equal(fs.readFileSync(await download.path(), 'utf8'), ATTACHMENT);
  });

  it('counts the captured mail on the overview and groups it into a campaign', async (t) => {
    if (!browserAvailable(t)) return;
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('region', { name: 'Total emails' }).getByText('analysed').waitFor();
    assert.equal(await statValue(page, 'Total emails'), '2');
    assert.equal(await statValue(page, 'Threats detected'), '2');
    assert.equal(await statValue(page, 'Active honeypots'), '1');
    assert.equal(await statValue(page, 'Active alerts'), '1');
    await page.getByText('Mailbox warm-up is part').or(page.getByText('No mailbox is warming up')).waitFor();
    await shootAll(page, 'overview');

    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: SUBJECT }).click();
    await page.getByRole('heading', { name: 'Shared indicators' }).waitFor();
    await page.getByText('paypa1-secure[.]com', { exact: true }).first().waitFor();
    // First and last seen come with the campaign; its messages with a second request, a moment later.
    await waitForCount(page.locator('.timeline li'), 4); // first seen, two messages, last seen
    await shootAll(page, 'campaign-detail');
    await page.getByRole('link', { name: '← Campaigns' }).click();
    await page.getByRole('link', { name: SUBJECT }).waitFor();
    await shootAll(page, 'campaigns');
  });

  it('bulk creates from pasted addresses, changes the status of selected rows, and deletes with confirmation', async (t) => {
    if (!browserAvailable(t)) return;
    await page.getByRole('link', { name: 'Honeypots' }).click();
    await page.getByRole('button', { name: 'Bulk create' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create honeypots in bulk' });
    await dialog.getByLabel('Addresses').fill(`hr@${HONEYPOT_DOMAIN}\nit@${HONEYPOT_DOMAIN}\nceo@nope.example`);
    await dialog.getByRole('button', { name: 'Create 3 honeypots' }).click();
    await dialog.getByText('2 created').waitFor();
    assert.match(await dialog.locator('.bulk-errors').innerText(), /ceo@nope\.example: .*does not receive mail for nope\.example/);
    assert.equal(await dialog.getByLabel('Addresses').inputValue(), 'ceo@nope.example', 'the failed line stays to be fixed');
    await shootAll(page, 'honeypots-bulk-result');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByText('2 honeypot(s) created.').waitFor();

    await page.getByLabel(`Select hr@${HONEYPOT_DOMAIN}`).check();
    await page.getByLabel(`Select it@${HONEYPOT_DOMAIN}`).check();
    await page.getByLabel('New status').selectOption('inactive');
    await page.getByRole('button', { name: 'Apply to 2' }).click();
    await page.getByText('2 honeypot(s) set to inactive.').waitFor();
    await shootAll(page, 'honeypots');
    // Read back through the list filter (status lives in the URL).
    await page.getByLabel('Status').selectOption('inactive');
    await page.waitForURL(/status=inactive/);
    await page.getByRole('link', { name: `hr@${HONEYPOT_DOMAIN}` }).waitFor();
    await waitForCount(page.locator('tbody tr'), 2);

    await page.getByRole('button', { name: `Delete it@${HONEYPOT_DOMAIN}` }).click();
    const confirm = page.getByRole('dialog', { name: `Delete it@${HONEYPOT_DOMAIN}?` });
    assert.match(await confirm.innerText(), /the 0 emails it captured/);
    await confirm.getByRole('button', { name: 'Delete honeypot' }).click();
    await page.getByText(`it@${HONEYPOT_DOMAIN} deleted.`).waitFor();
    await waitForCount(page.locator('tbody tr'), 1);

    await page.getByLabel('Status').selectOption('');
    await page.getByRole('link', { name: TRAP }).click();
    await page.getByRole('heading', { name: 'Latest emails' }).waitFor();
    await page.getByRole('link', { name: 'All 2 emails →' }).waitFor();
    await shootAll(page, 'honeypot-detail');
    await page.getByRole('button', { name: 'Delete…' }).click();
    assert.match(await page.getByRole('dialog', { name: `Delete ${TRAP}?` }).innerText(), /the 2 emails it captured/);
    await page.getByRole('dialog', { name: `Delete ${TRAP}?` }).getByRole('button', { name: 'Cancel' }).click();
  });
});
