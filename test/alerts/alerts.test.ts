/**
 * threat.detected only at or above the honeypot's threshold and only with alerts enabled; the alert
 * e-mail after commit; the leak-detection honeypot's first email names the leaked address.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../support/app.ts';
import { buildMessage, createTenant, emailsTestApp, ingest, type Tenant } from '../emails/support.ts';

function suspicious(to: string, n: number): Buffer {
  return buildMessage({
    from: 'Microsoft Account Team <no-reply@micros0ft-login.example>',
    to,
    subject: `Your mailbox is full (${n})`,
    text: `Your mailbox has exceeded its limit. Verify your password now at http://micros0ft-login.example/owa/verify?u=${n} or your account will be closed within 24 hours.`,
  });
}

interface EventRow { type: string; honeypot_id: string | null; data: string }

describe('alerts and leak events', () => {
  let t: TestApp;
  let tenant: Tenant;
  let score = 0;

  const events = (type: string, honeypotId: string): Promise<EventRow[]> =>
    t.testDb.db.kysely.selectFrom('events').select(['type', 'honeypot_id', 'data'])
      .where('user_id', '=', tenant.id).where('type', '=', type).where('honeypot_id', '=', honeypotId).orderBy('id').execute();

  async function send(index: number, n: number): Promise<string> {
    const honeypot = tenant.honeypots[index]!;
    t.clock.advance(1000);
    return (await ingest(t, suspicious(honeypot.address, n), [{ honeypotId: honeypot.id, userId: tenant.id }])).emailIds[0]!;
  }

  before(async () => {
    t = await emailsTestApp();
    tenant = await createTenant(t, 3);
    // Learn the score this message gets, then put the thresholds right at it and just above it.
    const first = await send(0, 0);
    const row = await t.testDb.db.kysely.selectFrom('emails').select('threat_score').where('id', '=', first).executeTakeFirstOrThrow();
    score = row.threat_score!;
    assert.ok(score > 0 && score < 100, `a score strictly between 0 and 100 is needed, got ${score}`);
    const patch = async (i: number, alerts: Record<string, unknown>) => {
      const res = await tenant.call('PATCH', `/v1/honeypots/${tenant.honeypots[i]!.id}`, { alerts });
      assert.equal(res.status, 200, res.raw.body);
    };
    await patch(0, { threat_threshold: score, email_notifications: true });
    await patch(1, { threat_threshold: score + 1 });
    await patch(2, { threat_threshold: 0, enabled: false });
  });
  after(() => t.close());

  it('fires threat.detected at the threshold, with the top indicators', async () => {
    const before = (await events('threat.detected', tenant.honeypots[0]!.id)).length;
    const id = await send(0, 1);
    const fired = await events('threat.detected', tenant.honeypots[0]!.id);
    assert.equal(fired.length, before + 1);
    const data = JSON.parse(fired.at(-1)!.data) as { email: { id: string; threat_score: number }; threshold: number; indicators: Array<{ weight: number }> };
    assert.equal(data.email.id, id);
    assert.equal(data.threshold, score);
    assert.ok(data.indicators.length > 0 && data.indicators.length <= 5);
    assert.deepEqual(data.indicators.map((i) => i.weight), [...data.indicators.map((i) => i.weight)].sort((a, b) => b - a));
  });

  it('sends the owner an alert e-mail after the commit when email notifications are on', async () => {
    const owner = await t.testDb.db.kysely.selectFrom('users').select('email').where('id', '=', tenant.id).executeTakeFirstOrThrow();
    const deadline = Date.now() + 5000;
    // The mail leaves after the analysis transaction commits, without holding up the analysis.
    while (!t.logs.some((l) => l.mail_to === owner.email) && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    const line = t.logs.find((l) => l.mail_to === owner.email);
    assert.ok(line, 'an alert mail to the owner');
    assert.match(String(line.subject), new RegExp(tenant.honeypots[0]!.address.replace(/[.]/g, '\\.')));
  });

  it('does not fire below the threshold', async () => {
    await send(1, 2);
    assert.equal((await events('threat.detected', tenant.honeypots[1]!.id)).length, 0);
    assert.equal((await events('email.received', tenant.honeypots[1]!.id)).length, 1);
  });

  it('does not fire when alerts are disabled, whatever the score', async () => {
    await send(2, 3);
    assert.equal((await events('threat.detected', tenant.honeypots[2]!.id)).length, 0);
    assert.equal((await events('email.received', tenant.honeypots[2]!.id)).length, 1);
  });

  it('names the leaked address on the first email of a leak-detection honeypot, and only the first', async () => {
    const res = await tenant.call('POST', '/v1/honeypots', { email_address: `leak-${Date.now()}@traps.example`, purpose: 'leak-detection' });
    assert.equal(res.status, 201, res.raw.body);
    const leak = { id: res.body.data.id as string, address: res.body.data.email_address as string };
    tenant.honeypots.push(leak);
    const firstId = await send(3, 4);
    await send(3, 5);
    const received = await events('email.received', leak.id);
    assert.equal(received.length, 2);
    const first = JSON.parse(received[0]!.data) as { email: { id: string }; leak?: { honeypot_id: string; email_address: string } };
    assert.equal(first.email.id, firstId);
    assert.deepEqual(first.leak, { honeypot_id: leak.id, email_address: leak.address });
    assert.equal((JSON.parse(received[1]!.data) as { leak?: unknown }).leak, undefined);
  });
});
