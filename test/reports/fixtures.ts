/**
 * A realistic PeriodSummary (one day of a busy honeypot fleet) and an empty one, for renderer tests.
 */
import type { PeriodSummary, PeriodTotals } from '../../src/analytics/types.ts';

function totals(partial: Partial<PeriodTotals>): PeriodTotals {
  return {
    emails: 0, threats: 0, malware: 0, phishing: 0, spam: 0, clean: 0, avg_threat_score: null,
    unique_senders: 0, unique_ips: 0, honeypots_hit: 0, new_campaigns: 0, ...partial,
  };
}

export function busySummary(): PeriodSummary {
  const hours = Array.from({ length: 24 }, (_, h) => h);
  const wave = (h: number) => Math.round(40 + 30 * Math.sin((h / 24) * Math.PI * 2) + (h % 5) * 4);
  const current = totals({
    emails: 1284, threats: 312, malware: 41, phishing: 227, spam: 498, clean: 518, avg_threat_score: 37.4,
    unique_senders: 611, unique_ips: 402, honeypots_hit: 7, new_campaigns: 5,
  });
  const previous = totals({
    emails: 1102, threats: 240, malware: 52, phishing: 150, spam: 470, clean: 430, avg_threat_score: 33.9,
    unique_senders: 590, unique_ips: 380, honeypots_hit: 7, new_campaigns: 2,
  });
  const change = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : Math.round(((a - b) / b) * 1000) / 10);
  return {
    period: { start: '2026-03-11T00:00:00.000Z', end: '2026-03-12T00:00:00.000Z' },
    previous_period: { start: '2026-03-10T00:00:00.000Z', end: '2026-03-11T00:00:00.000Z' },
    filters: { honeypot_ids: [], min_threat_score: null },
    totals: current,
    previous_totals: previous,
    changes: Object.fromEntries(Object.keys(current).map((k) => [k, change(current[k as keyof PeriodTotals], previous[k as keyof PeriodTotals])])) as PeriodSummary['changes'],
    classification: { CLEAN: 518, LOW_RISK: 301, SUSPICIOUS: 153, THREAT: 201, CRITICAL: 111 },
    threat_types: { malware: 41, phishing: 227, spam: 498, clean: 518 },
    score_histogram: ['0–9', '10–19', '20–29', '30–39', '40–49', '50–59', '60–69', '70–79', '80–89', '90–100'].map((range, i) => ({ range, emails: [300, 218, 170, 131, 90, 63, 118, 83, 70, 41][i]! })),
    time_series: {
      granularity: 'hour',
      buckets: hours.map((h) => ({
        start: `2026-03-11T${String(h).padStart(2, '0')}:00:00.000Z`, emails: wave(h), threats: Math.round(wave(h) / 4), malware: h % 7 === 0 ? 3 : 1, phishing: Math.round(wave(h) / 6), spam: Math.round(wave(h) / 2.6),
      })),
    },
    top_senders: [
      { address: 'security-alert@paypa1-secure.com', domain: 'paypa1-secure.com', emails: 142, max_threat_score: 94 },
      { address: 'no-reply@micros0ft-account.net', domain: 'micros0ft-account.net', emails: 97, max_threat_score: 88 },
      { address: 'invoice@quickbooks-billing.co', domain: 'quickbooks-billing.co', emails: 61, max_threat_score: 81 },
      { address: 'newsletter@cheap-pills.example', domain: 'cheap-pills.example', emails: 58, max_threat_score: 44 },
      { address: 'a.very.long.sender.address.that.should.be.cut.to.fit@extremely-long-domain-name-for-testing.example', domain: 'extremely-long-domain-name-for-testing.example', emails: 12, max_threat_score: 23 },
      { address: '=cmd|calc@formula.example', domain: 'formula.example', emails: 3, max_threat_score: null },
    ],
    top_sender_domains: [
      { domain: 'paypa1-secure.com', emails: 142, threats: 139 },
      { domain: 'micros0ft-account.net', emails: 97, threats: 90 },
      { domain: 'quickbooks-billing.co', emails: 61, threats: 55 },
    ],
    top_ips: [
      { ip: '203.0.113.7', country_code: 'RU', asn: 64500, as_org: 'Example Bulletproof Hosting Ltd', emails: 210, max_threat_score: 94 },
      { ip: '198.51.100.23', country_code: 'CN', asn: 64501, as_org: 'Example Cloud Services', emails: 133, max_threat_score: 88 },
      { ip: '2001:db8:85a3::8a2e:370:7334', country_code: 'US', asn: 64502, as_org: 'Example Datacenter Inc.', emails: 40, max_threat_score: 61 },
    ],
    top_asns: [
      { asn: 64500, as_org: 'Example Bulletproof Hosting Ltd', emails: 260, threats: 180 },
      { asn: 64501, as_org: 'Example Cloud Services', emails: 151, threats: 90 },
      { asn: 64502, as_org: 'Example Datacenter Inc.', emails: 88, threats: 12 },
    ],
    geography: [
      { country_code: 'RU', country_name: 'Russia', emails: 402, threats: 190 },
      { country_code: 'CN', country_name: 'China', emails: 260, threats: 61 },
      { country_code: 'US', country_name: 'United States', emails: 188, threats: 20 },
      { country_code: 'BR', country_name: 'Brazil', emails: 97, threats: 18 },
      { country_code: 'ZZ', country_name: 'Unknown', emails: 41, threats: 3 },
    ],
    new_campaigns: [
      { id: 'campaign_1', first_seen: '2026-03-11T06:12:00.000Z', last_seen: '2026-03-11T22:40:00.000Z', message_count: 139, honeypot_count: 6, max_threat_score: 94, representative_subject: 'Your PayPal account has been limited – action required' },
      { id: 'campaign_2', first_seen: '2026-03-11T09:30:00.000Z', last_seen: '2026-03-11T18:02:00.000Z', message_count: 44, honeypot_count: 3, max_threat_score: 81, representative_subject: 'Invoice #44871 overdue' },
    ],
    notable_indicators: [
      { type: 'lookalike_domain', description: 'Sender domain paypa1-secure.com imitates paypal.com', emails: 142 },
      { type: 'credential_form', description: 'HTML form posting a password to an external host', emails: 88 },
      { type: 'macro_document', description: 'Office document with an auto-run VBA macro', emails: 17 },
    ],
    recommendations: [
      { priority: 'high', action: 'Block the sender domain paypa1-secure.com', reason: '139 of its 142 emails in the period were phishing or worse.' },
      { priority: 'medium', action: 'Block or rate-limit AS64500 (Example Bulletproof Hosting Ltd)', reason: '180 threats came from this network, 58% of all threats.' },
      { priority: 'low', action: 'Review the 17 Office documents with macros', reason: 'Macro malware was seen for the first time on 3 honeypots.' },
    ],
    generated_at: '2026-03-12T08:00:04.000Z',
  };
}

export function emptySummary(): PeriodSummary {
  const zero = totals({});
  return {
    period: { start: '2026-03-11T00:00:00.000Z', end: '2026-03-12T00:00:00.000Z' },
    previous_period: { start: '2026-03-10T00:00:00.000Z', end: '2026-03-11T00:00:00.000Z' },
    filters: { honeypot_ids: [], min_threat_score: null },
    totals: zero,
    previous_totals: zero,
    changes: Object.fromEntries(Object.keys(zero).map((k) => [k, null])) as PeriodSummary['changes'],
    classification: { CLEAN: 0, LOW_RISK: 0, SUSPICIOUS: 0, THREAT: 0, CRITICAL: 0 },
    threat_types: { malware: 0, phishing: 0, spam: 0, clean: 0 },
    score_histogram: [],
    time_series: { granularity: 'hour', buckets: [] },
    top_senders: [], top_sender_domains: [], top_ips: [], top_asns: [], geography: [], new_campaigns: [], notable_indicators: [], recommendations: [],
    generated_at: '2026-03-12T08:00:04.000Z',
  };
}
