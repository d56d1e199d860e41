/**
 * SPF check: the domain's record, its syntax, the whole include/redirect tree (the 10-lookup and
 * 2-void-lookup limits of RFC 7208 §4.6.4 count every DNS-querying term, as receivers may have to
 * evaluate all of them), the final `all`, and — when an IP is given — SPF's verdict for it,
 * evaluated by mailauth through our resolver.
 */
import { spf as evaluateSpf } from 'mailauth/lib/spf/index.js';
import type { DnsResolver } from '../../platform/dns/index.ts';
import type { Problem, SpfReport, SpfResult } from './dns-auth.model.ts';
import { LOOKUP_TERMS, finalAll, hasMacro, isSpfRecord, parseSpf, type SpfTerm } from './spf-record.ts';

export const SPF_LOOKUP_LIMIT = 10;
export const SPF_VOID_LIMIT = 2;
/** Upper bound of records fetched while walking one tree (loops, runaway includes). */
const MAX_TREE_RECORDS = 40;

interface TreeWalk {
  lookups: number;
  voids: number;
  /** A lookup failed (timeout, SERVFAIL): the counts are a lower bound. */
  incomplete: string | null;
  problems: Problem[];
  visited: Set<string>;
  fetched: number;
}

export async function checkSpf(resolver: DnsResolver, domain: string, ip: string | null): Promise<{ report: SpfReport; problems: Problem[] }> {
  const report: SpfReport = { status: 'missing', record: null, records: [], lookups: null, void_lookups: null, all: null, ip, ip_result: null };
  const answer = await resolver.query(domain, 'TXT');
  if (answer.kind === 'unknown') {
    report.status = 'unknown';
    return { report, problems: [problem('spf_lookup_failed', 'warning', `Could not read the SPF record of ${domain}: ${answer.message} The check will be retried.`)] };
  }
  report.records = answer.kind === 'records' ? answer.records.filter(isSpfRecord) : [];
  if (report.records.length === 0) {
    return { report, problems: [problem('spf_missing', 'error', `${domain} has no SPF record. Publish a TXT record such as "v=spf1 include:<your provider> -all" listing every server that sends its mail.`)] };
  }
  if (report.records.length > 1) {
    report.status = 'fail';
    return {
      report,
      problems: [problem('spf_multiple_records', 'error', `${domain} has ${report.records.length} SPF records; receivers then fail SPF for every message (permerror). Merge them into one "v=spf1 …" record.`)],
    };
  }
  const record = report.records[0] ?? '';
  report.record = record;
  const parsed = parseSpf(record);
  report.all = finalAll(parsed.terms);
  const problems: Problem[] = parsed.errors.map((error) => problem('spf_syntax_error', 'error', `The SPF record of ${domain} is invalid: ${error} Receivers treat the whole record as a permanent error.`));

  const walk: TreeWalk = { lookups: 0, voids: 0, incomplete: null, problems: [], visited: new Set([domain]), fetched: 1 };
  await walkTerms(resolver, domain, parsed.terms, walk);
  report.lookups = walk.lookups;
  report.void_lookups = walk.voids;
  problems.push(...walk.problems, ...limitProblems(domain, walk), ...allProblems(domain, report.all, parsed.terms));

  if (ip !== null) {
    report.ip_result = await spfVerdict(resolver, domain, ip);
    // A permerror verdict restates the record's own errors; report it only when nothing else explains it.
    const explained = report.ip_result === 'permerror' && problems.some((p) => p.severity === 'error');
    if (!explained) problems.push(...verdictProblems(domain, ip, report.ip_result));
  }
  report.status = spfStatus(problems, walk, report.ip_result);
  return { report, problems };
}

function spfStatus(problems: Problem[], walk: TreeWalk, ipResult: SpfResult | null): SpfReport['status'] {
  if (problems.some((p) => p.severity === 'error')) return 'fail';
  if (walk.incomplete !== null || ipResult === 'temperror') return 'unknown';
  return 'pass';
}

/** Counts DNS-querying terms and void lookups of a record and everything it includes or redirects to. */
async function walkTerms(resolver: DnsResolver, domain: string, terms: SpfTerm[], walk: TreeWalk): Promise<void> {
  const hasAll = terms.some((t) => t.kind === 'mechanism' && t.name === 'all');
  for (const term of terms) {
    if (!LOOKUP_TERMS.has(term.name)) continue;
    // redirect= is ignored when the record has an "all" mechanism (RFC 7208 §6.1).
    if (term.kind === 'modifier' && hasAll) continue;
    walk.lookups += 1;
    const target = term.kind === 'modifier' ? term.value : (term.target ?? domain);
    if (hasMacro(target)) continue; // depends on the message; cannot be resolved ahead of time
    if (term.name === 'include' || term.name === 'redirect') await walkInclude(resolver, target, term.text, walk);
    else if (term.name !== 'ptr') await countVoid(resolver, target, term.name, walk);
  }
}

async function walkInclude(resolver: DnsResolver, target: string, termText: string, walk: TreeWalk): Promise<void> {
  if (walk.visited.has(target)) {
    walk.problems.push(problem('spf_include_loop', 'error', `SPF term "${termText}" includes ${target} again (a loop); receivers return permerror. Remove the repeated include.`));
    return;
  }
  if (walk.fetched >= MAX_TREE_RECORDS) return;
  walk.visited.add(target);
  walk.fetched += 1;
  const answer = await resolver.query(target, 'TXT');
  if (answer.kind === 'unknown') {
    walk.incomplete ??= answer.message;
    return;
  }
  const records = answer.kind === 'records' ? answer.records.filter(isSpfRecord) : [];
  if (answer.kind === 'none') walk.voids += 1;
  if (records.length !== 1) {
    const what = records.length === 0 ? 'has no SPF record' : `has ${records.length} SPF records`;
    walk.problems.push(problem('spf_include_invalid', 'error', `SPF term "${termText}" points at ${target}, which ${what}; receivers return permerror. Fix or remove that term.`));
    return;
  }
  const parsed = parseSpf(records[0] ?? '');
  for (const error of parsed.errors) walk.problems.push(problem('spf_syntax_error', 'error', `The SPF record of ${target} (reached through "${termText}") is invalid: ${error}`));
  await walkTerms(resolver, target, parsed.terms, walk);
}

async function countVoid(resolver: DnsResolver, target: string, mechanism: string, walk: TreeWalk): Promise<void> {
  if (mechanism === 'mx') {
    const answer = await resolver.query(target, 'MX');
    if (answer.kind === 'none') walk.voids += 1;
    else if (answer.kind === 'unknown') walk.incomplete ??= answer.message;
    return;
  }
  // a and exists: void only when the name has neither A nor AAAA (an IPv6-only host is not void).
  const [v4, v6] = await Promise.all([resolver.query(target, 'A'), mechanism === 'a' ? resolver.query(target, 'AAAA') : null]);
  if (v4.kind === 'unknown') walk.incomplete ??= v4.message;
  else if (v4.kind === 'none' && (v6 === null || v6.kind === 'none')) walk.voids += 1;
}

function limitProblems(domain: string, walk: TreeWalk): Problem[] {
  const problems: Problem[] = [];
  if (walk.lookups > SPF_LOOKUP_LIMIT) {
    problems.push(problem('spf_too_many_lookups', 'error', `The SPF record of ${domain} needs ${walk.lookups} DNS lookups; the limit is ${SPF_LOOKUP_LIMIT}, beyond which receivers return permerror. Replace includes with ip4:/ip6: ranges or drop services that no longer send for you.`));
  }
  if (walk.voids > SPF_VOID_LIMIT) {
    problems.push(problem('spf_too_many_void_lookups', 'error', `The SPF record of ${domain} has ${walk.voids} lookups of names that do not exist; more than ${SPF_VOID_LIMIT} is a permerror. Remove the terms pointing at missing names.`));
  } else if (walk.voids > 0) {
    problems.push(problem('spf_void_lookups', 'warning', `The SPF record of ${domain} has ${walk.voids} lookup(s) of names that do not exist (the limit is ${SPF_VOID_LIMIT}). Remove those terms.`));
  }
  if (walk.incomplete !== null) {
    problems.push(problem('spf_lookup_failed', 'warning', `Part of the SPF tree of ${domain} could not be read, so the lookup counts are a minimum: ${walk.incomplete}`));
  }
  return problems;
}

function allProblems(domain: string, all: string | null, terms: SpfTerm[]): Problem[] {
  const redirects = terms.some((t) => t.kind === 'modifier' && t.name === 'redirect');
  const problems: Problem[] = [];
  if (all === '+all') {
    problems.push(problem('spf_plus_all', 'error', `The SPF record of ${domain} ends in "+all", which authorises every server on the internet to send as ${domain}. Replace it with "-all" or "~all".`));
  } else if (all === '?all') {
    problems.push(problem('spf_neutral_all', 'warning', `The SPF record of ${domain} ends in "?all" (neutral): mail from any server is neither passed nor failed, so SPF protects nothing. Use "~all" or "-all".`));
  } else if (all === null && !redirects) {
    problems.push(problem('spf_no_all', 'warning', `The SPF record of ${domain} has no "all" term, so unlisted servers get a neutral result. End it with "~all" or "-all".`));
  }
  if (terms.some((t) => t.kind === 'mechanism' && t.name === 'ptr')) {
    problems.push(problem('spf_ptr_mechanism', 'warning', `The SPF record of ${domain} uses "ptr", which RFC 7208 says not to use (slow, unreliable, ignored by some receivers). Use ip4:/ip6: or a: instead.`));
  }
  return problems;
}

/** SPF's verdict for mail from `ip` with a MAIL FROM in `domain`, evaluated by mailauth. */
async function spfVerdict(resolver: DnsResolver, domain: string, ip: string): Promise<SpfResult> {
  const result = await evaluateSpf({
    sender: `postmaster@${domain}`,
    ip,
    helo: domain,
    mta: 'mailwarden',
    resolver: resolver.mailauthResolver() as never,
  });
  return result.status.result as SpfResult;
}

function verdictProblems(domain: string, ip: string, result: SpfResult): Problem[] {
  switch (result) {
    case 'fail':
    case 'softfail':
      return [problem('spf_ip_not_permitted', 'error', `The sending IP ${ip} is not authorised by the SPF record of ${domain} (result: ${result}); receivers will treat its mail as suspicious. Add "ip4:${ip}" (or your provider's include) to the record.`)];
    case 'neutral':
      return [problem('spf_ip_neutral', 'warning', `The SPF record of ${domain} neither authorises nor forbids ${ip} (neutral), so its mail gets no SPF pass. Authorise ${ip} explicitly.`)];
    case 'permerror':
      return [problem('spf_permerror', 'error', `Evaluating the SPF record of ${domain} for ${ip} ends in a permanent error; receivers fail SPF for all its mail. Fix the problems listed for the record.`)];
    default:
      return [];
  }
}

function problem(code: string, severity: Problem['severity'], message: string): Problem {
  return { code, severity, message };
}
