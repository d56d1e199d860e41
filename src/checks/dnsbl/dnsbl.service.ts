/**
 * DNS blacklist scans: one IP against every configured IP list (and optionally a domain against the
 * domain lists), all queried at once, each query bounded by the resolver's timeout, so a scan takes
 * about one timeout at worst, never one per list.
 *
 * Counting rules (the report's invariants):
 * - `total_checked` counts lists that gave a usable answer (listed or not listed).
 * - A timeout, SERVFAIL, REFUSED, an error code (127.255.255.x, SURBL/URIBL 127.0.0.1, DBL 127.0.1.255)
 *   or an answer outside 127.0.0.0/8 (a broken list) is not a listing: it goes to `errors` and is
 *   not counted.
 * - `listed` is true when any list lists the IP (or the domain).
 *
 * Reports are cached in `check_results` by IP + domain for `cacheTtlMs` (30 minutes); `refresh`
 * bypasses the cache. Without a database (the CLI) every scan is live.
 */
import { domainToASCII } from 'node:url';
import { isIP } from 'node:net';
import { isoTime, type Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { reversedLabels, unmapIPv4, type DnsResolver } from '../../platform/dns/index.ts';
import { InvalidInput } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import { CheckCache } from '../check-cache.ts';
import { DEFAULT_DOMAIN_BLACKLISTS, DEFAULT_IP_BLACKLISTS, decodeAnswer, parseListSpec, type BlacklistSpec } from './lists.ts';

export interface BlacklistHit {
  /** The list's zone, e.g. `zen.spamhaus.org`. */
  list: string;
  /** What the list lists: the IP, or the domain. */
  target: 'ip' | 'domain';
  /** The A records the list answered, e.g. `["127.0.0.2", "127.0.0.4"]`. */
  codes: string[];
  /** Each code decoded into a sentence (e.g. "Spamhaus XBL: the host looks compromised …"). */
  reasons: string[];
  /** The list's TXT explanation (often a removal URL), when it publishes one. */
  details: string[];
}

export interface BlacklistError {
  list: string;
  error: string;
}

export interface BlacklistReport {
  ip: string;
  domain: string | null;
  checked_at: string;
  source: 'cached' | 'live';
  listed: boolean;
  blacklists_found: BlacklistHit[];
  /** Lists that answered (listed or not); lists in `errors` are not counted. */
  total_checked: number;
  /** Lists queried in all (IP lists, plus domain lists when a domain was given). */
  lists_queried: number;
  errors: BlacklistError[];
}

export interface BlacklistSettings {
  /** IP list zones (`zone` or `zone=decoder`). Default: the 12 lists in lists.ts. */
  ipLists?: readonly string[];
  /** Domain list zones. Default: dbl.spamhaus.org, multi.surbl.org, multi.uribl.com. */
  domainLists?: readonly string[];
  /** How long a scan is served from the cache, in ms. Default 30 minutes. */
  cacheTtlMs?: number;
}

export interface BlacklistDeps {
  /** Null: no cache (the CLI). */
  db: Db | null;
  resolver: DnsResolver;
  clock: Clock;
  logger: Logger;
  config?: BlacklistSettings;
}

type ListOutcome = { kind: 'clean' } | { kind: 'listed'; hit: BlacklistHit } | { kind: 'error'; error: BlacklistError };

const DOMAIN = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

export class BlacklistScans {
  readonly ipLists: BlacklistSpec[];
  readonly domainLists: BlacklistSpec[];
  private readonly cache: CheckCache | null;
  private readonly resolver: DnsResolver;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly cacheTtlMs: number;

  constructor(deps: BlacklistDeps) {
    this.cache = deps.db === null ? null : new CheckCache(deps.db);
    this.resolver = deps.resolver;
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.ipLists = (deps.config?.ipLists ?? DEFAULT_IP_BLACKLISTS).map(parseListSpec);
    this.domainLists = (deps.config?.domainLists ?? DEFAULT_DOMAIN_BLACKLISTS).map(parseListSpec);
    this.cacheTtlMs = deps.config?.cacheTtlMs ?? 30 * 60 * 1000;
  }

  /** Scans `ip` (and `domain` against the domain lists). Throws InvalidInput for a bad IP or domain. */
  async scan(ip: string, options: { domain?: string | null; refresh?: boolean } = {}): Promise<BlacklistReport> {
    const address = normaliseIp(ip);
    const domain = options.domain === undefined || options.domain === null || options.domain === '' ? null : normaliseDomain(options.domain);
    const key = `${address}|${domain ?? ''}`;
    if (options.refresh !== true && this.cache !== null) {
      const cached = await this.cache.get<BlacklistReport>('dnsbl', key);
      if (cached !== undefined && this.clock.now() - Date.parse(cached.checkedAt) < this.cacheTtlMs) return { ...cached.report, source: 'cached' };
    }
    const report = await this.scanLive(address, domain);
    if (this.cache !== null) await this.cache.put('dnsbl', key, { domain, ip: address, checkedAt: report.checked_at, report });
    return report;
  }

  private async scanLive(ip: string, domain: string | null): Promise<BlacklistReport> {
    const reversed = reversedLabels(ip);
    const queries = [
      ...this.ipLists.map((spec) => this.queryList(spec, `${reversed}.${spec.zone}`, 'ip')),
      ...(domain === null ? [] : this.domainLists.map((spec) => this.queryList(spec, `${domain}.${spec.zone}`, 'domain'))),
    ];
    const outcomes = await Promise.all(queries);
    const hits = outcomes.flatMap((o) => (o.kind === 'listed' ? [o.hit] : []));
    const errors = outcomes.flatMap((o) => (o.kind === 'error' ? [o.error] : []));
    if (errors.length > 0) this.logger.warn({ ip, domain, errors }, `Blacklist scan of ${ip}: ${errors.length} list(s) gave no usable answer; they are reported as errors, not as listings.`);
    return {
      ip,
      domain,
      checked_at: isoTime(this.clock.now()),
      source: 'live',
      listed: hits.length > 0,
      blacklists_found: hits,
      total_checked: outcomes.length - errors.length,
      lists_queried: outcomes.length,
      errors,
    };
  }

  private async queryList(spec: BlacklistSpec, name: string, target: 'ip' | 'domain'): Promise<ListOutcome> {
    const answer = await this.resolver.query(name, 'A');
    if (answer.kind === 'none') return { kind: 'clean' };
    if (answer.kind === 'unknown') return { kind: 'error', error: { list: spec.zone, error: answer.message } };
    const decoded = decodeAnswer(spec, answer.records);
    if (decoded.kind === 'error') return { kind: 'error', error: { list: spec.zone, error: decoded.error } };
    // The TXT record is optional context (often a removal link); its failure changes nothing.
    const txt = await this.resolver.query(name, 'TXT');
    const details = txt.kind === 'records' ? txt.records : [];
    return { kind: 'listed', hit: { list: spec.zone, target, codes: decoded.codes, reasons: decoded.reasons, details } };
  }
}

function normaliseIp(ip: string): string {
  const address = unmapIPv4(ip.trim());
  if (isIP(address) === 0) throw new InvalidInput(`"${ip}" is not an IPv4 or IPv6 address.`, { field: 'ip', value: ip });
  return address.toLowerCase();
}

function normaliseDomain(domain: string): string {
  const ascii = domainToASCII(domain.trim().replace(/\.$/, '').toLowerCase());
  if (!DOMAIN.test(ascii)) throw new InvalidInput(`"${domain}" is not a domain name.`, { field: 'domain', value: domain });
  return ascii;
}
