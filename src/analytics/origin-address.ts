/**
 * Whether an address is a public internet address (the only kind with a country or an AS).
 */
import { isNonPublicIp } from '../analysis/sender/received.ts';
import { parseIp } from './asn-index.ts';

/** True for a valid IPv4/IPv6 address outside loopback, private, link-local, CGNAT and documentation ranges. */
export function isPublicAddress(ip: string): boolean {
  const parsed = parseIp(ip);
  if (parsed === null) return false;
  if (parsed.version === 4) {
    const lo = parsed.lo;
    return !isNonPublicIp(`${lo >>> 24}.${(lo >>> 16) & 255}.${(lo >>> 8) & 255}.${lo & 255}`);
  }
  // Unspecified, loopback, unique-local, link-local, documentation (and IPv4-mapped handled above).
  return !isNonPublicIp(ip.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
}
