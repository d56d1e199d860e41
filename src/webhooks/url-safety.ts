/**
 * Which URLs a webhook may point at (CONTRACT.md §3.4, DESIGN.md "Network safety").
 *
 * A user who could make the server POST to loopback, private or link-local addresses could reach
 * services that trust the server's network position: the cloud metadata endpoint (169.254.169.254),
 * admin panels on 127.0.0.1, databases on the LAN. So by default a webhook URL must be http(s) and
 * every address its host resolves to must be publicly routable. `WEBHOOK_ALLOW_PRIVATE=true` lifts the
 * address rule (LAN receivers, tests on loopback); the URL rules always hold.
 *
 * The check runs when a webhook is created or changed AND again before every delivery (the delivery
 * engine calls `resolveTarget` and connects only to the addresses it returned), so a name that
 * resolved to a public address at creation and to 127.0.0.1 later (DNS rebinding) is still refused.
 */
import net from 'node:net';
import type { DnsAnswer, DnsResolver } from '../platform/dns/index.ts';
import { InvalidInput, Unavailable, Unprocessable } from '../platform/errors.ts';

/** Longest accepted webhook URL, in characters. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** What a delivery may connect to: the URL's host and port, and the checked addresses it resolved to. */
export interface WebhookTarget {
  /** Hostname as in the URL (IPv6 literals without brackets), for the Host header and TLS SNI. */
  host: string;
  /** Explicit port, or 443 for https and 80 for http. */
  port: number;
  /** Every address the host resolved to (IP literal: itself), all allowed by the policy. At least one. */
  addresses: string[];
}

export interface ResolveTargetOptions {
  /** Allow loopback, private, link-local and other non-public addresses (`WEBHOOK_ALLOW_PRIVATE`). Default false. */
  allowPrivate?: boolean;
  /** The request field named in errors. Default `url`. */
  field?: string;
}

/** The URL's host resolves to an address the policy refuses. HTTP 422 at creation; a final failure at delivery. */
export class RefusedWebhookAddress extends Unprocessable {
  readonly address: string;
  constructor(message: string, field: string, url: string, address: string) {
    super(message, { field, value: url, address });
    this.address = address;
  }
}

/** The host's addresses could not be looked up (DNS timeout, SERVFAIL…): try again later. HTTP 503. */
export class WebhookDnsUnavailable extends Unavailable {}

/**
 * Checks the shape of a webhook URL: absolute http:// or https://, a host, no user name or password
 * (they would be sent to the receiver and shown in every listing), at most MAX_WEBHOOK_URL_LENGTH
 * characters, no surrounding whitespace. Throws InvalidInput naming `field`.
 */
export function parseWebhookUrl(raw: unknown, field = 'url'): URL {
  const fail = (reason: string) => new InvalidInput(`${field} ${reason}`, { field, value: raw });
  if (typeof raw !== 'string' || raw === '') throw fail('must be an absolute http:// or https:// URL.');
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) throw fail(`is ${raw.length} characters long; at most ${MAX_WEBHOOK_URL_LENGTH} are accepted.`);
  if (raw.trim() !== raw) throw fail('must not start or end with spaces.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fail(`must be an absolute http:// or https:// URL such as https://hooks.example.com/mailwarden; got "${raw}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw fail(`must use http:// or https://; got ${url.protocol.slice(0, -1)}:.`);
  }
  if (url.hostname === '') throw fail('needs a host name or address.');
  if (url.username !== '' || url.password !== '') {
    throw fail('must not contain a user name or password; authenticate the deliveries with the webhook signature instead.');
  }
  return url;
}

// ---- address policy ----

function blockList(v4: Array<[string, number]>, v6: Array<[string, number]>): net.BlockList {
  const list = new net.BlockList();
  for (const [prefix, bits] of v4) list.addSubnet(prefix, bits, 'ipv4');
  for (const [prefix, bits] of v6) list.addSubnet(prefix, bits, 'ipv6');
  return list;
}

/** IANA special-purpose ranges that are not globally reachable unicast (RFC 6890 and successors). */
const FORBIDDEN = blockList(
  [
    ['0.0.0.0', 8], // "this network"
    ['10.0.0.0', 8], // private (RFC 1918)
    ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
    ['127.0.0.0', 8], // loopback
    ['169.254.0.0', 16], // link-local, incl. the cloud metadata endpoint 169.254.169.254
    ['172.16.0.0', 12], // private
    ['192.0.0.0', 24], // IETF protocol assignments
    ['192.0.2.0', 24], // documentation
    ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
    ['192.168.0.0', 16], // private
    ['198.18.0.0', 15], // benchmarking
    ['198.51.100.0', 24], // documentation
    ['203.0.113.0', 24], // documentation
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved, incl. broadcast 255.255.255.255
  ],
  [
    ['::', 96], // unspecified, loopback ::1 and the deprecated IPv4-compatible range
    ['64:ff9b:1::', 48], // local-use NAT64
    ['100::', 64], // discard-only
    ['2001::', 32], // Teredo (tunnels to arbitrary IPv4)
    ['2001:db8::', 32], // documentation
    ['3fff::', 20], // documentation
    ['5f00::', 16], // SRv6 SIDs
    ['fc00::', 7], // unique-local
    ['fe80::', 10], // link-local
    ['fec0::', 10], // site-local (deprecated)
    ['ff00::', 8], // multicast
  ],
);

/** The 16 bytes of an IPv6 address (zone id already removed), or null when it is not one. */
function ipv6Bytes(address: string): number[] | null {
  if (net.isIPv6(address) === false) return null;
  let text = address;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted !== null) {
    tail.push(...dotted[1]!.split('.').map(Number));
    text = `${text.slice(0, -dotted[1]!.length)}0:0`;
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const words = (part: string | undefined) => (part === undefined || part === '' ? [] : part.split(':').map((w) => parseInt(w, 16)));
  const left = words(head);
  const right = words(rest);
  const all = rest === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = all.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The IPv4 address an IPv6 address carries and is routed by: IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 (2002::/16). */
function embeddedIpv4(bytes: number[]): string | null {
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12).join('.');
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zero(4, 12)) return bytes.slice(12).join('.');
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6).join('.');
  return null;
}

/**
 * True when a webhook must not be delivered to `ip`: loopback, private, CGNAT, link-local (metadata),
 * unique-local, multicast, documentation and other reserved ranges, and IPv6 forms that carry such an
 * IPv4 address (IPv4-mapped ::ffff:127.0.0.1, NAT64, 6to4). Anything that is not an IP address is
 * forbidden too (fail closed). An IPv6 zone id (`fe80::1%eth0`) is ignored.
 */
export function isForbiddenAddress(ip: string): boolean {
  const address = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (net.isIPv4(address)) return FORBIDDEN.check(address, 'ipv4');
  const bytes = ipv6Bytes(address);
  if (bytes === null) return true;
  const v4 = embeddedIpv4(bytes);
  if (v4 !== null) return FORBIDDEN.check(v4, 'ipv4');
  return FORBIDDEN.check(address, 'ipv6');
}

// ---- resolution ----

/** `localhost` and `*.localhost` always mean loopback (RFC 6761), whatever a resolver answers. */
function isLocalhostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

function answerAddresses(answer: DnsAnswer<string>): string[] {
  return answer.kind === 'records' ? answer.records : [];
}

async function lookupAddresses(host: string, resolver: Pick<DnsResolver, 'query'>, field: string, url: string): Promise<string[]> {
  if (isLocalhostName(host)) return ['127.0.0.1', '::1'];
  const [a, aaaa] = await Promise.all([resolver.query(host, 'A'), resolver.query(host, 'AAAA')]);
  const addresses = [...answerAddresses(a), ...answerAddresses(aaaa)];
  if (addresses.length > 0) return addresses;
  const failed = [a, aaaa].find((answer) => answer.kind === 'unknown');
  if (failed !== undefined && failed.kind === 'unknown') {
    throw new WebhookDnsUnavailable(
      `The addresses of ${host} (the host of ${field}) could not be looked up: ${failed.message}. Try again in a moment; if it persists, check the server's DNS_SERVERS.`,
      { field, value: url },
    );
  }
  throw new Unprocessable(`${field} host ${host} has no A or AAAA records, so nothing could be delivered to it; check the host name.`, { field, value: url });
}

/**
 * Resolves a webhook URL to the addresses a delivery may connect to, through the project resolver (an
 * IP-literal host needs no lookup). Every address must pass the policy: one refused address refuses
 * the URL, since a client library could pick any of them.
 *
 * Throws InvalidInput (bad URL), RefusedWebhookAddress (422: a non-public address without
 * allowPrivate), Unprocessable (no records) or WebhookDnsUnavailable (503: lookup failed).
 */
export async function resolveTarget(url: string | URL, resolver: Pick<DnsResolver, 'query'>, options: ResolveTargetOptions = {}): Promise<WebhookTarget> {
  const field = options.field ?? 'url';
  const parsed = typeof url === 'string' ? parseWebhookUrl(url, field) : url;
  const href = typeof url === 'string' ? url : url.href;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = parsed.port !== '' ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  const addresses = net.isIP(host) !== 0 ? [host] : await lookupAddresses(host, resolver, field, href);
  if (options.allowPrivate !== true) {
    const refused = addresses.find((address) => isForbiddenAddress(address));
    if (refused !== undefined) {
      const via = refused === host ? '' : ` (${host} resolves to it)`;
      throw new RefusedWebhookAddress(
        `${field} points at ${refused}${via}, a loopback, private, link-local or otherwise non-public address, which webhooks may not reach. Use a public address; an operator can set WEBHOOK_ALLOW_PRIVATE=true to allow private targets.`,
        field,
        href,
        refused,
      );
    }
  }
  return { host, port, addresses };
}
