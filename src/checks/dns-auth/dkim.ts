/**
 * DKIM check: the key record at `<selector>._domainkey.<domain>` (RFC 6376 §3.6.1). Selectors seen
 * on the domain's mail are tried first; when none has a key, common selectors are probed in parallel
 * (DKIM keys cannot be listed, so probing is the only way without a signed message).
 */
import { createPublicKey } from 'node:crypto';
import type { DnsResolver } from '../../platform/dns/index.ts';
import type { DkimReport, Problem } from './dns-auth.model.ts';

/** Selectors used by common providers and defaults of common signers; probed when none is known. */
export const COMMON_DKIM_SELECTORS: readonly string[] = [
  'default', 'dkim', 'mail', 'selector1', 'selector2', 'google', 'k1', 'k2', 'k3', 's1', 's2', 'sig1',
  'smtp', 'mx', 'key1', 'key2', 'sel1', 'email', 'dkim1', 'mandrill', 'mxvault', 'zoho', 'protonmail',
  'protonmail2', 'protonmail3', 'fm1', 'fm2', 'fm3', 'pm', 'scph0920', 'everlytickey1', 'cm', 'mailjet',
];

/** RSA keys shorter than this fail (RFC 8301: verifiers must not accept < 1024 bits). */
const RSA_MIN_BITS = 1024;
/** RSA keys shorter than this get a warning: 1024-bit keys are considered weak. */
const RSA_RECOMMENDED_BITS = 2048;

const SELECTOR = /^[a-z0-9_](?:[a-z0-9_.-]{0,61}[a-z0-9_])?$/i;

export function isValidSelector(selector: string): boolean {
  return SELECTOR.test(selector) && !selector.includes('..');
}

interface KeyLookup {
  selector: string;
  outcome: 'found' | 'none' | 'unknown';
  record: string | null;
  message?: string;
}

export async function checkDkim(resolver: DnsResolver, domain: string, knownSelectors: readonly string[]): Promise<{ report: DkimReport; problems: Problem[] }> {
  const report: DkimReport = {
    status: 'missing', record: null, selector: null, selector_source: null, selectors_checked: [], selectors_found: [],
    key_type: null, key_bits: null, revoked: false, testing: false,
  };
  const known = knownSelectors.filter(isValidSelector).map((s) => s.toLowerCase());
  let lookups = await lookupKeys(resolver, domain, known);
  let source: 'known' | 'probed' = 'known';
  if (!lookups.some((l) => l.outcome === 'found')) {
    const probes = COMMON_DKIM_SELECTORS.filter((s) => !known.includes(s));
    lookups = [...lookups, ...(await lookupKeys(resolver, domain, probes))];
    source = 'probed';
  }
  report.selectors_checked = lookups.map((l) => l.selector);
  report.selectors_found = lookups.filter((l) => l.outcome === 'found').map((l) => l.selector);
  // Report a known selector when it has a key; otherwise the first sound probed key, else the first found.
  const found = lookups.filter((l) => l.outcome === 'found');
  const chosen = found.find((l) => known.includes(l.selector)) ?? found.find((l) => soundKey(l.record ?? '')) ?? found[0];
  if (chosen === undefined) return missingOrUnknown(report, domain, known, lookups);
  report.selector = chosen.selector;
  report.selector_source = known.includes(chosen.selector) ? 'known' : source;
  report.record = chosen.record;
  const problems = assessKey(report, domain, chosen.selector, chosen.record ?? '');
  if (known.length > 0 && !known.includes(chosen.selector)) {
    problems.push({ code: 'dkim_known_selector_missing', severity: 'warning', message: `No DKIM key is published for selector ${known.join(', ')} seen on mail from ${domain}; receivers cannot verify those signatures. Publish the key at ${known[0]}._domainkey.${domain}.` });
  }
  report.status = problems.some((p) => p.severity === 'error') ? 'fail' : 'pass';
  return { report, problems };
}

async function lookupKeys(resolver: DnsResolver, domain: string, selectors: string[]): Promise<KeyLookup[]> {
  return Promise.all(
    selectors.map(async (selector): Promise<KeyLookup> => {
      const answer = await resolver.query(`${selector}._domainkey.${domain}`, 'TXT');
      if (answer.kind === 'unknown') return { selector, outcome: 'unknown', record: null, message: answer.message };
      // A selector name may hold other TXT data (or a CNAME to a provider's key): take the DKIM-looking one.
      const record = answer.kind === 'records' ? answer.records.find((txt) => /(^|;)\s*(v=DKIM1|p=|k=)/i.test(txt)) : undefined;
      return record === undefined ? { selector, outcome: 'none', record: null } : { selector, outcome: 'found', record };
    }),
  );
}

function missingOrUnknown(report: DkimReport, domain: string, known: string[], lookups: KeyLookup[]): { report: DkimReport; problems: Problem[] } {
  const failed = lookups.find((l) => l.outcome === 'unknown');
  if (failed !== undefined) {
    report.status = 'unknown';
    return { report, problems: [{ code: 'dkim_lookup_failed', severity: 'warning', message: `Could not read DKIM keys of ${domain}: ${failed.message ?? 'a lookup failed.'} The check will be retried.` }] };
  }
  const which = known.length > 0 ? `selector ${known.join(', ')} (seen on its mail) nor any common selector` : 'any common selector';
  return {
    report,
    problems: [{ code: 'dkim_missing', severity: 'error', message: `No DKIM key found for ${domain} under ${which}. Turn on DKIM signing at your mail provider and publish the TXT record it gives you; when you know the selector, it can be checked directly.` }],
  };
}

/** Tags of a DKIM key record (`k=rsa; p=…`). */
export function parseTags(record: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of record.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    tags.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).replace(/\s+/g, ''));
  }
  return tags;
}

function soundKey(record: string): boolean {
  const tags = parseTags(record);
  return (tags.get('p') ?? '') !== '' && !(tags.get('t') ?? '').split(':').includes('y');
}

/** Key type, size, revocation and testing flag; returns the problems found (report fields filled in). */
function assessKey(report: DkimReport, domain: string, selector: string, record: string): Problem[] {
  const tags = parseTags(record);
  const name = `${selector}._domainkey.${domain}`;
  const version = tags.get('v');
  if (version !== undefined && version !== 'DKIM1') {
    return [{ code: 'dkim_invalid_record', severity: 'error', message: `The DKIM record at ${name} has v=${version}; it must be v=DKIM1 (or omit v=).` }];
  }
  const keyType = (tags.get('k') ?? 'rsa').toLowerCase();
  const publicKey = tags.get('p');
  report.testing = (tags.get('t') ?? '').toLowerCase().split(':').includes('y');
  const problems: Problem[] = [];
  if (report.testing) {
    problems.push({ code: 'dkim_testing', severity: 'warning', message: `The DKIM key at ${name} is in testing mode (t=y): receivers treat its signatures as if the mail were unsigned. Remove "t=y" once signing works.` });
  }
  if (publicKey === undefined) return [...problems, { code: 'dkim_invalid_record', severity: 'error', message: `The DKIM record at ${name} has no p= tag (the public key). Publish the record your mail provider gives you.` }];
  if (publicKey === '') {
    report.revoked = true;
    return [...problems, { code: 'dkim_key_revoked', severity: 'error', message: `The DKIM key at ${name} is revoked (empty p=): every signature with selector ${selector} fails. Sign with a current selector and publish its key.` }];
  }
  if (keyType !== 'rsa' && keyType !== 'ed25519') {
    return [...problems, { code: 'dkim_unknown_key_type', severity: 'error', message: `The DKIM record at ${name} uses key type k=${keyType}; receivers support rsa and ed25519 only.` }];
  }
  report.key_type = keyType;
  const bits = keyBits(keyType, publicKey);
  if (bits === null) {
    return [...problems, { code: 'dkim_invalid_key', severity: 'error', message: `The public key in ${name} cannot be decoded as a ${keyType} key; receivers fail every signature. Republish the key exactly as your provider gives it (all parts of a split TXT record).` }];
  }
  report.key_bits = bits;
  if (keyType === 'rsa' && bits < RSA_MIN_BITS) {
    problems.push({ code: 'dkim_key_too_short', severity: 'error', message: `The DKIM key at ${name} is RSA-${bits}; receivers reject keys under ${RSA_MIN_BITS} bits. Generate a ${RSA_RECOMMENDED_BITS}-bit key.` });
  } else if (keyType === 'rsa' && bits < RSA_RECOMMENDED_BITS) {
    problems.push({ code: 'dkim_key_weak', severity: 'warning', message: `The DKIM key at ${name} is RSA-${bits}; ${RSA_RECOMMENDED_BITS} bits is the current recommendation. Rotate to a ${RSA_RECOMMENDED_BITS}-bit key.` });
  }
  return problems;
}

/** Size in bits of a DKIM public key (`p=`, base64), or null when it does not decode. */
export function keyBits(keyType: string, base64: string): number | null {
  const der = Buffer.from(base64, 'base64');
  if (keyType === 'ed25519') return der.length === 32 ? 256 : null;
  try {
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'rsa' ? (key.asymmetricKeyDetails?.modulusLength ?? null) : null;
  } catch {
    try {
      // Some publish the bare PKCS#1 RSAPublicKey rather than SubjectPublicKeyInfo.
      const key = createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
      return key.asymmetricKeyDetails?.modulusLength ?? null;
    } catch {
      return null;
    }
  }
}
