/**
 * The lookups mailbox verification needs (host addresses, MX), answered by a `(name, rrtype)` resolver
 * function: the project's resolver (DNS_SERVERS, with its timeouts), so tests and air-gapped installs
 * control every lookup.
 */
import type { MailboxDns } from './verification/verifier.ts';

/** Resolves `name` for `rrtype` ('A', 'AAAA', 'MX'); rejects with a Node-style `code` (ENOTFOUND, ENODATA, ETIMEOUT…). */
export type ResolveRecords = (name: string, rrtype: 'A' | 'AAAA' | 'MX') => Promise<unknown[]>;

/** Answers that mean "the name has no such records", as opposed to "the lookup failed". */
const NO_RECORDS = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'NODATA']);

function codeOf(error: unknown): string {
  return String((error as { code?: unknown } | null)?.code ?? '');
}

export function mailboxDnsFrom(resolve: ResolveRecords): MailboxDns {
  return {
    async addresses(host) {
      const [v4, v6] = await Promise.allSettled([resolve(host, 'A'), resolve(host, 'AAAA')]);
      const found = [v4, v6].flatMap((r) => (r.status === 'fulfilled' ? (r.value as string[]) : []));
      if (found.length > 0) return found;
      // No address: say why, preferring a real failure (timeout) over "no such records".
      const failures = [v4, v6].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      const failed = failures.find((error) => !NO_RECORDS.has(codeOf(error)));
      throw failed ?? Object.assign(new Error(`${host} has no A or AAAA record`), { code: 'ENOTFOUND' });
    },
    async mx(domain) {
      try {
        const records = (await resolve(domain, 'MX')) as Array<{ exchange: string } | string>;
        return records.map((r) => (typeof r === 'string' ? r : r.exchange)).filter((name) => name !== '' && name !== '.');
      } catch (error) {
        if (NO_RECORDS.has(codeOf(error))) return [];
        throw error;
      }
    },
  };
}
