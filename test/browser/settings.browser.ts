/**
 * The dashboard's webhooks, reports, API keys, profile and (free-plan) mailboxes pages in a real
 * browser against a real server: a webhook's "Send test" reaches a loopback receiver with valid
 * signatures and shows in the delivery log; a report is generated and its downloaded file is a PDF;
 * an API key read from the create dialog works against /v1/users/me, and stops working when
 * regenerated. Every page is screenshotted in both themes at desktop and phone sizes.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { WebhookReceiver } from '../support/webhook-receiver.ts';
import { browserAvailable, launchBrowser, newContext, screenshot, screenshotAllSizes, signIn, startDashboardServer, type DashboardServer } from './support.ts';

const EMAIL = 'settings@example.com';

async function fetchMe(server: DashboardServer, key: string): Promise<Response> {
  return fetch(`${server.url}/v1/users/me`, { headers: { authorization: `Bearer ${key}` } });
}

describe('dashboard: webhooks, reports, API keys, profile', () => {
  let server: DashboardServer;
  let browser: Browser;
  let receiver: WebhookReceiver;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    if (!browserAvailable()) return;
    [server, browser, receiver] = await Promise.all([startDashboardServer(), launchBrowser(), WebhookReceiver.start()]);
    context = await newContext(browser);
    page = await context.newPage();
    await signIn(page, server, EMAIL);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await receiver?.close();
    await server?.stop();
  });

  it('creates a webhook, shows its secret once, and "Send test" reaches the receiver signed and shows in the log', async (t) => {
    if (!browserAvailable(t)) return;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'No webhooks yet' }).waitFor();
    await screenshotAllSizes(page, 'webhooks-empty');

    await page.getByRole('button', { name: 'New webhook' }).click();
    const url = receiver.url('/hook', 'not-known-yet');
    // A bad URL first: the API's message shows under the URL field.
    await page.getByLabel('URL', { exact: true }).fill('ftp://example.com/hook');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.locator('.field-error', { hasText: 'url must use http:// or https://' }).waitFor();
    await screenshot(page, 'webhooks-form-error-desktop-light');
    await page.getByLabel('URL', { exact: true }).fill(url);
    await page.getByLabel('email.received').check();
    await page.getByRole('button', { name: 'Create webhook' }).click();

    await page.getByTestId('webhook-secret').waitFor();
    const secret = (await page.getByTestId('webhook-secret').innerText()).trim();
    assert.match(secret, /^whsec_/);
    receiver.url('/hook', secret);
    await screenshotAllSizes(page, 'webhooks-secret-dialog');
    await page.getByRole('button', { name: 'I have stored the secret' }).click();

    await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByTestId('test-outcome').filter({ hasText: 'Test delivered' }).waitFor({ timeout: 20_000 });
    assert.equal(receiver.requests.length, 1);
    const [delivery] = receiver.requests;
    assert.equal(delivery!.payload.type, 'webhook.test');
    assert.ok(delivery!.standardValid, 'the Standard Webhooks signature verifies with the secret the dialog showed');
    assert.ok(delivery!.plainValid, 'X-Webhook-Signature verifies with the secret the dialog showed');
    // The log row appears when the attempt starts; wait for its outcome.
    const row = page.locator('tbody tr', { hasText: 'webhook.test' }).filter({ hasText: 'succeeded' }).first();
    await row.waitFor();
    assert.match(await row.locator('td').nth(2).innerText(), /^200$/);
    await page.getByText('Verifying deliveries').click();
    await screenshotAllSizes(page, 'webhook-detail');

    await page.getByRole('link', { name: '← Webhooks' }).click();
    await page.locator('tbody tr', { hasText: url }).waitFor();
    await screenshotAllSizes(page, 'webhooks-list');
  });

  it('creates a report, shows it generating until ready, downloads a PDF, and explains a bad schedule next to its field', async (t) => {
    if (!browserAvailable(t)) return;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'No reports yet' }).waitFor();
    await screenshotAllSizes(page, 'reports-empty');

    await page.getByRole('button', { name: 'New report' }).click();
    await page.getByLabel('Name').fill('Scheduled digest');
    await page.getByLabel('Generate automatically on a schedule').check();
    await page.getByLabel('Time zone').fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Create scheduled report' }).click();
    await page.locator('.field-error', { hasText: 'schedule.timezone must be an IANA time zone' }).waitFor();
    await screenshotAllSizes(page, 'reports-form-error');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'New report' }).click();
    await page.getByLabel('Name').fill('Weekly PDF');
    await page.getByLabel('Format').selectOption('pdf');
    await page.getByRole('button', { name: 'Create and generate' }).click();
    const row = page.locator('tr[data-report="Weekly PDF"]');
    await row.getByRole('button', { name: 'Download' }).waitFor({ timeout: 30_000 });

    // Generate again: the row follows it until a newer file is ready.
    const firstRun = await row.getAttribute('data-generated-at');
    assert.ok(firstRun);
    await row.getByRole('button', { name: 'Regenerate' }).click();
    const regenerated = page.locator(`tr[data-report="Weekly PDF"]:not([data-generated-at="${firstRun}"]):not([data-generated-at=""])`);
    await regenerated.getByRole('button', { name: 'Download' }).waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), regenerated.getByRole('button', { name: 'Download' }).click()]);
    assert.match(download.suggestedFilename(), /^weekly-pdf-\d{4}-\d{2}-\d{2}\.pdf$/);
    const bytes = fs.readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    await screenshotAllSizes(page, 'reports-list');
  });

  it('creates an API key shown once that works against /v1/users/me, regenerates it, and deletes it', async (t) => {
    if (!browserAvailable(t)) return;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'No API keys yet' }).waitFor();
    await screenshotAllSizes(page, 'api-keys-empty');

    await page.getByRole('button', { name: 'New API key' }).click();
    await page.getByLabel('Name').fill('SIEM');
    await page.getByLabel('users:read').check();
    await screenshotAllSizes(page, 'api-keys-form');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByText('This key will not be shown again').waitFor();
    const first = (await page.getByTestId('new-api-key').innerText()).trim();
    assert.match(first, /^sk_live_/);
    await screenshotAllSizes(page, 'api-keys-created-dialog');
    const me = await fetchMe(server, first);
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { data: { email: string } }).data.email, EMAIL);
    await page.getByRole('button', { name: 'I have copied the key' }).click();

    const row = page.locator('tr[data-key="SIEM"]');
    assert.match(await row.innerText(), new RegExp(first.slice(0, 12)));
    await screenshotAllSizes(page, 'api-keys-list');

    await row.getByRole('button', { name: 'Regenerate' }).click();
    await page.getByRole('button', { name: 'Regenerate key' }).click();
    await page.getByText('The previous key stopped working').waitFor();
    const second = (await page.getByTestId('new-api-key').innerText()).trim();
    assert.notEqual(second, first);
    assert.equal((await fetchMe(server, first)).status, 401);
    assert.equal((await fetchMe(server, second)).status, 200);
    await page.getByRole('button', { name: 'I have copied the key' }).click();

    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('get 401 from their next request').waitFor();
    await page.getByRole('button', { name: 'Delete key' }).click();
    await page.getByRole('heading', { name: 'No API keys yet' }).waitFor();
    assert.equal((await fetchMe(server, second)).status, 401);
  });

  it('edits the profile name and lists the actions in the audit log', async (t) => {
    if (!browserAvailable(t)) return;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile & audit log' }).click();
    await page.getByLabel('Name').fill('Ada Analyst');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    // The stored name is in the field as soon as the form is drawn (no empty first frame).
    await page.getByLabel('Name').waitFor();
    assert.equal(await page.getByLabel('Name').inputValue(), 'Ada Analyst');
    for (const action of ['Signed in', 'API key created', 'API key regenerated', 'API key deleted', 'Webhook created', 'Profile changed']) {
      await page.locator('tbody td', { hasText: action }).first().waitFor();
    }
    await screenshotAllSizes(page, 'profile');
  });

  it('explains that mailboxes need the Pro plan instead of showing a 403', async (t) => {
    if (!browserAvailable(t)) return;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailboxes' }).click();
    await page.getByRole('heading', { name: 'Mailbox warm-up needs the Pro or Enterprise plan' }).waitFor();
    assert.equal(await page.locator('.notice-error').count(), 0);
    await screenshotAllSizes(page, 'mailboxes-free-plan');
  });
});
