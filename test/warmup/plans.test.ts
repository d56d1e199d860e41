/**
 * Day plans (src/warmup/planning/plans.repo.ts): the planner stores a mailbox-day's sends compactly,
 * and each send becomes its full `warmup_emails` row when it comes due: exactly once (several
 * materialisers at once included), with the id `recent_emails` showed while it was planned. Cancelling
 * and postponing act on the plans too.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../src/platform/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { decodeSends } from '../../src/warmup/planning/planned-sends.ts';
import { WarmupPlanner } from '../../src/warmup/planning/planner.ts';
import { PlanStore } from '../../src/warmup/planning/plans.repo.ts';
import { IdSource } from '../../src/platform/time-ordered-ids.ts';
import { WarmupSendRepo } from '../../src/warmup/sending/sending.repo.ts';
import { WarmupRepo } from '../../src/warmup/warmup.repo.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { insertNetwork, insertUser, scheduledSends, testWriter } from './planning-support.ts';

const logger = createLogger('silent');
const options = () => ({ subjectFor: testWriter.subjectFor, ids: new IdSource() });

describe('day plans', () => {
  let t: TestDb;
  let clock: ManualClock;
  let planner: WarmupPlanner;
  let store: PlanStore;

  before(async () => {
    t = await createTestDb();
    store = new PlanStore(t.db);
  });
  after(async () => {
    await t.cleanup();
  });
  beforeEach(async () => {
    await t.db.kysely.deleteFrom('warmup_emails').execute();
    await t.db.kysely.deleteFrom('mailboxes').execute();
    await t.db.kysely.deleteFrom('users').execute();
    const userId = await insertUser(t.db);
    await insertNetwork(t.db, userId, ['alpha.test', 'beta.test', 'gamma.test', 'delta.test', 'epsilon.test'], 3);
    clock = new ManualClock('2026-03-16T07:00:00.000Z');
    planner = new WarmupPlanner({ db: t.db, clock, logger });
  });

  const rows = () => t.db.kysely.selectFrom('warmup_emails').selectAll().orderBy('scheduled_at').execute();

  it('stores one plan per mailbox-day and turns each send into its row when due, once, with the previewed id', async () => {
    const planned = await planner.runDue();
    assert.ok(planned > 0);
    const plans = await t.db.kysely.selectFrom('warmup_plans').selectAll().execute();
    assert.equal(plans.length, 15);
    assert.equal(plans.reduce((n, p) => n + decodeSends(p.sends).length, 0), planned);
    assert.equal((await rows()).length, 0, 'planning writes no warmup_emails rows');
    const previews = new Map<string, string>();
    for (const p of plans) for (const v of await store.previews(p.mailbox_id)) previews.set(v.id, v.scheduled_at);
    assert.equal(previews.size, planned, 'every planned send has its own id');

    const noon = Date.parse('2026-03-16T12:00:00.000Z');
    const first = await store.materialiseDue(noon, options());
    assert.ok(first > 0 && first < planned);
    assert.equal(await store.materialiseDue(noon, options()), 0, 'a send becomes a row once');
    const morning = await rows();
    assert.ok(morning.every((r) => r.status === 'scheduled' && r.scheduled_at <= '2026-03-16T12:00:00.000Z'));
    assert.equal((await scheduledSends(t.db)).length, planned, 'nothing lost or doubled between plans and rows');

    await store.materialiseDue(Date.parse('2026-03-16T18:00:00.000Z'), options());
    const all = await rows();
    assert.equal(all.length, planned);
    assert.equal((await t.db.kysely.selectFrom('warmup_plans').select('mailbox_id').execute()).length, 0, 'emptied plans are deleted');
    for (const row of all) {
      assert.equal(previews.get(row.id), row.scheduled_at, 'the row keeps the id and time it was previewed with');
      assert.equal(row.thread_id, row.id);
      assert.equal(row.kind, 'new');
      assert.equal(row.subject, testWriter.subjectFor(row.content_seed));
      assert.match(row.message_id, /^<[0-9a-f-]{36}@[a-z]+\.test>$/);
    }
    assert.equal(new Set(all.map((r) => r.token)).size, all.length);
  });

  it('never makes two rows of one send when several materialisers run at once', async () => {
    const planned = await planner.runDue();
    const stores = [new PlanStore(t.db), new PlanStore(t.db), new PlanStore(t.db), new PlanStore(t.db)];
    const made = await Promise.all(stores.map((s) => s.materialiseDue(Date.parse('2026-03-16T18:00:00.000Z'), options())));
    assert.equal(made.reduce((a, b) => a + b, 0), planned);
    const all = await rows();
    assert.equal(all.length, planned);
    assert.equal(new Set(all.map((r) => r.id)).size, planned);
  });

  it('cancels sends from and to a mailbox, postpones a failing sender, and leaves a deleted recipient out', async () => {
    await planner.runDue();
    const before = await scheduledSends(t.db);
    const [from, to, gone] = [before[0]!.mailbox_id, before[1]!.recipient_mailbox_id!, before[2]!.recipient_mailbox_id!];
    const repo = new WarmupRepo(t.db);
    const nowIso = clock.iso();

    assert.equal(await repo.cancelPlannedFrom(from, nowIso), before.filter((s) => s.mailbox_id === from).length);
    assert.equal(await repo.cancelPlannedTo(to, nowIso), before.filter((s) => s.recipient_mailbox_id === to && s.mailbox_id !== from).length);
    const left = await scheduledSends(t.db);
    assert.ok(!left.some((s) => s.mailbox_id === from || s.recipient_mailbox_id === to));
    assert.equal(left.length, before.filter((s) => s.mailbox_id !== from && s.recipient_mailbox_id !== to).length);
    // The cancelled day still counts as planned: the planner does not plan it again.
    assert.equal(await planner.runDue(), 0);

    const sender = left[0]!.mailbox_id;
    const until = '2026-03-16T16:00:00.000Z';
    await new WarmupSendRepo(t.db).postponeMailbox(sender, nowIso, until);
    const moved = (await scheduledSends(t.db)).filter((s) => s.mailbox_id === sender);
    assert.ok(moved.length > 0 && moved.every((s) => s.scheduled_at >= until));

    // A recipient deleted without the cancel hook: its sends become rows without a recipient.
    const toGone = left.filter((s) => s.recipient_mailbox_id === gone).length;
    await t.db.kysely.deleteFrom('mailboxes').where('id', '=', gone).execute();
    await store.materialiseDue(Date.parse('2026-03-16T18:00:00.000Z'), options());
    const orphans = (await rows()).filter((r) => r.recipient_mailbox_id === null);
    assert.equal(orphans.length, toGone);
    assert.ok(orphans.every((r) => r.recipient_email === ''));
  });
});
