/**
 * A From address at a well-known brand's own domain (paypal.com, bradesco.com.br) with no DKIM
 * signature from that brand. Large senders sign all their mail with their own domain (Gmail's and
 * Yahoo's bulk-sender rules have required it since 2024), so an unsigned message "from" them is a forged
 * From header — exactly what phishing does when the brand's DMARC policy is lax or not enforced.
 *
 * With the SMTP session's authentication evaluated, the verified DKIM result decides: an aligned pass
 * or a DMARC pass means genuine; a DMARC failure is already scored by the authentication findings (not
 * counted twice). Without it (offline analysis, DNS unavailable) only a signature header claiming the
 * brand's domain can clear the sender: it is not verified, so it earns the benefit of the doubt and no
 * more. Free-mail domains are excluded (anyone can have an address there), and so is list traffic.
 */
import type { AuthResults } from '../auth/index.ts';
import { isMailingListMessage } from '../headers.ts';
import type { Finding } from '../types.ts';
import { addressDomain, registeredDomain } from './domains.ts';
import { FREEMAIL_DOMAINS } from './lists.ts';
import { brandListing, sameBrand } from './lookalike.ts';

export const BRAND_SIGNATURE_POINTS = { brand_sender_unsigned: { phishing: 22, spam: 4 } } as const;

export interface BrandSignatureInput {
  fromAddress: string | null;
  headers: ReadonlyArray<{ name: string; value: string }>;
  /** Verified results when the session was authenticated; `null` when not checked. */
  auth: AuthResults | null;
}

/** `d=` domains of the message's DKIM-Signature headers (unverified). */
function signatureDomains(headers: BrandSignatureInput['headers']): string[] {
  const domains: string[] = [];
  for (const header of headers) {
    if (header.name.toLowerCase() !== 'dkim-signature') continue;
    const match = /(?:^|;)\s*d\s*=\s*([^;\s]+)/i.exec(header.value);
    if (match !== null) domains.push(match[1]!.toLowerCase().replace(/\.$/, ''));
  }
  return domains;
}

function verified(auth: AuthResults | null): auth is AuthResults {
  return auth !== null && auth.dkim !== 'not_checked' && auth.dkim !== 'temperror';
}

export function inspectBrandSignature(input: BrandSignatureInput): Finding[] {
  const domain = addressDomain(input.fromAddress);
  const registered = registeredDomain(domain ?? '');
  if (domain === null || registered === null || FREEMAIL_DOMAINS.has(registered)) return [];
  // A member of a mailing list writing from work: the list re-sent it, often breaking its signature.
  if (isMailingListMessage(input.headers)) return [];
  const brand = brandListing(registered);
  if (brand === null) return [];
  if (verified(input.auth)) {
    if (input.auth.dmarc === 'pass' || input.auth.dmarc === 'fail') return [];
    if (input.auth.dkim === 'pass' && sameBrand(registeredDomain(input.auth.dkim_domain ?? ''), registered)) return [];
  } else if (signatureDomains(input.headers).some((d) => sameBrand(registeredDomain(d), registered))) {
    return [];
  }
  return [{
    type: 'brand_sender_unsigned',
    description: `The From address is at ${domain}, ${brand.name}'s own domain, but the message carries no valid DKIM signature from ${brand.name}. ${brand.name} signs its mail, so this sender address is very likely forged.`,
    points: { ...BRAND_SIGNATURE_POINTS.brand_sender_unsigned },
  }];
}
