/**
 * The top-level header fields of a message as the API shows them: the ordered list, and subject,
 * Message-ID, date and addresses read from it. Address fields are split before encoded words are
 * decoded (a decoded name may contain commas or angle brackets).
 */
import addressparser from 'nodemailer/lib/addressparser';
import { decodeFieldValue, headerBytesToString, unfold, type RawField } from './header-block.ts';
import { isKnownCharset, decodeWords } from './mime-lib.ts';
import { sanitizeText } from './text.ts';
import type { MessageHeaders, ParsedAddress, ParseLimits } from './types.ts';
import type { WarningList } from './warnings.ts';

/** Charset names of encoded words (`=?name?B?` / `=?name?Q?`); bounded so the scan stays linear. */
const ENCODED_WORD_CHARSET = /=\?([^?\s]{1,64})\?[bBqQ]\?/g;

/**
 * The fields readMessageHeaders decodes with `summaryOnly`: the summary's, and Delivered-To (HTTP
 * ingest files a message under the honeypots it names).
 */
export const SUMMARY_FIELDS: ReadonlySet<string> = new Set(['from', 'to', 'cc', 'reply-to', 'subject', 'message-id', 'date', 'delivered-to']);

/**
 * Reads the top-level header fields (as splitFields returns them). With `summaryOnly`, `headers`
 * holds only the SUMMARY_FIELDS (decoding every field of a long Received/ARC/DKIM block is most of
 * the cost) and charset warnings are not checked; the summary itself is the same.
 */
export function readMessageHeaders(fields: readonly RawField[], limits: ParseLimits, warnings: WarningList, options: { summaryOnly?: boolean } = {}): MessageHeaders {
  const read = options.summaryOnly === true ? fields.filter((field) => SUMMARY_FIELDS.has(field.name.toLowerCase())) : fields;
  if (options.summaryOnly !== true) checkEncodedWordCharsets(read, warnings);
  const headers = read.map((field) => ({ name: sanitizeText(field.name), value: sanitizeText(decodeFieldValue(field)) }));
  const byName = new Map<string, number[]>();
  read.forEach((field, index) => {
    const name = field.name.toLowerCase();
    const list = byName.get(name);
    if (list) list.push(index);
    else byName.set(name, [index]);
  });
  const first = (name: string): string | null => {
    const index = byName.get(name)?.[0];
    return index === undefined ? null : headers[index]!.value;
  };
  const addresses = (name: string): ParsedAddress[] => readAddresses((byName.get(name) ?? []).map((i) => read[i]!), name, limits, warnings);

  const fromList = addresses('from');
  if (fromList.length === 0) warnings.add('missing_from', 'The message has no From header with an address or name.');
  return {
    headers,
    messageId: first('message-id') || null,
    subject: first('subject'),
    from: fromList[0] ?? null,
    to: addresses('to'),
    cc: addresses('cc'),
    replyTo: addresses('reply-to'),
    date: readDate(first('date'), warnings),
  };
}

/** All addresses of the fields called `name` (mail with two To headers exists), up to `maxAddresses`. */
function readAddresses(fields: readonly RawField[], name: string, limits: ParseLimits, warnings: WarningList): ParsedAddress[] {
  const result: ParsedAddress[] = [];
  let total = 0;
  for (const field of fields) {
    for (const entry of parseAddressList(headerBytesToString(unfold(field.folded)))) {
      total++;
      if (result.length < limits.maxAddresses) result.push(entry);
    }
  }
  if (total > limits.maxAddresses) {
    warnings.add('too_many_addresses', `The ${name} header lists ${total} addresses; the first ${limits.maxAddresses} were kept.`);
  }
  return result;
}

function parseAddressList(value: string): ParsedAddress[] {
  let parsed: Array<{ name: string; address: string }>;
  try {
    parsed = addressparser(value, { flatten: true });
  } catch {
    return [];
  }
  const result: ParsedAddress[] = [];
  for (const entry of parsed) {
    const address = sanitizeText((entry.address ?? '').trim());
    const name = sanitizeText(decodeWords(entry.name ?? '').trim());
    if (address || name) result.push({ address, name });
  }
  return result;
}

/** A time zone written in the value; without one, RFC 5322 dates are read as UTC (not the server's zone). */
const HAS_ZONE = /[+-]\d{4}\b|\b(?:UT|UTC|GMT|Z|[ECMP][SD]T)\b/i;
/** Dates before this or after year 9999 are nonsense in mail and break ISO-8601 sorting. */
const EARLIEST_DATE_MS = Date.UTC(1900, 0, 1);
const LATEST_DATE_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function readDate(value: string | null, warnings: WarningList): string | null {
  if (value === null) return null;
  const text = value.slice(0, 256);
  const ms = Date.parse(HAS_ZONE.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(ms) || ms < EARLIEST_DATE_MS || ms > LATEST_DATE_MS) {
    warnings.add('invalid_date', `The Date header "${text.slice(0, 80)}" is not a date; date is null.`);
    return null;
  }
  return new Date(ms).toISOString();
}

function checkEncodedWordCharsets(fields: readonly RawField[], warnings: WarningList): void {
  for (const field of fields) {
    if (field.folded.indexOf('=?') === -1) continue;
    for (const match of unfold(field.folded).toString('latin1').matchAll(ENCODED_WORD_CHARSET)) {
      const charset = match[1]!.split('*')[0]!;
      if (!isKnownCharset(charset)) {
        warnings.add('unknown_charset', `The ${sanitizeText(field.name.slice(0, 64))} header uses charset "${sanitizeText(charset)}", which has no decoder; it was decoded as UTF-8.`);
      }
    }
  }
}
