/**
 * DMARC check (RFC 7489): the record at `_dmarc.<domain>`, else at `_dmarc.<organisational domain>`
 * (the registrable domain from the public suffix list, via tldts), whose `sp=` then applies.
 */
import { getDomain } from 'tldts';
import type { DnsResolver } from '../../platform/dns/index.ts';
import type { DmarcReport, Problem } from './dns-auth.model.ts';

type Policy = 'none' | 'quarantine' | 'reject';
const POLICIES = new Set<string>(['none', 'quarantine', 'reject']);

/** The registrable domain (`mail.example.co.uk` → `example.co.uk`); unknown TLDs count as one label. */
export function organisationalDomain(domain: string): string {
  return getDomain(domain, { allowPrivateDomains: false }) ?? domain;
}

type Lookup = { kind: 'records'; records: string[] } | { kind: 'none' } | { kind: 'unknown'; message: string };

async function lookupDmarc(resolver: DnsResolver, domain: string): Promise<Lookup> {
  const answer = await resolver.query(`_dmarc.${domain}`, 'TXT');
  if (answer.kind === 'unknown') return { kind: 'unknown', message: answer.message };
  const records = answer.kind === 'records' ? answer.records.filter((txt) => /^v\s*=\s*DMARC1\s*(;|$)/i.test(txt.trim())) : [];
  return records.length > 0 ? { kind: 'records', records } : { kind: 'none' };
}

export async function checkDmarc(resolver: DnsResolver, domain: string): Promise<{ report: DmarcReport; problems: Problem[] }> {
  const orgDomain = organisationalDomain(domain);
  const report: DmarcReport = {
    status: 'missing', record: null, policy: null, domain_policy: null, subdomain_policy: null, pct: null,
    adkim: null, aspf: null, rua: [], ruf: [], found_at: null, org_domain: orgDomain, inherited: false,
  };
  let lookup = await lookupDmarc(resolver, domain);
  if (lookup.kind === 'none' && orgDomain !== domain) {
    lookup = await lookupDmarc(resolver, orgDomain);
    report.inherited = true;
  }
  if (lookup.kind === 'unknown') {
    report.status = 'unknown';
    report.inherited = false;
    return { report, problems: [{ code: 'dmarc_lookup_failed', severity: 'warning', message: `Could not read the DMARC record of ${domain}: ${lookup.message} The check will be retried.` }] };
  }
  if (lookup.kind === 'none') {
    report.inherited = false;
    const where = orgDomain !== domain ? `_dmarc.${domain} nor _dmarc.${orgDomain}` : `_dmarc.${domain}`;
    return {
      report,
      problems: [{ code: 'dmarc_missing', severity: 'error', message: `No DMARC record at ${where}. Publish a TXT record "v=DMARC1; p=none; rua=mailto:dmarc-reports@${orgDomain}" to start, then move to p=quarantine or p=reject; Gmail and Yahoo require DMARC from bulk senders.` }],
    };
  }
  const foundAt = report.inherited ? orgDomain : domain;
  report.found_at = foundAt;
  if (lookup.records.length > 1) {
    report.status = 'fail';
    return { report, problems: [{ code: 'dmarc_multiple_records', severity: 'error', message: `_dmarc.${foundAt} has ${lookup.records.length} DMARC records; receivers then ignore DMARC entirely. Keep exactly one.` }] };
  }
  report.record = lookup.records[0] ?? '';
  const problems = readRecord(report, foundAt, report.record);
  report.status = problems.some((p) => p.severity === 'error') ? 'fail' : 'pass';
  return { report, problems };
}

function tagsOf(record: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of record.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) tags.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return tags;
}

/** Fills the report from the record's tags; returns the problems. */
function readRecord(report: DmarcReport, foundAt: string, record: string): Problem[] {
  const tags = tagsOf(record);
  const problems: Problem[] = [];
  const p = (tags.get('p') ?? '').toLowerCase();
  if (!POLICIES.has(p)) {
    const why = p === '' ? 'has no p= tag' : `has p=${p}`;
    return [{ code: 'dmarc_invalid_policy', severity: 'error', message: `The DMARC record of ${foundAt} ${why}; p= must be none, quarantine or reject, or receivers ignore the record.` }];
  }
  report.domain_policy = p as Policy;
  const sp = (tags.get('sp') ?? '').toLowerCase();
  report.subdomain_policy = POLICIES.has(sp) ? (sp as Policy) : report.domain_policy;
  if (sp !== '' && !POLICIES.has(sp)) {
    problems.push({ code: 'dmarc_invalid_tag', severity: 'warning', message: `The DMARC record of ${foundAt} has sp=${sp}; it must be none, quarantine or reject (p= applies instead).` });
  }
  report.policy = report.inherited ? report.subdomain_policy : report.domain_policy;
  report.pct = readPct(tags.get('pct'), foundAt, problems);
  report.adkim = readAlignment(tags.get('adkim'), 'adkim', foundAt, problems);
  report.aspf = readAlignment(tags.get('aspf'), 'aspf', foundAt, problems);
  report.rua = readUris(tags.get('rua'));
  report.ruf = readUris(tags.get('ruf'));
  problems.push(...policyProblems(report, foundAt));
  return problems;
}

function readPct(value: string | undefined, foundAt: string, problems: Problem[]): number {
  if (value === undefined) return 100;
  const pct = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(pct >= 0 && pct <= 100)) {
    problems.push({ code: 'dmarc_invalid_tag', severity: 'warning', message: `The DMARC record of ${foundAt} has pct=${value}; it must be a whole number from 0 to 100 (100 applies).` });
    return 100;
  }
  return pct;
}

function readAlignment(value: string | undefined, tag: string, foundAt: string, problems: Problem[]): 'r' | 's' {
  const mode = (value ?? 'r').toLowerCase();
  if (mode === 'r' || mode === 's') return mode;
  problems.push({ code: 'dmarc_invalid_tag', severity: 'warning', message: `The DMARC record of ${foundAt} has ${tag}=${value ?? ''}; it must be r (relaxed) or s (strict), so relaxed applies.` });
  return 'r';
}

function readUris(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map((uri) => uri.trim()).filter((uri) => uri !== '');
}

function policyProblems(report: DmarcReport, foundAt: string): Problem[] {
  const problems: Problem[] = [];
  const applies = report.inherited ? `the subdomain policy of ${foundAt} (sp)` : 'the DMARC policy';
  if (report.policy === 'none') {
    problems.push({ code: 'dmarc_policy_none', severity: 'warning', message: `${capitalise(applies)} is p=none: receivers only monitor, so spoofed mail is still delivered. Move to quarantine, then reject, once reports show your mail passes.` });
  }
  if (report.pct !== null && report.pct < 100 && report.policy !== 'none') {
    problems.push({ code: 'dmarc_partial_pct', severity: 'info', message: `The DMARC policy of ${foundAt} applies to only ${report.pct}% of failing mail (pct=${report.pct}). Raise it to 100 when ready.` });
  }
  if (report.rua.length === 0) {
    problems.push({ code: 'dmarc_no_rua', severity: 'warning', message: `The DMARC record of ${foundAt} has no rua= address, so you receive no aggregate reports showing who sends as your domain. Add rua=mailto:dmarc-reports@${foundAt}.` });
  } else if (report.rua.some((uri) => !/^mailto:[^@\s]+@[^@\s]+$/i.test(uri.replace(/!\d+[kmgt]?$/i, '')))) {
    problems.push({ code: 'dmarc_invalid_rua', severity: 'warning', message: `The DMARC record of ${foundAt} has a rua= entry that is not a mailto: address (${report.rua.join(', ')}); reports to it are never sent.` });
  }
  return problems;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
