/**
 * Domain helpers shared by the sender and link inspectors: host normalisation and the registered
 * ("organisational") domain from the public suffix list (tldts).
 *
 * Registered domains are computed WITH the PSL's private section (`github.io`, `web.app`,
 * `blogspot.com` …): `alice.github.io` and `mallory.github.io` are different owners, exactly as
 * browsers treat them as different sites. Comparisons between a link and what its text shows, or
 * between From and Reply-To, must not call two tenants of one free host "the same domain".
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { parse } from 'tldts';

export interface DomainParts {
  /** Lower-case ASCII host (IDN labels as `xn--`). */
  host: string;
  /** Registered domain (PSL, private section included), or null for IPs, bare names and unknown suffixes. */
  registered: string | null;
  /** The registered domain's own label (`paypal` of `paypal.co.uk`), or null. */
  label: string | null;
  /** The public suffix (`co.uk`, `github.io`), or null. */
  suffix: string | null;
  /** Everything left of the registered domain ('' when none). */
  subdomain: string;
  isIp: boolean;
}

const PARSE_OPTIONS = { allowPrivateDomains: true } as const;

/** Lower-case ASCII form of a host name; IDN labels become punycode. '' when it is not a host. */
export function asciiHost(host: string): string {
  let h = host.trim().toLowerCase().replace(/\.+$/, '');
  if (h.startsWith('[') && h.endsWith(']')) return h;
  // Full-width dots and the ideographic full stop are label separators for IDNA.
  h = h.replace(/[\u3002\uff0e\uff61]/g, '.');
  if (/^[\x21-\x7e]*$/.test(h)) return h;
  return domainToASCII(h) || '';
}

/** Unicode form for display and for confusable checks (`xn--pypal-4ve.com` → `pаypal.com`). */
export function unicodeHost(host: string): string {
  return host.includes('xn--') ? domainToUnicode(host) || host : host;
}

export function domainParts(host: string): DomainParts {
  const ascii = asciiHost(host);
  const parsed = parse(ascii, PARSE_OPTIONS);
  // A suffix the public suffix list does not know (`.lan`, `.local`, `.internal`) is no internet domain.
  const known = parsed.isIcann === true || parsed.isPrivate === true;
  return {
    host: ascii,
    registered: known ? parsed.domain : null,
    label: parsed.domainWithoutSuffix || null,
    suffix: parsed.publicSuffix,
    subdomain: parsed.subdomain ?? '',
    isIp: parsed.isIp === true,
  };
}

/** Registered domain of a host, or null (IP literal, bare name, unknown suffix). */
export function registeredDomain(host: string): string | null {
  return domainParts(host).registered;
}

/** The domain part of an e-mail address, lower-case ASCII, or null when there is none. */
export function addressDomain(address: string | null | undefined): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  if (at < 0 || at === address.length - 1) return null;
  const domain = asciiHost(address.slice(at + 1).replace(/[>\s]+$/, ''));
  return domain === '' ? null : domain;
}

/** `host` is `domain` or one of its subdomains. */
export function isWithin(host: string, domain: string): boolean {
  return host === domain || host.endsWith('.' + domain);
}

/** `host` is within any of `domains`. */
export function isWithinAny(host: string, domains: readonly string[]): boolean {
  for (const d of domains) if (isWithin(host, d)) return true;
  return false;
}
