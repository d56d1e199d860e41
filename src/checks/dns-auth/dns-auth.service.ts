/**
 * DNS authentication checks of a sending domain: SPF, DKIM, DMARC, MX and the sending IP's reverse
 * DNS, each with a status and the problems a person can act on (see dns-auth.model.ts).
 *
 * Reports are cached in `check_results` by domain + IP + known DKIM selectors (not by mailbox):
 * `check()` returns a cached report younger than `cacheTtlMs` (`source: "cached"`), otherwise runs
 * live and stores the result; `refresh: true` always runs live. Without a database (the CLI) every
 * check is live and nothing is stored.
 */
import { domainToASCII } from 'node:url';
import { isIP } from 'node:net';
import { InvalidInput } from '../../platform/errors.ts';
import { isoTime, type Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { unmapIPv4, type DnsResolver } from '../../platform/dns/index.ts';
import type { Logger } from '../../platform/logger.ts';
import { CheckCache } from '../check-cache.ts';
import { checkDkim, isValidSelector } from './dkim.ts';
import { checkDmarc } from './dmarc.ts';
import { sortProblems, type DnsAuthOptions, type DnsAuthReport } from './dns-auth.model.ts';
import { checkMx, checkPtr } from './mx-ptr.ts';
import { checkSpf } from './spf.ts';

export type { DnsAuthOptions, DnsAuthReport } from './dns-auth.model.ts';
export type { DkimReport, DmarcReport, MxReport, Problem, PtrReport, RecordStatus, SpfReport } from './dns-auth.model.ts';

export interface DnsAuthSettings {
  /** How long a stored report is served without a live check, in ms. Default 24 hours (the worker refreshes daily). */
  cacheTtlMs?: number;
  /** How long a report with an `unknown` status is served, in ms: a failed lookup is retried sooner. Default 5 minutes. */
  unknownTtlMs?: number;
}

export interface DnsAuthDeps {
  /** Null: no cache (the CLI). */
  db: Db | null;
  resolver: DnsResolver;
  clock: Clock;
  logger: Logger;
  config?: DnsAuthSettings;
}

export interface DnsAuthTarget extends DnsAuthOptions {
  domain: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DOMAIN = /^(?=.{1,253}$)(?!-)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

export class DnsAuthChecks {
  private readonly cache: CheckCache | null;
  private readonly resolver: DnsResolver;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly cacheTtlMs: number;
  private readonly unknownTtlMs: number;

  constructor(deps: DnsAuthDeps) {
    this.cache = deps.db === null ? null : new CheckCache(deps.db);
    this.resolver = deps.resolver;
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.cacheTtlMs = deps.config?.cacheTtlMs ?? DAY_MS;
    this.unknownTtlMs = deps.config?.unknownTtlMs ?? 5 * 60 * 1000;
  }

  /** The report for `domain` (cached when fresh, unless `refresh`). Throws InvalidInput for a bad domain, IP or selector. */
  async check(domain: string, options: DnsAuthOptions = {}): Promise<DnsAuthReport> {
    const target = normaliseTarget(domain, options);
    const key = `${target.domain}|${target.ip ?? ''}|${target.selectors.join(',')}`;
    if (options.refresh !== true && this.cache !== null) {
      const cached = await this.cache.get<DnsAuthReport>('dns-auth', key);
      if (cached !== undefined && this.isFresh(cached.report, cached.checkedAt)) return { ...cached.report, source: 'cached' };
    }
    const report = await this.runLive(target.domain, target.ip, target.selectors);
    if (this.cache !== null) {
      await this.cache.put('dns-auth', key, { domain: target.domain, ip: target.ip, checkedAt: report.checked_at, report });
    }
    return report;
  }

  /**
   * Checks many domains with at most `concurrency` checks at once (the worker's daily refresh).
   * Each result is the report or the error that check threw; one failure never stops the rest.
   */
  async checkMany(targets: DnsAuthTarget[], options: { concurrency?: number; refresh?: boolean } = {}): Promise<Array<DnsAuthReport | Error>> {
    const results: Array<DnsAuthReport | Error> = new Array<DnsAuthReport | Error>(targets.length);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < targets.length) {
        const index = next;
        next += 1;
        const { domain, ...rest } = targets[index] as DnsAuthTarget;
        try {
          results[index] = await this.check(domain, { ...rest, refresh: options.refresh ?? rest.refresh });
        } catch (error) {
          results[index] = error instanceof Error ? error : new Error(String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 16, targets.length)) }, lane));
    return results;
  }

  private isFresh(report: DnsAuthReport, checkedAt: string): boolean {
    const statuses = [report.spf.status, report.dkim.status, report.dmarc.status, report.mx.status, report.ptr?.status];
    const ttl = statuses.includes('unknown') ? Math.min(this.unknownTtlMs, this.cacheTtlMs) : this.cacheTtlMs;
    return this.clock.now() - Date.parse(checkedAt) < ttl;
  }

  private async runLive(domain: string, ip: string | null, selectors: string[]): Promise<DnsAuthReport> {
    const started = performance.now();
    const [spf, dkim, dmarc, mx, ptr] = await Promise.all([
      checkSpf(this.resolver, domain, ip),
      checkDkim(this.resolver, domain, selectors),
      checkDmarc(this.resolver, domain),
      checkMx(this.resolver, domain),
      ip === null ? null : checkPtr(this.resolver, ip),
    ]);
    const report: DnsAuthReport = {
      domain,
      ip,
      checked_at: isoTime(this.clock.now()),
      source: 'live',
      spf: spf.report,
      dkim: dkim.report,
      dmarc: dmarc.report,
      mx: mx.report,
      ptr: ptr?.report ?? null,
      problems: sortProblems([...spf.problems, ...dkim.problems, ...dmarc.problems, ...mx.problems, ...(ptr?.problems ?? [])]),
    };
    this.logger.debug(
      { domain, ip, spf: spf.report.status, dkim: dkim.report.status, dmarc: dmarc.report.status, ms: Math.round(performance.now() - started) },
      'DNS authentication check finished',
    );
    return report;
  }
}

/** Lower-case ASCII domain without a trailing dot, a plain IP, valid selectors; InvalidInput otherwise. */
export function normaliseTarget(domain: string, options: DnsAuthOptions): { domain: string; ip: string | null; selectors: string[] } {
  const ascii = domainToASCII(domain.trim().replace(/\.$/, '').toLowerCase());
  if (!DOMAIN.test(ascii)) throw new InvalidInput(`"${domain}" is not a domain name; give the part after @ of the sending address, e.g. example.com.`, { field: 'domain', value: domain });
  let ip: string | null = null;
  if (options.ip !== undefined && options.ip !== '') {
    ip = unmapIPv4(options.ip.trim());
    if (isIP(ip) === 0) throw new InvalidInput(`"${options.ip}" is not an IPv4 or IPv6 address.`, { field: 'ip', value: options.ip });
  }
  const selectors = [...new Set((options.dkimSelectors ?? []).map((s) => s.trim().toLowerCase()).filter((s) => s !== ''))];
  const bad = selectors.find((s) => !isValidSelector(s));
  if (bad !== undefined) throw new InvalidInput(`"${bad}" is not a DKIM selector (letters, digits, dots, hyphens, underscores).`, { field: 'dkim_selectors', value: bad });
  return { domain: ascii, ip, selectors };
}
