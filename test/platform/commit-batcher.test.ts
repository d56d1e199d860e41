/**
 * Group commit: messages ready together share one transaction, and a batch with one bad message
 * still commits the others (the bad one alone is refused).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CommitBatcher } from '../../src/platform/db/commit-batcher.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

const NOW = '2026-01-01T00:00:00.000Z';

describe('CommitBatcher', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(() => t.cleanup());

  it('commits concurrent work in shared transactions and isolates a failing item', async () => {
    let transactions = 0;
    const batcher = new CommitBatcher((work) => {
      transactions++;
      return t.db.kysely.transaction().execute(work);
    });
    const user = (id: string) => batcher.commit(async (trx) => {
      await trx.insertInto('users').values({ id, email: `${id}@x.test`, name: null, plan: 'free', role: 'user', created_at: NOW, updated_at: NOW }).execute();
    });
    const orphanKey = batcher.commit(async (trx) => {
      await trx.insertInto('api_keys').values({
        id: 'key_orphan', user_id: 'user_missing', name: 'k', key_hash: 'f'.repeat(64), prefix: 'sk_live_abcd', permissions: '[]',
        rate_limit_per_minute: null, rate_limit_per_hour: null, rate_limit_per_day: null, created_at: NOW, updated_at: NOW, last_used_at: null,
      }).execute();
    });
    const outcomes = await Promise.allSettled([user('user_b1'), user('user_b2'), orphanKey, user('user_b3'), user('user_b4')]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const users = await t.db.kysely.selectFrom('users').select('id').where('id', 'like', 'user_b%').orderBy('id').execute();
    assert.deepEqual(users.map((u) => u.id), ['user_b1', 'user_b2', 'user_b3', 'user_b4']);
    assert.equal((await t.db.kysely.selectFrom('api_keys').select('id').execute()).length, 0);

    // Without failures, many items take fewer transactions than items.
    transactions = 0;
    await Promise.all(Array.from({ length: 20 }, (_, i) => user(`user_c${String(i).padStart(2, '0')}`)));
    assert.ok(transactions < 20, `20 items took ${transactions} transactions`);
  });

  it('while callers arrive together, lingers so a trickle of items shares one transaction; a lone caller never waits', async () => {
    const itemsPerTransaction: number[] = [];
    const batcher = new CommitBatcher((work) => {
      itemsPerTransaction.push(0);
      return t.db.kysely.transaction().execute(work);
    }, { lingerMs: 200 });
    const item = () => batcher.commit(async () => {
      itemsPerTransaction[itemsPerTransaction.length - 1]! += 1;
    });
    // Three at once: the first alone (nothing to wait for yet), then the two that queued behind it.
    await Promise.all([item(), item(), item()]);
    assert.deepEqual(itemsPerTransaction, [1, 2]);
    // Callers are arriving together now: four items 5 ms apart share the next transaction.
    const trickle = [];
    for (let i = 0; i < 4; i++) {
      trickle.push(item());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(trickle);
    assert.deepEqual(itemsPerTransaction.slice(2), [4]);
    // One caller at a time: no lingering (the last batch held one item).
    await item();
    const started = performance.now();
    await item();
    assert.ok(performance.now() - started < 100, `a lone commit took ${Math.round(performance.now() - started)} ms`);
  });
});
