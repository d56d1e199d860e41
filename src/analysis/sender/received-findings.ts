/**
 * Findings from the Received chain and the SMTP session: origin IP (an IOC), hop count, long delays,
 * HELO address literals and mismatches, malformed or time-travelling lines.
 */
import type { IocSet } from '../types.ts';
import { registeredDomain } from './domains.ts';
import { clip, type FindingList } from './findings.ts';
import { RECEIVED_LIMITS } from './points.ts';
import { isIpLiteralHelo, readReceivedChain, type ReceivedHop } from './received.ts';

interface SessionFacts {
  headers: ReadonlyArray<{ name: string; value: string }>;
  helo: string | null;
  clientIp: string | null;
}

/**
 * Adds the chain's findings and IOCs; returns the parsed hops (newest first) for other checks and the
 * origin: the oldest public address in the chain, or null.
 */
export function inspectReceived(input: SessionFacts, out: FindingList, iocs: IocSet): { hops: ReceivedHop[]; originIp: string | null } {
  const values = input.headers.filter((h) => h.name.toLowerCase() === 'received').map((h) => h.value);
  const chain = readReceivedChain(values, RECEIVED_LIMITS.skewMs);
  if (chain.origin?.ip) iocs.ips.push(chain.origin.ip);
  if (input.clientIp && !iocs.ips.includes(input.clientIp)) iocs.ips.push(input.clientIp);

  if (input.helo !== null && isIpLiteralHelo(input.helo)) {
    out.add('received_helo_ip_literal', `The sending server greeted with the address literal ${input.helo} instead of its host name, as spam bots do.`);
  } else if (chain.origin && !chain.origin.authenticated && chain.origin.helo && isIpLiteralHelo(chain.origin.helo)) {
    out.add('received_helo_ip_literal', `The first relay (${chain.origin.by ?? 'unknown'}) was greeted with the address literal ${chain.origin.helo} by a client that did not log in, as spam bots do.`);
  }
  const heloProblem = chain.origin ? heloMismatch(chain.origin) : null;
  if (heloProblem) out.add('received_helo_mismatch', heloProblem);
  if (values.length > RECEIVED_LIMITS.manyHops) {
    out.add('received_many_hops', `The message passed through ${values.length} relays (Received lines); ordinary mail takes far fewer.`);
  }
  if (chain.maxDelayMs > RECEIVED_LIMITS.delayMs) {
    out.add('received_delay', `The message waited ${Math.round(chain.maxDelayMs / 3600_000)} hours between two relays, typical of mail queued on a bulk sender or a forged Received line.`);
  }
  const forged = forgedLine(chain.hops, chain.backwards);
  if (forged) out.add('received_forged', forged);
  return { hops: chain.hops, originIp: chain.origin?.ip ?? null };
}

/** The origin hop's HELO is not a domain, or names another domain than the client's reverse DNS. */
function heloMismatch(hop: ReceivedHop): string | null {
  if (hop.authenticated || hop.helo === null || isIpLiteralHelo(hop.helo)) return null;
  const helo = hop.helo.toLowerCase().replace(/\.$/, '');
  if (!helo.includes('.')) {
    return `The client that handed the message to ${hop.by ?? 'the first relay'} (${hop.ip ?? 'no address'}) introduced itself as "${clip(helo, 40)}", which is not a domain name.`;
  }
  if (hop.rdns === null) return null;
  const heloDomain = registeredDomain(helo);
  const rdnsDomain = registeredDomain(hop.rdns);
  if (heloDomain === null || rdnsDomain === null || heloDomain === rdnsDomain) return null;
  return `The client ${hop.ip ?? ''} introduced itself as ${helo} but its address belongs to ${hop.rdns}: the names disagree.`;
}

function forgedLine(hops: ReceivedHop[], backwards: Array<{ older: ReceivedHop; newer: ReceivedHop }>): string | null {
  for (const hop of hops) {
    const impossible = hop.defects.find((d) => d.startsWith('impossible'));
    if (impossible) return `A Received line has an ${impossible}: "${clip(hop.text, 100)}".`;
  }
  const pair = backwards[0];
  if (pair) {
    const hours = Math.round(((pair.older.time ?? 0) - (pair.newer.time ?? 0)) / 3600_000);
    return `Received timestamps run backwards by about ${hours} hours (a later relay claims to have seen the message before an earlier one): "${clip(pair.older.text, 100)}".`;
  }
  // A line with a `from` clause but no `by` relay or no timestamp is not how MTAs write them.
  const broken = hops.find((h) => h.helo !== null && (h.by === null || h.defects.length > 0));
  if (broken) return `A Received line is malformed (${broken.defects[0] ?? 'no receiving host'}): "${clip(broken.text, 100)}".`;
  return null;
}
