import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId } from '../../src/platform/ids.ts';

describe('ids', () => {
  it('are <prefix>_ + 26 lowercase base32 characters', () => {
    assert.match(newId('user', Date.parse('2026-03-12T14:30:15.000Z')), /^user_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it('increase strictly within one millisecond and when the clock steps back, so id order is creation order', () => {
    const ms = Date.parse('2030-01-01T00:00:00.000Z');
    const ids = [newId('evt', ms), newId('evt', ms), newId('evt', ms), newId('evt', ms - 5_000), newId('evt', ms + 1)];
    const sorted = [...ids].sort();
    assert.deepEqual(sorted, ids);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('sort by time across milliseconds', () => {
    const early = newId('key', Date.parse('2031-01-01T00:00:00.000Z'));
    const late = newId('key', Date.parse('2031-01-01T00:00:00.002Z'));
    assert.ok(early < late);
  });
});
