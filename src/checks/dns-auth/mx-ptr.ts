/**
 * MX (can the domain receive mail — bounces and replies go there) and the sending IP's reverse DNS:
 * a PTR name that resolves back to the IP (forward-confirmed reverse DNS), which large receivers
 * require of senders.
 */
import { isIPv4 } from 'node:net';
import { expandIPv6, ptrName, type DnsResolver } from '../../platform/dns/index.ts';
import type { MxHost, MxReport, Problem, PtrReport } from './dns-auth.model.ts';

/** MX hosts whose addresses are looked up (the rest are listed without addresses). */
const MAX_MX_HOSTS = 10;
/** PTR names followed forward. */
const MAX_PTR_NAMES = 5;

export async function checkMx(resolver: DnsResolver, domain: string): Promise<{ report: MxReport; problems: Problem[] }> {
  const report: MxReport = { status: 'missing', records: [], null_mx: false };
  const answer = await resolver.query(domain, 'MX');
  if (answer.kind === 'unknown') {
    report.status = 'unknown';
    return { report, problems: [{ code: 'mx_lookup_failed', severity: 'warning', message: `Could not read the MX records of ${domain}: ${answer.message}` }] };
  }
  if (answer.kind === 'none') {
    return { report, problems: [{ code: 'mx_missing', severity: 'error', message: `${domain} has no MX record, so it cannot receive replies or bounces and many receivers distrust its mail. Publish MX records for your mail provider.` }] };
  }
  const sorted = [...answer.records].sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange));
  if (sorted.length === 1 && (sorted[0]?.exchange === '' || sorted[0]?.exchange === '.')) {
    report.null_mx = true;
    report.status = 'fail';
    return { report, problems: [{ code: 'mx_null', severity: 'error', message: `${domain} publishes a null MX ("0 ."), declaring it accepts no mail; receivers reject mail from it. Remove the null MX if the domain sends mail.` }] };
  }
  report.records = await Promise.all(sorted.map((mx, index) => mxHost(resolver, mx, index < MAX_MX_HOSTS)));
  const unresolved = report.records.filter((host, index) => index < MAX_MX_HOSTS && host.addresses.length === 0);
  if (unresolved.length === Math.min(report.records.length, MAX_MX_HOSTS)) {
    report.status = 'fail';
    return { report, problems: [{ code: 'mx_unresolvable', severity: 'error', message: `No MX host of ${domain} (${unresolved.map((h) => h.exchange).join(', ')}) has an address, so mail to it cannot be delivered. Point the MX records at your provider's mail servers.` }] };
  }
  report.status = 'pass';
  const problems: Problem[] = unresolved.map((host) => ({ code: 'mx_host_unresolvable', severity: 'warning' as const, message: `The MX host ${host.exchange} of ${domain} has no address; remove it or fix its A/AAAA record.` }));
  return { report, problems };
}

async function mxHost(resolver: DnsResolver, mx: { exchange: string; priority: number }, resolve: boolean): Promise<MxHost> {
  const exchange = mx.exchange.replace(/\.$/, '').toLowerCase();
  if (!resolve) return { exchange, priority: mx.priority, addresses: [] };
  return { exchange, priority: mx.priority, addresses: await addressesOf(resolver, exchange) };
}

async function addressesOf(resolver: DnsResolver, host: string): Promise<string[]> {
  const [v4, v6] = await Promise.all([resolver.query(host, 'A'), resolver.query(host, 'AAAA')]);
  return [...(v4.kind === 'records' ? v4.records : []), ...(v6.kind === 'records' ? v6.records : [])];
}

export async function checkPtr(resolver: DnsResolver, ip: string): Promise<{ report: PtrReport; problems: Problem[] }> {
  const report: PtrReport = { status: 'missing', ip, hostnames: [], forward_confirmed: null };
  const answer = await resolver.query(ptrName(ip), 'PTR');
  if (answer.kind === 'unknown') {
    report.status = 'unknown';
    return { report, problems: [{ code: 'ptr_lookup_failed', severity: 'warning', message: `Could not read the reverse DNS (PTR) of ${ip}: ${answer.message}` }] };
  }
  if (answer.kind === 'none') {
    report.forward_confirmed = false;
    return { report, problems: [{ code: 'ptr_missing', severity: 'error', message: `The sending IP ${ip} has no reverse DNS (PTR) record; Gmail, Yahoo and Microsoft reject or junk such mail. Ask whoever owns the IP (your host or ISP) to set a PTR name that resolves back to ${ip}.` }] };
  }
  report.hostnames = answer.records.map((name) => name.replace(/\.$/, '').toLowerCase());
  const confirmations = await Promise.all(report.hostnames.slice(0, MAX_PTR_NAMES).map((name) => resolvesTo(resolver, name, ip)));
  if (confirmations.includes(true)) {
    report.forward_confirmed = true;
    report.status = 'pass';
    return { report, problems: [] };
  }
  if (confirmations.includes(null)) {
    report.status = 'unknown';
    return { report, problems: [{ code: 'ptr_lookup_failed', severity: 'warning', message: `Could not confirm that ${report.hostnames.join(', ')} (the PTR of ${ip}) resolves back to ${ip}: a lookup failed.` }] };
  }
  report.forward_confirmed = false;
  report.status = 'fail';
  return {
    report,
    problems: [{ code: 'ptr_not_forward_confirmed', severity: 'error', message: `The PTR name of ${ip} (${report.hostnames.join(', ')}) does not resolve back to ${ip}; receivers treat this as missing reverse DNS. Add an A/AAAA record for the name pointing at ${ip}, or change the PTR.` }],
  };
}

/** true/false: the name has/lacks the address; null: the lookup failed. */
async function resolvesTo(resolver: DnsResolver, name: string, ip: string): Promise<boolean | null> {
  const v4 = isIPv4(ip);
  const answer = await resolver.query(name, v4 ? 'A' : 'AAAA');
  if (answer.kind === 'unknown') return null;
  if (answer.kind === 'none') return false;
  const wanted = v4 ? ip : expandIPv6(ip);
  return answer.records.some((address) => (v4 ? address : expandIPv6(address)) === wanted);
}
