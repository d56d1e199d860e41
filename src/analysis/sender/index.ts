/**
 * The sender inspector: who the message claims to be from, and whether the claim holds together —
 * display name vs address, From vs Reply-To vs Return-Path, brand look-alike domains, free-mail and
 * disposable senders, the Received chain. Pure: no DNS, no network.
 *
 * Never read here (corpus artefacts and third-party claims, see shared/corpus/README.md):
 * `Authentication-Results`, `ARC-*`, `List-*`, the recipient, the Date header.
 */
import { emptyIocs, type Finding, type IocSet } from '../types.ts';
import { addressInDisplayName, brandImitatedInDisplayName, brandInDisplayName, mixedScriptWord, organisationWord } from './display-name.ts';
import { countWedgedMarks } from './confusables.ts';
import { addressDomain, domainParts, registeredDomain, unicodeHost } from './domains.ts';
import { DISPOSABLE_DOMAINS, FREEMAIL_DOMAINS, MAIL_INFRASTRUCTURE_DOMAINS, MESSAGE_ID_PLATFORMS } from './lists.ts';
import { brandOwning, lookalikeBrand, sameBrand, type LookalikeMatch } from './lookalike.ts';
import { clip, FindingList, headerValue } from './findings.ts';
import { inspectReceived } from './received-findings.ts';
import type { ReceivedHop } from './received.ts';

export { lookalikeBrand, brandOwning, sameBrand, type LookalikeMatch, type LookalikeTechnique } from './lookalike.ts';
export { SENDER_POINTS, RECEIVED_LIMITS } from './points.ts';
export { registeredDomain, domainParts, asciiHost, unicodeHost } from './domains.ts';

export interface SenderInput {
  headers: { name: string; value: string }[];
  from: { address: string; name: string } | null;
  replyTo: { address: string; name: string }[];
  /** SMTP `MAIL FROM`, or null (offline analysis falls back to the Return-Path header). */
  envelopeFrom: string | null;
  /** SMTP HELO/EHLO name, or null. */
  helo: string | null;
  /** SMTP client address, or null. */
  clientIp: string | null;
}

export interface SenderResult {
  findings: Finding[];
  iocs: IocSet;
  /** From's domain (lower-case ASCII), or null when From has no address. */
  senderDomain: string | null;
  /** Its registered domain (public suffix list), or null. */
  organisationalDomain: string | null;
  /** The oldest public address of the Received chain (where the message entered mail), or null. */
  receivedOriginIp: string | null;
}

export function inspectSender(input: SenderInput): SenderResult {
  const out = new FindingList();
  const iocs = emptyIocs();
  const address = input.from?.address || firstAddressIn(headerValue(input.headers, 'from')) || '';
  const senderDomain = addressDomain(address);
  const organisationalDomain = senderDomain === null ? null : registeredDomain(senderDomain);
  checkFromShape(input, address, out);
  if (senderDomain !== null) {
    iocs.domains.push(senderDomain);
    if (organisationalDomain !== null && organisationalDomain !== senderDomain) iocs.domains.push(organisationalDomain);
    checkSenderDomain(senderDomain, organisationalDomain, out);
  }
  checkDisplayName(input.from?.name ?? '', address, organisationalDomain, out);
  checkReplyTo(input, organisationalDomain, out, iocs);
  checkReturnPath(input, organisationalDomain, out);
  const received = inspectReceived(input, out, iocs);
  checkMessageId(input.headers, organisationalDomain, received.hops, out);
  return { findings: out.findings, iocs, senderDomain, organisationalDomain, receivedOriginIp: received.originIp };
}

function checkFromShape(input: SenderInput, address: string, out: FindingList): void {
  const fromHeaders = input.headers.filter((h) => h.name.toLowerCase() === 'from');
  const shown = input.from?.name ? `"${clip(input.from.name)}"` : 'nothing';
  if (!address.includes('@')) {
    out.add('from_missing_address', `The From header gives no sender address (it shows ${shown}), so replies and authentication have nothing to check against.`);
  } else if (!input.from?.address.includes('@')) {
    out.add('from_missing_address', `The From header's first entry is ${shown} without an address; the address ${address} hides in a later entry, so mail programs show only the name.`);
  }
  const addressCount = fromHeaders.reduce((n, h) => n + countAddresses(h.value), 0);
  if (fromHeaders.length > 1 || addressCount > 1) {
    out.add('multiple_from_addresses', `The message has ${fromHeaders.length} From header(s) with ${addressCount} addresses; mail programs show only one, which hides who really sent it.`);
  }
}

function checkSenderDomain(domain: string, registered: string | null, out: FindingList): void {
  const lookalike = lookalikeBrand(domain);
  if (lookalike) out.add('sender_lookalike_domain', `The sender domain ${shownDomain(domain)} imitates ${lookalike.brand} (${lookalike.legitimateDomain}) by ${techniqueText(lookalike)}.`);
  if (registered !== null && DISPOSABLE_DOMAINS.has(registered)) {
    out.add('disposable_sender', `The sender uses ${registered}, a throw-away mailbox service: nobody can be held to an address there.`);
  }
}

/** Characters of a display name examined: real names are short; a 30 KB one only gets its start read. */
const MAX_NAME_CHARS = 500;

function checkDisplayName(fullName: string, address: string, registered: string | null, out: FindingList): void {
  const name = fullName.slice(0, MAX_NAME_CHARS);
  if (name.trim() === '') return;
  const brand = brandInDisplayName(name);
  const isFreemail = registered !== null && FREEMAIL_DOMAINS.has(registered);
  if (brand && brandOwning(registered) !== brand) {
    out.add('display_name_brand_mismatch', `The display name "${clip(name)}" claims to be ${brand.name}, but the message comes from ${registered ?? 'an address with no domain'}, which is not one of ${brand.name}'s domains (${brand.domains[0]} …).`);
    if (isFreemail) out.add('freemail_brand_display_name', `${brand.name} does not write from a ${registered} free-mail account, yet the display name "${clip(name)}" says it does.`);
  } else if (isFreemail && brand === null) {
    const word = organisationWord(name);
    if (word) out.add('freemail_organisation_display_name', `The display name "${clip(name)}" presents an organisation or role ("${word}") but the address is a personal ${registered} free-mail account.`);
  }
  const shownAddress = addressInDisplayName(name);
  if (shownAddress && shownAddress !== address.toLowerCase()) {
    const shownRegistered = registeredDomain(addressDomain(shownAddress) ?? '');
    if (shownRegistered !== null && shownRegistered !== registered && !sameBrand(shownRegistered, registered)) {
      out.add('display_name_address_mismatch', `The display name shows the address ${shownAddress}, but the message really comes from ${address || 'no address'} (${registered ?? 'no domain'}).`);
    }
  }
  checkImitatedName(name, registered, out);
  const wedged = countWedgedMarks(name);
  if (wedged >= 2) out.add('display_name_obfuscated', `The display name "${clip(name)}" has ${wedged} invisible characters or combining marks between its letters, a trick to show a name while dodging filters.`);
}

/** Brand names and words spelt with look-alike letters: nobody types a Cyrillic М into their own name. */
function checkImitatedName(name: string, registered: string | null, out: FindingList): void {
  const imitated = brandImitatedInDisplayName(name);
  if (imitated && brandOwning(registered) !== imitated) {
    out.add('display_name_brand_lookalike', `The display name "${clip(name)}" imitates ${imitated.name} with look-alike letters, and the message comes from ${registered ?? 'an address with no domain'}, not one of ${imitated.name}'s domains.`);
    return;
  }
  const mixed = mixedScriptWord(name);
  if (mixed) out.add('display_name_mixed_script', `The display name "${clip(name)}" spells "${mixed}" with letters from different alphabets, a trick to look like a familiar word while dodging filters.`);
}

function checkReplyTo(input: SenderInput, fromRegistered: string | null, out: FindingList, iocs: IocSet): void {
  const recipients = recipientAddresses(input.headers);
  for (const replyTo of input.replyTo) {
    const domain = addressDomain(replyTo.address);
    if (domain === null) continue;
    const registered = registeredDomain(domain);
    if (!iocs.domains.includes(domain)) iocs.domains.push(domain);
    const lookalike = lookalikeBrand(domain);
    if (lookalike) out.add('reply_to_lookalike_domain', `Replies go to ${shownDomain(domain)}, which imitates ${lookalike.brand} (${lookalike.legitimateDomain}) by ${techniqueText(lookalike)}.`);
    if (registered === null || registered === fromRegistered || sameBrand(registered, fromRegistered)) continue;
    // Replies to the group the message was sent to (a list or a thread) are how lists work, and a list
    // that rewrites From to itself ("Ann via Users") sets Reply-To to the author (DMARC mitigation).
    if (recipients.has(replyTo.address.toLowerCase()) || isListRewrittenFrom(input.from?.name ?? '')) continue;
    if (FREEMAIL_DOMAINS.has(registered) && !FREEMAIL_DOMAINS.has(fromRegistered ?? '')) {
      out.add('reply_to_freemail', `Replies go to the free-mail address ${replyTo.address} (${registered}) while the message claims to come from ${fromRegistered ?? 'no domain'}: answers reach a private mailbox.`);
    } else {
      out.add('reply_to_domain_mismatch', `Replies go to ${replyTo.address} on ${registered}, a different domain from the sender's ${fromRegistered ?? '(none)'}.`);
    }
  }
}

function checkReturnPath(input: SenderInput, fromRegistered: string | null, out: FindingList): void {
  const envelope = input.envelopeFrom ?? headerValue(input.headers, 'return-path');
  const domain = addressDomain(envelope?.replace(/[<>]/g, '').trim() ?? null);
  if (domain === null || fromRegistered === null) return;
  const registered = registeredDomain(domain);
  if (registered === null || registered === fromRegistered || sameBrand(registered, fromRegistered)) return;
  if (MAIL_INFRASTRUCTURE_DOMAINS.has(registered)) return;
  out.add('return_path_domain_mismatch', `Bounces go to ${registered} (the envelope sender) while From shows ${fromRegistered}; mailing services do this legitimately, forgers too.`);
}

/** Message-ID on an unrelated domain; IDs minted by a relay that handled the message (a list server) are not. */
function checkMessageId(headers: SenderInput['headers'], fromRegistered: string | null, hops: readonly ReceivedHop[], out: FindingList): void {
  const messageId = headerValue(headers, 'message-id');
  const host = /@([^>\s@]+)>?\s*$/.exec(messageId ?? '')?.[1];
  if (!host || fromRegistered === null) return;
  const parts = domainParts(host);
  if (parts.registered === null || parts.registered === fromRegistered || sameBrand(parts.registered, fromRegistered)) return;
  if (MESSAGE_ID_PLATFORMS.has(parts.registered) || MAIL_INFRASTRUCTURE_DOMAINS.has(parts.registered)) return;
  const relays = new Set(hops.flatMap((h) => [h.by, h.helo, h.rdns]).map((name) => (name ? registeredDomain(name) : null)));
  if (relays.has(parts.registered)) return;
  out.add('message_id_domain_mismatch', `The Message-ID was made under ${parts.registered}, unrelated to the sender's ${fromRegistered}.`);
}

/** To and Cc addresses, lower case (to recognise Reply-To pointing back at the group). */
function recipientAddresses(headers: SenderInput['headers']): Set<string> {
  const found = new Set<string>();
  for (const h of headers) {
    const name = h.name.toLowerCase();
    if (name !== 'to' && name !== 'cc') continue;
    for (const token of h.value.split(/[\s,;<>"()]+/)) if (token.includes('@')) found.add(token.toLowerCase());
  }
  return found;
}

/** Display name of a From a mailing list rewrote to its own address: "Ann Smith via Users-list". */
function isListRewrittenFrom(name: string): boolean {
  return /\S\s+via\s+\S/i.test(name);
}

/** The first `local@domain` in a header value (From entries the parser could not pair with a name). */
function firstAddressIn(value: string | null): string | null {
  // Split into tokens first: a regex scan for `x@y` over a 30 KB header without `@` is quadratic.
  for (const token of (value ?? '').split(/[\s,;<>"()]+/)) {
    if (/^[^@]+@[\w-]+(?:\.[\w-]+)+$/.test(token)) return token;
  }
  return null;
}

/** Addresses in a From header value: commas outside quotes and angle brackets separate them. */
function countAddresses(value: string): number {
  let count = 0;
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of value + ',') {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') depth++;
    else if (!quoted && ch === '>') depth = Math.max(0, depth - 1);
    if (ch === ',' && !quoted && depth === 0) {
      if (/[^\s"<>]@[^\s"<>]/.test(current.replace(/"[^"]*"/g, ''))) count++;
      current = '';
    } else current += ch;
  }
  return count;
}

function shownDomain(domain: string): string {
  const unicode = unicodeHost(domain);
  return unicode === domain ? domain : `${domain} (shown as ${unicode})`;
}

function techniqueText(match: LookalikeMatch): string {
  switch (match.technique) {
    case 'idn': return 'international characters that look like Latin letters';
    case 'homoglyph': return 'swapping look-alike characters';
    case 'edit_distance': return 'a near-identical spelling';
    case 'brand_with_affix': return 'wrapping the brand name in other words or a foreign top-level domain';
    case 'brand_in_subdomain': return 'putting the brand in a subdomain of an unrelated domain';
  }
}
