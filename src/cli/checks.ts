/**
 * `mailwarden dns check DOMAIN [--ip IP] [--selector S] [--json]` and
 * `mailwarden blacklist check IP [--domain D] [--json]`: the same findings as the API, printed
 * without a server or a database (always live, nothing cached). DNS_SERVERS, DNS_TIMEOUT_MS,
 * DNSBL_LISTS and DNSBL_DOMAIN_LISTS apply as in the server.
 *
 * Exit status: 0 when nothing needs fixing (no error-level problem / not listed), 1 when something
 * does, 2 for a usage or configuration error.
 */
import { BlacklistScans, type BlacklistReport } from '../checks/dnsbl/dnsbl.service.ts';
import { DnsAuthChecks, type DnsAuthReport } from '../checks/dns-auth/dns-auth.service.ts';
import { loadConfig } from '../config.ts';
import { systemClock } from '../platform/clock.ts';
import { DnsResolver } from '../platform/dns/index.ts';
import { createLogger } from '../platform/logger.ts';
import { parseArgs, UsageError } from './args.ts';

export interface ChecksCommandOptions {
  /** Environment to read the configuration from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  out?: (text: string) => void;
}

const DNS_USAGE = 'Usage: mailwarden dns check DOMAIN [--ip IP] [--selector S[,S…]] [--json]';
const BLACKLIST_USAGE = 'Usage: mailwarden blacklist check IP [--domain DOMAIN] [--json]';

function setup(options: ChecksCommandOptions) {
  const config = loadConfig(options.env ?? process.env);
  // Findings go to stdout; the services' own logs would only repeat them.
  const deps = { db: null, resolver: DnsResolver.fromConfig(config), clock: systemClock, logger: createLogger('silent') };
  return { config, deps, out: options.out ?? ((text: string) => process.stdout.write(`${text}\n`)) };
}

export async function dnsCommand(argv: readonly string[], options: ChecksCommandOptions = {}): Promise<number> {
  const { positionals, options: flags } = parseArgs(argv, ['ip', 'selector'], ['json']);
  if (positionals[0] !== 'check' || positionals.length !== 2) throw new UsageError(DNS_USAGE);
  const { deps, out } = setup(options);
  const report = await new DnsAuthChecks(deps).check(positionals[1] ?? '', {
    ip: flags.ip,
    dkimSelectors: flags.selector?.split(',') ?? [],
    refresh: true,
  });
  out(flags.json === 'true' ? JSON.stringify(report, null, 2) : formatDnsReport(report));
  return report.problems.some((p) => p.severity === 'error') ? 1 : 0;
}

export async function blacklistCommand(argv: readonly string[], options: ChecksCommandOptions = {}): Promise<number> {
  const { positionals, options: flags } = parseArgs(argv, ['domain'], ['json']);
  if (positionals[0] !== 'check' || positionals.length !== 2) throw new UsageError(BLACKLIST_USAGE);
  const { config, deps, out } = setup(options);
  const report = await new BlacklistScans({ ...deps, config: config.dnsbl }).scan(positionals[1] ?? '', { domain: flags.domain, refresh: true });
  out(flags.json === 'true' ? JSON.stringify(report, null, 2) : formatBlacklistReport(report));
  return report.listed ? 1 : 0;
}

function row(label: string, status: string, detail: string): string {
  return `  ${label.padEnd(6)} ${status.toUpperCase().padEnd(8)} ${detail}`;
}

export function formatDnsReport(report: DnsAuthReport): string {
  const { spf, dkim, dmarc, mx, ptr } = report;
  const lines = [`DNS authentication of ${report.domain}${report.ip === null ? '' : ` (sending IP ${report.ip})`}, checked ${report.checked_at}`];
  const spfCounts = spf.lookups === null ? '' : ` (${spf.lookups}/10 lookups, ${spf.void_lookups ?? 0}/2 void${spf.ip_result === null ? '' : `; ${spf.ip}: ${spf.ip_result}`})`;
  lines.push(row('SPF', spf.status, `${spf.record ?? (spf.records.length > 1 ? `${spf.records.length} records` : 'no record')}${spfCounts}`));
  const key = dkim.key_type === null ? '' : `: ${dkim.key_type}${dkim.key_bits === null ? '' : ` ${dkim.key_bits}-bit`}${dkim.testing ? ', testing' : ''}`;
  lines.push(row('DKIM', dkim.status, dkim.selector === null ? `no key (${dkim.selectors_checked.length} selectors tried)` : `selector ${dkim.selector}${key}${dkim.revoked ? ' (revoked)' : ''}`));
  const dmarcAt = dmarc.found_at === null ? '' : ` at _dmarc.${dmarc.found_at}${dmarc.inherited ? ' (organisational domain)' : ''}`;
  lines.push(row('DMARC', dmarc.status, dmarc.policy === null ? `${dmarc.record ?? 'no record'}${dmarcAt}` : `p=${dmarc.policy}${dmarcAt}`));
  lines.push(row('MX', mx.status, mx.null_mx ? 'null MX' : mx.records.map((h) => `${h.exchange} (${h.priority})`).join(', ') || 'none'));
  if (ptr !== null) {
    const confirmed = ptr.forward_confirmed === true ? ' (forward-confirmed)' : ptr.forward_confirmed === false && ptr.hostnames.length > 0 ? ' (does not resolve back)' : '';
    lines.push(row('PTR', ptr.status, `${ptr.ip} → ${ptr.hostnames.join(', ') || 'none'}${confirmed}`));
  }
  lines.push(...problemLines(report.problems));
  return lines.join('\n');
}

function problemLines(problems: DnsAuthReport['problems']): string[] {
  if (problems.length === 0) return ['No problems found.'];
  return ['Problems:', ...problems.map((p) => `  ${p.severity.padEnd(7)} ${p.message}`)];
}

export function formatBlacklistReport(report: BlacklistReport): string {
  const subject = report.domain === null ? report.ip : `${report.ip} and ${report.domain}`;
  const verdict = report.listed ? `LISTED on ${report.blacklists_found.length}` : 'not listed on any';
  const lines = [`Blacklist scan of ${subject}, checked ${report.checked_at}: ${verdict} of ${report.total_checked} lists that answered (${report.lists_queried} queried)`];
  for (const hit of report.blacklists_found) {
    lines.push(`  ${hit.list} (${hit.target}): ${hit.codes.join(', ')}`);
    for (const reason of hit.reasons) lines.push(`      ${reason}`);
    for (const detail of hit.details) lines.push(`      "${detail}"`);
  }
  if (report.errors.length > 0) {
    lines.push('No usable answer (not counted):');
    for (const error of report.errors) lines.push(`  ${error.list}: ${error.error}`);
  }
  return lines.join('\n');
}
