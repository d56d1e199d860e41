import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classify, scoreFindings, squash, toIndicators } from '../../src/analysis/scoring.ts';
import { buildFingerprint, hammingDistance, normaliseBody, simhash } from '../../src/analysis/fingerprint.ts';
import { caughtAtFalsePositiveRate, rocAuc } from '../../eval/metrics.ts';

describe('scoring', () => {
  test('the documented classification bands', () => {
    const cases: Array<[number, string]> = [[0, 'CLEAN'], [19, 'CLEAN'], [20, 'LOW_RISK'], [39, 'LOW_RISK'], [40, 'SUSPICIOUS'], [59, 'SUSPICIOUS'], [60, 'THREAT'], [79, 'THREAT'], [80, 'CRITICAL'], [100, 'CRITICAL']];
    for (const [score, band] of cases) assert.equal(classify(score), band, `score ${score}`);
  });

  test('points saturate below 100 and credit never goes negative', () => {
    assert.equal(squash(0), 0);
    assert.equal(squash(-20), 0);
    assert.ok(squash(40) > 60 && squash(40) < 66);
    assert.ok(squash(1000) <= 100);
    assert.ok(squash(10) < squash(20));
  });

  test('a malware hit forces CRITICAL whatever the other scores say', () => {
    const scores = scoreFindings([{ type: 'x', description: 'x', points: { spam: 1 } }], true);
    assert.equal(scores.classification, 'CRITICAL');
    assert.equal(scores.malware_score, 100);
    assert.ok(scores.threat_score >= 90);
  });

  test('spam alone counts less than phishing towards the threat score', () => {
    const spam = scoreFindings([{ type: 's', description: 's', points: { spam: 60 } }], false);
    const phish = scoreFindings([{ type: 'p', description: 'p', points: { phishing: 60 } }], false);
    assert.ok(spam.threat_score < phish.threat_score);
    assert.equal(spam.spam_score, phish.phishing_score);
  });

  test('indicators carry the strongest points as weight, strongest first', () => {
    const indicators = toIndicators([
      { type: 'weak', description: 'w', points: { spam: 3 } },
      { type: 'credit', description: 'c', points: { phishing: -3 } },
      { type: 'strong', description: 's', points: { phishing: 30, spam: 5 } },
    ]);
    assert.deepEqual(indicators.map((i) => [i.type, i.weight]), [['strong', 30], ['weak', 3], ['credit', -3]]);
  });
});

describe('fingerprint', () => {
  test('copies that differ in names and numbers are near; different text is far', () => {
    const body = (name: string, parcel: string, fee: string, url: string) => `Dear ${name}, your parcel ${parcel} is waiting at our distribution centre because the customs fee was not paid.
Pay the ${fee} customs fee at ${url} to release it today. If the fee is not paid within two working days the parcel will be returned to the sender and the fee will not be refunded.
You can follow every step of the delivery in your account once the payment is complete. Thank you for choosing our delivery service, we are happy to help you with any question about your order.`;
    const a = simhash(normaliseBody(body('John', '12345', '2.99', 'https://a.example/x')));
    const b = simhash(normaliseBody(body('Maria', '99881', '3.49', 'https://b.example/y')));
    const c = simhash(normaliseBody('The quarterly planning meeting moved to Thursday afternoon; please bring the budget spreadsheet and your team notes.'));
    assert.match(a, /^[0-9a-f]{16}$/);
    assert.ok(hammingDistance(a, b) <= 6, `near copies: ${hammingDistance(a, b)}`);
    assert.ok(hammingDistance(a, c) > 16, `different texts: ${hammingDistance(a, c)}`);
  });

  test('URL set and infrastructure are order-independent and network-level', () => {
    const one = buildFingerprint({ body: 'x', linkDomains: ['b.example', 'a.example'], senderDomain: 'evil.example', originIp: '198.51.100.23', attachmentHashes: ['bb', 'aa', 'aa'] });
    const two = buildFingerprint({ body: 'x', linkDomains: ['a.example', 'b.example', 'a.example'], senderDomain: 'evil.example', originIp: '198.51.100.99', attachmentHashes: ['aa', 'bb'] });
    assert.equal(one.url_set, two.url_set);
    assert.equal(one.infrastructure.origin_network, '198.51.100.0/24');
    assert.deepEqual(one.infrastructure, two.infrastructure);
    assert.deepEqual(one.attachment_hashes, ['aa', 'bb']);
  });
});

describe('evaluation metrics', () => {
  test('ROC AUC: perfect, inverted, random ties', () => {
    assert.equal(rocAuc([3, 4], [1, 2]), 1);
    assert.equal(rocAuc([1, 2], [3, 4]), 0);
    assert.equal(rocAuc([5, 5], [5, 5]), 0.5);
  });

  test('caught at 1 % false positives uses the lowest threshold that keeps FP within the rate', () => {
    const negatives = Array.from({ length: 100 }, (_, i) => (i === 99 ? 50 : 10));
    const positives = [60, 55, 50, 20];
    const r = caughtAtFalsePositiveRate(positives, negatives, 0.01);
    assert.equal(r.threshold, 20);
    assert.equal(r.caught, 1);
    assert.equal(r.falsePositives, 0.01);
  });
});
