/**
 * Campaign clustering through the real capture + analysis pipeline: a burst of similar phishing across
 * two honeypots becomes one campaign with exactly one pattern.detected event; unrelated mail stays
 * apart; the API lists campaigns per user.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InboundEnvelope } from '../../src/emails/ingest.service.ts';
import type { TestApp } from '../support/app.ts';
import { buildMessage, createTenant, emailsTestApp, ingest, SMTP_ENVELOPE, type Tenant } from '../emails/support.ts';

const NAMES = ['Alice Martin', 'Bob Chen', 'Carla Diaz', 'Dmitri Ivanov', 'Emma Stone', 'Farid Haddad'];

function phish(to: string, index: number): Buffer {
  const name = NAMES[index % NAMES.length]!;
  return buildMessage({
    from: 'PayPal Security <security@paypa1-alerts.example>',
    to,
    subject: `Action required: account ${4000 + index * 7} suspended`,
    text: [
      `Dear ${name},`,
      '',
      `We noticed unusual sign-in activity on your account ending in ${1000 + index * 13}. For your protection we have`,
      'temporarily limited what you can do with it. To restore full access you must confirm your identity within',
      `24 hours at https://secure-verify.paypa1-alerts.example/confirm?token=${index}abc${index * 31} or your account`,
      'will be permanently closed and any remaining balance will be held for 180 days pending review.',
      '',
      'Thank you for being a valued customer.',
      'The Security Team',
    ].join('\n'),
  });
}

function unrelated(to: string): Buffer {
  return buildMessage({
    from: 'Garden Weekly <news@garden-weekly.example>',
    to,
    subject: 'Ten bulbs to plant this autumn',
    text: 'Our autumn planting guide is here: tulips, daffodils and alliums, with spacing and depth for each. Read it at https://garden-weekly.example/autumn and enjoy the season.',
  });
}

const OTHER_ENVELOPE: InboundEnvelope = { ...SMTP_ENVELOPE, mailFrom: 'bounce@garden-weekly.example', clientIp: '198.51.100.20', helo: 'mail.garden-weekly.example' };

describe('campaigns', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  const burstIds: string[] = [];
  let unrelatedId = '';

  before(async () => {
    t = await emailsTestApp();
    tenant = await createTenant(t, 2);
    other = await createTenant(t, 1);
    for (let i = 0; i < 6; i++) {
      const honeypot = tenant.honeypots[i % 2]!;
      t.clock.advance(60_000);
      const result = await ingest(t, phish(honeypot.address, i), [{ honeypotId: honeypot.id, userId: tenant.id }]);
      burstIds.push(...result.emailIds);
    }
    t.clock.advance(60_000);
    unrelatedId = (await ingest(t, unrelated(tenant.honeypots[0]!.address), [{ honeypotId: tenant.honeypots[0]!.id, userId: tenant.id }], OTHER_ENVELOPE)).emailIds[0]!;
  });
  after(() => t.close());

  const db = () => t.testDb.db.kysely;

  it('puts every message of the burst into one campaign, across both honeypots', async () => {
    const rows = await db().selectFrom('emails').select(['id', 'campaign_id']).where('id', 'in', burstIds).execute();
    assert.equal(rows.length, 6);
    const campaignIds = new Set(rows.map((r) => r.campaign_id));
    assert.equal(campaignIds.size, 1);
    assert.ok(rows[0]!.campaign_id?.startsWith('campaign_'));
    const campaign = await db().selectFrom('campaigns').selectAll().where('id', '=', rows[0]!.campaign_id!).executeTakeFirstOrThrow();
    assert.equal(Number(campaign.message_count), 6);
    assert.equal(Number(campaign.honeypot_count), 2);
    assert.deepEqual(new Set(JSON.parse(campaign.honeypot_ids) as string[]), new Set(tenant.honeypots.map((h) => h.id)));
    assert.ok(campaign.pattern_notified_at !== null);
  });

  it('keeps unrelated mail in a campaign of its own', async () => {
    const rows = await db().selectFrom('emails').select(['id', 'campaign_id']).where('id', 'in', [unrelatedId, burstIds[0]!]).execute();
    const byId = new Map(rows.map((r) => [r.id, r.campaign_id]));
    assert.ok(byId.get(unrelatedId));
    assert.notEqual(byId.get(unrelatedId), byId.get(burstIds[0]!));
  });

  it('writes exactly one pattern.detected event for the campaign', async () => {
    const events = await db().selectFrom('events').selectAll().where('user_id', '=', tenant.id).where('type', '=', 'pattern.detected').execute();
    assert.equal(events.length, 1);
    const data = JSON.parse(events[0]!.data) as { campaign: { id: string; honeypot_count: number } };
    const campaignId = (await db().selectFrom('emails').select('campaign_id').where('id', '=', burstIds[0]!).executeTakeFirstOrThrow()).campaign_id;
    assert.equal(data.campaign.id, campaignId);
    // The second message reached the second honeypot: that is the moment it became a pattern.
    assert.equal(data.campaign.honeypot_count, 2);
  });

  it('writes one email.received event per email, carrying its campaign', async () => {
    const events = await db().selectFrom('events').selectAll().where('user_id', '=', tenant.id).where('type', '=', 'email.received').execute();
    assert.equal(events.length, 7);
    const ids = events.map((e) => (JSON.parse(e.data) as { email: { id: string; campaign_id: string } }).email.id).sort();
    assert.deepEqual(ids, [...burstIds, unrelatedId].sort());
    const first = JSON.parse(events.find((e) => e.data.includes(burstIds[0]!))!.data) as { email: Record<string, unknown>; honeypot: { id: string } };
    assert.equal(first.honeypot.id, tenant.honeypots[0]!.id);
    assert.equal(typeof first.email.threat_score, 'number');
    assert.ok(String(first.email.campaign_id).startsWith('campaign_'));
  });

  it('lists campaigns of two or more messages, newest activity first, for their owner only', async () => {
    const list = await tenant.call('GET', '/v1/campaigns?sort=last_seen_at:desc');
    assert.equal(list.status, 200, list.raw.body);
    assert.equal(list.body.data.length, 1);
    const [item] = list.body.data;
    assert.equal(item.message_count, 6);
    assert.equal(item.honeypot_count, 2);
    assert.match(item.representative_subject, /^Action required/);
    assert.ok(item.shared_iocs.domains.length > 0, JSON.stringify(item.shared_iocs));
    assert.equal(list.body.pagination.total, 1);

    const filtered = await tenant.call('GET', '/v1/campaigns?message_count=gte:7');
    assert.equal(filtered.status, 200);
    assert.equal(filtered.body.data.length, 0);
    const bad = await tenant.call('GET', '/v1/campaigns?subject=x');
    assert.equal(bad.status, 400);

    const detail = await tenant.call('GET', `/v1/campaigns/${item.id}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.data.latest_email_ids.length, 6);
    assert.equal(detail.body.data.latest_email_ids[0], burstIds.at(-1));
    const picked = await tenant.call('GET', `/v1/campaigns/${item.id}?fields=id,message_count`);
    assert.deepEqual(Object.keys(picked.body.data).sort(), ['id', 'message_count']);

    assert.equal((await other.call('GET', `/v1/campaigns/${item.id}`)).status, 404);
    assert.equal((await other.call('GET', '/v1/campaigns')).body.data.length, 0);
  });

  it('shows the campaign on the email', async () => {
    const res = await tenant.call('GET', `/v1/emails/${burstIds[2]}`);
    assert.equal(res.status, 200);
    assert.ok(String(res.body.data.campaign_id).startsWith('campaign_'));
  });
});
