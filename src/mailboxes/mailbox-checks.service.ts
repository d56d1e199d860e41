/**
 * `GET /api/v1/dns` and `GET /api/v1/blacklist` for a mailbox (CONTRACT.md §2): find the caller's mailbox
 * (404 otherwise), work out what to check (the address's domain; the sending IP), and run the DNS checks
 * (src/checks/*, which cache their reports). The answer is the documented shape plus the checks' extra
 * findings (problems, MX, PTR, errors).
 *
 * Sending IP, for now: the SMTP host's address through the project resolver (the address the login
 * check connected to when the lookup fails). Once the warm-up engine sees `Received` headers of
 * delivered mail, the IP observed there should win.
 */
import net from 'node:net';
import type { BlacklistScans } from '../checks/dnsbl/dnsbl.service.ts';
import type { DnsAuthChecks, DnsAuthReport } from '../checks/dns-auth/dns-auth.service.ts';
import { Unavailable } from '../platform/errors.ts';
import type { MailboxRow } from './mailboxes.model.ts';
import type { MailboxesRepo } from './mailboxes.repo.ts';
import type { MailboxesService } from './mailboxes.service.ts';
import type { MailboxDns } from './verification/verifier.ts';

export interface MailboxChecksDeps {
  mailboxes: MailboxesService;
  repo: MailboxesRepo;
  dnsAuth: DnsAuthChecks;
  blacklists: BlacklistScans;
  dns: MailboxDns;
}

/** The statuses `dns_status` shows. */
export function dnsStatusFromReport(report: DnsAuthReport) {
  return { spf: report.spf.status, dkim: report.dkim.status, dmarc: report.dmarc.status };
}

/** The sending IP of a mailbox as of now, or null when it cannot be found out. */
export async function sendingIpOf(row: Pick<MailboxRow, 'smtp_host' | 'sending_ip'>, dns: MailboxDns): Promise<string | null> {
  if (net.isIP(row.smtp_host) !== 0) return row.smtp_host;
  try {
    const addresses = await dns.addresses(row.smtp_host);
    return addresses.find((a) => net.isIPv4(a)) ?? addresses[0] ?? row.sending_ip;
  } catch {
    return row.sending_ip;
  }
}

export class MailboxChecks {
  private readonly deps: MailboxChecksDeps;

  constructor(deps: MailboxChecksDeps) {
    this.deps = deps;
  }

  async dns(userId: string, mailboxId: string, refresh: boolean) {
    const row = await this.deps.mailboxes.require(userId, mailboxId);
    const ip = await sendingIpOf(row, this.deps.dns);
    const report = await this.deps.dnsAuth.check(row.domain, { ip: ip ?? undefined, refresh });
    await this.deps.repo.recordDnsStatus([row.id], dnsStatusFromReport(report), report.checked_at);
    return {
      mailbox_id: row.id,
      domain: report.domain,
      checked_at: report.checked_at,
      source: report.source,
      spf: report.spf,
      dkim: report.dkim,
      dmarc: report.dmarc,
      // Beyond the seed:
      ip: report.ip,
      mx: report.mx,
      ptr: report.ptr,
      problems: report.problems,
    };
  }

  async blacklist(userId: string, mailboxId: string, refresh: boolean) {
    const row = await this.deps.mailboxes.require(userId, mailboxId);
    const ip = await sendingIpOf(row, this.deps.dns);
    if (ip === null) {
      throw new Unavailable(
        `The sending IP of ${row.email} is not known: ${row.smtp_host} did not resolve just now and the mailbox has not been verified yet. Retry shortly; check smtp_host if it persists.`,
      );
    }
    const report = await this.deps.blacklists.scan(ip, { domain: row.domain, refresh });
    return {
      mailbox_id: row.id,
      domain: row.domain,
      ip: report.ip,
      checked_at: report.checked_at,
      listed: report.listed,
      blacklists_found: report.blacklists_found,
      total_checked: report.total_checked,
      // Beyond the seed:
      source: report.source,
      lists_queried: report.lists_queried,
      errors: report.errors,
    };
  }
}
