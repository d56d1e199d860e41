/**
 * Reversed address labels, for PTR names (`<labels>.in-addr.arpa` / `.ip6.arpa`) and DNSBL queries
 * (`<labels>.<list zone>`): IPv4 octets reversed, IPv6 as 32 nibbles reversed (RFC 3596, RFC 5782).
 */
import { isIPv4, isIPv6 } from 'node:net';

/** `203.0.113.7` → `7.113.0.203`; `2001:db8::1` → `1.0.0.0.….8.b.d.0.1.0.0.2`. Throws on a non-address. */
export function reversedLabels(ip: string): string {
  if (isIPv4(ip)) return ip.split('.').reverse().join('.');
  if (isIPv6(ip)) return expandIPv6(ip).replace(/:/g, '').split('').reverse().join('.');
  throw new TypeError(`"${ip}" is not an IPv4 or IPv6 address.`);
}

/** The PTR name for an address. */
export function ptrName(ip: string): string {
  return `${reversedLabels(ip)}.${isIPv4(ip) ? 'in-addr.arpa' : 'ip6.arpa'}`;
}

/** Eight groups of four hex digits; an embedded dotted IPv4 tail (`::ffff:1.2.3.4`) is converted. */
export function expandIPv6(ip: string): string {
  let address = ip.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (dotted?.[1] !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    address = address.slice(0, -dotted[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  return groups.map((group) => group.padStart(4, '0')).join(':');
}

/** An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) as plain IPv4; anything else unchanged. */
export function unmapIPv4(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped?.[1] ?? ip;
}
