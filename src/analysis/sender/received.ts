/**
 * The `Received` chain: each relay prepends one line, so the top line is the newest hop and the
 * bottom line the oldest. Lines are written by whoever ran the relay — including the sender, who can
 * prepend invented "earlier" hops — so only their shape is judged here, never their claims of trust.
 *
 * Forms handled (the common MTAs):
 *   Postfix/Sendmail  from HELO (RDNS [IP]) by HOST (Postfix) with ESMTPS id X for <rcpt>; DATE
 *   Exim              from RDNS ([IP] helo=HELO) by HOST with esmtpsa (Exim 4.96) …; DATE
 *   Microsoft         from HELO (IP) by HOST (IP) with Microsoft SMTP Server …; DATE
 */

export interface ReceivedHop {
  /** The name the client gave in HELO/EHLO, as written (`[1.2.3.4]` for an address literal), or null. */
  helo: string | null;
  /** The reverse-DNS name the receiving relay recorded for the client, or null (also for `unknown`). */
  rdns: string | null;
  /** The client's IP address as written, or null. */
  ip: string | null;
  /** The relay that wrote the line (`by` host), or null. */
  by: string | null;
  /** Milliseconds since the epoch of the line's timestamp, or null when missing or unreadable. */
  time: number | null;
  /** The client authenticated (ESMTPA/ESMTPSA, `authenticated`): a mail program submitting, not a relay. */
  authenticated: boolean;
  /** What is malformed about the line, for the forged-line finding; empty when nothing is. */
  defects: string[];
  /** The line, unfolded, at most 200 characters (for descriptions). */
  text: string;
}

const IPV4 = /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])/;
const IPV6 = /(?:\[(?:IPv6:)?|\()([0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:(?<=:)\d{1,3}(?:\.\d{1,3}){3})?)[\])]/i;

export function parseReceived(value: string): ReceivedHop {
  const text = value.replace(/\s+/g, ' ').trim();
  const semicolon = text.lastIndexOf(';');
  const body = semicolon >= 0 ? text.slice(0, semicolon) : text;
  const dateText = semicolon >= 0 ? text.slice(semicolon + 1).trim() : '';
  const fromMatch = /^from\s+(.*?)(?:\s+by\s+|$)/i.exec(body);
  const fromPart = fromMatch?.[1] ?? '';
  const byMatch = /(?:^|\s)by\s+([^\s;()]+)/i.exec(body);
  const hop: ReceivedHop = {
    helo: null,
    rdns: null,
    ip: null,
    by: byMatch?.[1]?.toLowerCase() ?? null,
    time: null,
    // ESMTPA/ESMTPSA/LMTPSA (RFC 3848) or Postfix's "(Authenticated sender: …)".
    authenticated: /\bwith\s+\w*smtps?a\b|\bauthenticated\b/i.test(body),
    defects: [],
    text: text.slice(0, 200),
  };
  if (fromPart !== '') readFromPart(fromPart, hop);
  if (dateText === '') hop.defects.push('no timestamp');
  else {
    const time = Date.parse(dateText.replace(/\s*\([^)]*\)\s*$/, ''));
    if (Number.isNaN(time)) hop.defects.push(`unreadable timestamp "${dateText.slice(0, 40)}"`);
    else hop.time = time;
  }
  if (hop.ip !== null && hop.ip.includes('.') && !isValidIpv4(hop.ip)) hop.defects.push(`impossible IP address ${hop.ip}`);
  return hop;
}

function readFromPart(fromPart: string, hop: ReceivedHop): void {
  const firstToken = fromPart.split(/[\s(]/, 1)[0] ?? '';
  const heloEq = /helo=([^\s)]+)/i.exec(fromPart);
  const paren = /\(([^)]*)\)/.exec(fromPart)?.[1] ?? '';
  if (heloEq) {
    // Exim: the first token is the rDNS name (or the address), the HELO is in `helo=`.
    hop.helo = heloEq[1] ?? null;
    if (!firstToken.startsWith('[') && !IPV4.test(firstToken)) hop.rdns = firstToken.toLowerCase();
  } else {
    hop.helo = firstToken || null;
    const rdns = /^([a-z0-9.-]+\.[a-z0-9-]+)\.?\s*\[/i.exec(paren.trim())?.[1];
    if (rdns && rdns.toLowerCase() !== 'unknown') hop.rdns = rdns.toLowerCase();
  }
  // The client address, not the name it claimed (`helo=[192.168.1.2]` is the client's word, not the relay's).
  const recorded = heloEq ? fromPart.replace(heloEq[0], '') : fromPart;
  const recordedParen = heloEq ? paren.replace(heloEq[0], '') : paren;
  const v4 = IPV4.exec(recordedParen) ?? IPV4.exec(recorded);
  const v6 = IPV6.exec(recordedParen) ?? IPV6.exec(recorded);
  hop.ip = v4?.[1] ?? v6?.[1]?.toLowerCase() ?? null;
}

export function isValidIpv4(ip: string): boolean {
  const parts = ip.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** Loopback, private, link-local, CGNAT, documentation, unique-local: not an internet origin. */
export function isNonPublicIp(ip: string): boolean {
  if (ip.includes(':')) {
    const lower = ip.toLowerCase();
    return lower === '::1' || lower === '::' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || lower.startsWith('2001:db8');
  }
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19 || b === 51)) ||
    (a === 203 && b === 0)
  );
}

/** A HELO that is an address literal (`[1.2.3.4]`) or a bare address. */
export function isIpLiteralHelo(helo: string): boolean {
  const inner = helo.replace(/^\[(?:ipv6:)?|\]$/gi, '');
  return (IPV4.test(inner) && /^[\d.]+$/.test(inner)) || /^[0-9a-f:]+:[0-9a-f:.]*$/i.test(inner);
}

export interface ReceivedChain {
  hops: ReceivedHop[];
  /** The oldest hop whose client address is a public internet address: where the message came from. */
  origin: ReceivedHop | null;
  /** Largest gap in milliseconds between consecutive readable timestamps (older → newer), or 0. */
  maxDelayMs: number;
  /** Pairs where an older hop's timestamp is more than `skewMs` later than the next newer hop's. */
  backwards: Array<{ older: ReceivedHop; newer: ReceivedHop }>;
}

/** Reads `Received` values given top (newest) first, as they appear in the message. */
export function readReceivedChain(values: readonly string[], skewMs: number): ReceivedChain {
  const hops = values.map(parseReceived);
  const oldestFirst = [...hops].reverse();
  const origin = oldestFirst.find((h) => h.ip !== null && isPlausibleIp(h.ip) && !isNonPublicIp(h.ip)) ?? null;
  let maxDelayMs = 0;
  const backwards: ReceivedChain['backwards'] = [];
  let previous: ReceivedHop | null = null;
  for (const hop of oldestFirst) {
    if (hop.time === null) continue;
    if (previous !== null && previous.time !== null) {
      const gap = hop.time - previous.time;
      if (gap > maxDelayMs) maxDelayMs = gap;
      if (gap < -skewMs) backwards.push({ older: previous, newer: hop });
    }
    previous = hop;
  }
  return { hops, origin, maxDelayMs, backwards };
}

function isPlausibleIp(ip: string): boolean {
  return ip.includes(':') || isValidIpv4(ip);
}
