/**
 * The DNS blacklists Mailwarden knows, and how to read their answers.
 *
 * A list answers a query for `<reversed ip>.<zone>` (or `<domain>.<zone>`) with A records in
 * 127.0.0.0/8 when the address is listed; the last octet (a bitmask for SURBL/URIBL) says why.
 * Each list is decoded by a named decoder; `DNSBL_LISTS` entries may name one explicitly
 * (`zen.local=spamhaus-zen` for a local mirror), otherwise it is picked from the zone name.
 */

/** The 12 IP lists scanned by default (the table); `DNSBL_LISTS` replaces them. */
export const DEFAULT_IP_BLACKLISTS: readonly string[] = [
  'zen.spamhaus.org',
  'b.barracudacentral.org',
  'bl.spamcop.net',
  'bl.mailspike.net',
  'psbl.surriel.com',
  'dnsbl-1.uceprotect.net',
  'all.spamrats.com',
  'dnsbl.dronebl.org',
  'truncate.gbudb.net',
  'dnsbl.justspam.org',
  'bl.blocklist.de',
  'bl.spameatingmonkey.net',
];

/** Domain lists checked when a scan is given a domain; `DNSBL_DOMAIN_LISTS` replaces them (`none` disables). */
export const DEFAULT_DOMAIN_BLACKLISTS: readonly string[] = ['dbl.spamhaus.org', 'multi.surbl.org', 'multi.uribl.com'];

type CodeTable = Record<number, string>;

interface Decoder {
  /** Last octet → reason (exact match). */
  codes?: CodeTable;
  /** Bit → reason, for lists whose last octet is a bitmask of sub-lists. */
  bits?: CodeTable;
  /** Answers (full address) that mean "your query was refused", with the reason; never a listing. */
  errors?: Record<string, string>;
  /** Reason for a listed code the tables do not name. */
  fallback: string;
}

/** Spamhaus's refusals; any other list answering 127.255.255.x is treated the same way (see decodeAnswer). */
const SPAMHAUS_ERRORS: Record<string, string> = {
  '127.255.255.252': 'answered 127.255.255.252: the list name in the query is wrong (typo in the DNSBL zone).',
  '127.255.255.254': 'answered 127.255.255.254: queries through public/open resolvers are refused; production needs its own recursive resolver (DNS_SERVERS).',
  '127.255.255.255': 'answered 127.255.255.255: too many queries from this resolver; use your own recursive resolver or a Spamhaus Data Query Service key.',
};

const DECODERS = {
  'spamhaus-zen': {
    codes: {
      2: 'Spamhaus SBL: a known spam source or spam operation',
      3: 'Spamhaus SBL CSS: low-reputation or snowshoe sending seen from this address',
      4: 'Spamhaus XBL: the host looks compromised (botnet, malware or open proxy)',
      9: 'Spamhaus DROP/EDROP: the netblock is hijacked or run by criminals',
      10: 'Spamhaus PBL (ISP-maintained): an end-user or dynamic address that should not send mail directly',
      11: 'Spamhaus PBL (Spamhaus-maintained): an end-user or dynamic address that should not send mail directly',
    },
    fallback: 'Listed by Spamhaus ZEN',
  },
  'spamhaus-dbl': {
    codes: {
      2: 'Spamhaus DBL: spam domain',
      4: 'Spamhaus DBL: phishing domain',
      5: 'Spamhaus DBL: malware domain',
      6: 'Spamhaus DBL: botnet command-and-control domain',
      102: 'Spamhaus DBL: abused legitimate domain (spam)',
      103: 'Spamhaus DBL: abused legitimate domain (redirector or URL shortener)',
      104: 'Spamhaus DBL: abused legitimate domain (phishing)',
      105: 'Spamhaus DBL: abused legitimate domain (malware)',
      106: 'Spamhaus DBL: abused legitimate domain (botnet command-and-control)',
    },
    errors: { '127.0.1.255': 'answered 127.0.1.255: IP addresses cannot be queried in the DBL (it lists domains).' },
    fallback: 'Listed by Spamhaus DBL',
  },
  barracuda: { codes: { 2: 'Barracuda Reputation: poor sending reputation' }, fallback: 'Listed by Barracuda' },
  spamcop: { codes: { 2: 'SpamCop: recipients reported spam from this address' }, fallback: 'Listed by SpamCop' },
  mailspike: {
    codes: {
      2: 'Mailspike BL: spam from this address hit Mailspike traps',
      10: 'Mailspike: worst possible reputation',
      11: 'Mailspike: very bad reputation',
      12: 'Mailspike: bad reputation',
      13: 'Mailspike: suspicious reputation',
      14: 'Mailspike: neutral reputation, probably spam',
    },
    fallback: 'Listed by Mailspike',
  },
  psbl: { codes: { 2: 'PSBL: mail from this address reached spam traps' }, fallback: 'Listed by PSBL' },
  uceprotect: { codes: { 2: 'UCEPROTECT level 1: this address sent mail to spam traps' }, fallback: 'Listed by UCEPROTECT' },
  spamrats: {
    codes: {
      36: 'SpamRATS Dyna: generic or dynamic-looking reverse DNS for a mail sender',
      37: 'SpamRATS NoPtr: the address has no reverse DNS (PTR) record',
      38: 'SpamRATS Spam: the address sent spam',
      43: 'SpamRATS Auth: the address attacked mail servers (authentication brute force)',
    },
    fallback: 'Listed by SpamRATS',
  },
  dronebl: {
    codes: {
      3: 'DroneBL: IRC drone',
      5: 'DroneBL: bottler',
      6: 'DroneBL: unknown spambot or drone',
      7: 'DroneBL: DDoS drone',
      8: 'DroneBL: open SOCKS proxy',
      9: 'DroneBL: open HTTP proxy',
      10: 'DroneBL: proxy chain',
      11: 'DroneBL: web page proxy',
      12: 'DroneBL: open DNS resolver',
      13: 'DroneBL: brute-force attacker',
      14: 'DroneBL: open Wingate proxy',
      15: 'DroneBL: compromised router or gateway',
      16: 'DroneBL: autorooting worm',
      17: 'DroneBL: automatically detected botnet address',
      18: 'DroneBL: DNS/MX on IRC',
      19: 'DroneBL: abused VPN service',
    },
    fallback: 'Listed by DroneBL',
  },
  gbudb: { codes: { 2: 'GBUdb truncate: almost all mail from this address is spam' }, fallback: 'Listed by GBUdb' },
  justspam: { codes: { 2: 'JustSpam: the address sent to spam traps' }, fallback: 'Listed by JustSpam' },
  'blocklist-de': { codes: { 2: 'blocklist.de: attacks (brute force, spam) reported from this address' }, fallback: 'Listed by blocklist.de' },
  spameatingmonkey: { codes: { 2: 'SpamEatingMonkey: the address sent spam' }, fallback: 'Listed by SpamEatingMonkey' },
  surbl: {
    bits: { 8: 'SURBL PH: phishing', 16: 'SURBL MW: malware', 64: 'SURBL ABUSE: spam and abuse', 128: 'SURBL CR: cracked (compromised) site' },
    errors: { '127.0.0.1': 'answered 127.0.0.1: this resolver is blocked from querying SURBL; use your own recursive resolver or a data feed.' },
    fallback: 'Listed by SURBL',
  },
  uribl: {
    bits: { 2: 'URIBL black: domain seen in spam', 4: 'URIBL grey: domain seen in bulk or unsolicited mail', 8: 'URIBL red: domain of a new or abused account seen in spam' },
    errors: { '127.0.0.1': 'answered 127.0.0.1: queries from this resolver are refused (public resolver or too many queries); use your own recursive resolver.' },
    fallback: 'Listed by URIBL',
  },
  generic: { fallback: 'Listed' },
} satisfies Record<string, Decoder>;

export type DecoderName = keyof typeof DECODERS;

/** Decoder names accepted after `=` in DNSBL_LISTS / DNSBL_DOMAIN_LISTS. */
export const DNSBL_DECODERS: readonly string[] = Object.keys(DECODERS);

/** Zone suffix → decoder, for lists named without `=decoder`. */
const KNOWN_ZONES: Array<[string, DecoderName]> = [
  ['dbl.spamhaus.org', 'spamhaus-dbl'],
  ['spamhaus.org', 'spamhaus-zen'],
  ['barracudacentral.org', 'barracuda'],
  ['spamcop.net', 'spamcop'],
  ['mailspike.net', 'mailspike'],
  ['surriel.com', 'psbl'],
  ['uceprotect.net', 'uceprotect'],
  ['spamrats.com', 'spamrats'],
  ['dronebl.org', 'dronebl'],
  ['gbudb.net', 'gbudb'],
  ['justspam.org', 'justspam'],
  ['blocklist.de', 'blocklist-de'],
  ['spameatingmonkey.net', 'spameatingmonkey'],
  ['surbl.org', 'surbl'],
  ['uribl.com', 'uribl'],
];

export interface BlacklistSpec {
  zone: string;
  decoder: DecoderName;
}

/** `zone` or `zone=decoder` → spec; the decoder defaults from the zone name, else `generic`. */
export function parseListSpec(entry: string): BlacklistSpec {
  const [zonePart = '', decoderPart] = entry.trim().toLowerCase().split('=');
  const zone = zonePart.replace(/\.$/, '');
  if (decoderPart !== undefined && decoderPart in DECODERS) return { zone, decoder: decoderPart as DecoderName };
  const known = KNOWN_ZONES.find(([suffix]) => zone === suffix || zone.endsWith(`.${suffix}`));
  return { zone, decoder: known?.[1] ?? 'generic' };
}

export type DecodedAnswer =
  | { kind: 'listed'; codes: string[]; reasons: string[] }
  /** The list answered something that is not a listing: it refused us or is broken. */
  | { kind: 'error'; error: string };

/**
 * Reads a list's A records. Invariants: an answer outside 127.0.0.0/8 is a broken list (a lapsed
 * domain wildcarding to a web server), 127.255.255.x is an error on every list (Spamhaus uses it to
 * refuse queries; no list uses it for listings), and a list-specific error code is never a listing.
 */
export function decodeAnswer(spec: BlacklistSpec, addresses: string[]): DecodedAnswer {
  const decoder: Decoder = DECODERS[spec.decoder];
  const outside = addresses.filter((address) => !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address));
  if (outside.length > 0) {
    return {
      kind: 'error',
      error: `${spec.zone} answered ${outside.join(', ')}, outside 127.0.0.0/8: the list is broken or its domain no longer runs a blacklist; remove it from DNSBL_LISTS.`,
    };
  }
  for (const address of addresses) {
    const refused = address.startsWith('127.255.255.')
      ? (SPAMHAUS_ERRORS[address] ?? `answered ${address}, an error code, not a listing.`)
      : decoder.errors?.[address];
    if (refused !== undefined) return { kind: 'error', error: `${spec.zone} ${refused}` };
  }
  const codes = [...new Set(addresses)].sort(compareAddresses);
  return { kind: 'listed', codes, reasons: [...new Set(codes.flatMap((code) => reasonsFor(decoder, code)))] };
}

function reasonsFor(decoder: Decoder, address: string): string[] {
  const last = Number(address.split('.')[3]);
  if (decoder.bits !== undefined) {
    const named = Object.entries(decoder.bits)
      .filter(([bit]) => (last & Number(bit)) !== 0)
      .map(([, reason]) => reason);
    return named.length > 0 ? named : [`${decoder.fallback} (code ${address})`];
  }
  const reason = decoder.codes?.[last];
  return [reason ?? `${decoder.fallback} (code ${address})`];
}

function compareAddresses(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i += 1) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
