/**
 * The recipient's address as links carry it to pre-fill a phishing page's login: plain, %-encoded
 * (`%40`), or base64 (with or without padding, also URL-safe). Prepared once per message, then
 * matched against each link's query and fragment.
 */

export interface RecipientForms {
  address: string;
  /** Lower-case strings whose presence in a (lower-cased) query means the address is there. */
  plain: string[];
  /** Case-sensitive base64 forms (base64 is case-sensitive). */
  encoded: string[];
}

/** Addresses shorter than this are not looked for (a short local part matches by chance). */
const MIN_ADDRESS_LENGTH = 6;

export function recipientForms(addresses: readonly string[]): RecipientForms[] {
  const out: RecipientForms[] = [];
  for (const raw of addresses) {
    const address = raw.trim().toLowerCase();
    if (address.length < MIN_ADDRESS_LENGTH || !address.includes('@') || out.some((f) => f.address === address)) continue;
    out.push({ address, plain: [address, address.replace('@', '%40')], encoded: base64Forms(address) });
  }
  return out;
}

/**
 * Base64 of the address as it appears inside a longer base64 string at any of the three alignments is
 * not one string; only the aligned form (the address encoded on its own) is looked for, padding
 * stripped, in standard and URL-safe alphabets. The last, partial group is dropped so padding and the
 * following bytes do not matter.
 */
function base64Forms(address: string): string[] {
  const encoded = Buffer.from(address, 'utf8').toString('base64').replace(/=+$/, '');
  const stable = encoded.slice(0, encoded.length - (encoded.length % 4));
  if (stable.length < 8) return [];
  return [...new Set([stable, stable.replace(/\+/g, '-').replace(/\//g, '_')])];
}

/** The recipient address a query carries, or null. `query` starts at `?` or `#`. */
export function carriesRecipient(query: string, recipients: readonly RecipientForms[]): string | null {
  const lower = query.toLowerCase();
  for (const r of recipients) {
    if (r.plain.some((form) => lower.includes(form)) || r.encoded.some((form) => query.includes(form))) return r.address;
  }
  return null;
}
