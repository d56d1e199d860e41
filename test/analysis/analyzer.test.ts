/** The analyser as a whole: which findings feed which score. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Analyzer } from '../../src/analysis/analyzer.ts';
import { letter } from '../fixtures/mime/generate.ts';

const analyzer = new Analyzer({ budgetMs: 5_000 });

describe('reputation score', () => {
  test('comes from what the sender and its headers show, not from the words of the message', async () => {
    const spoofed = await analyzer.analyze(letter(['From: "PayPal Service" <alerts@mailer-91.example>', 'Subject: Notice'], ['See the notice.']), null);
    assert.ok(spoofed.indicators.some((i) => i.type === 'display_name_brand_mismatch'), JSON.stringify(spoofed.indicators));
    assert.ok(spoofed.scores.reputation_score > 0, `reputation ${spoofed.scores.reputation_score}`);

    const wordy = await analyzer.analyze(letter(['From: Ana <ana@colleague.example>', 'Subject: Prize'], ['Congratulations, you are our lucky winner: claim your reward now!']), null);
    assert.ok(wordy.scores.phishing_score > 0);
    assert.equal(wordy.scores.reputation_score, 0);
  });
});
