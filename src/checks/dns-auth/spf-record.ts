/**
 * SPF record syntax (RFC 7208 §4.6, §5, §6): splits a `v=spf1` record into terms and reports every
 * term that would make receivers return `permerror`.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type SpfQualifier = '+' | '-' | '~' | '?';
export type SpfMechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export type SpfTerm =
  | { kind: 'mechanism'; qualifier: SpfQualifier; name: SpfMechanismName; target: string | null; text: string }
  | { kind: 'modifier'; name: string; value: string; text: string };

export interface ParsedSpf {
  terms: SpfTerm[];
  /** Sentences naming each invalid term; empty when the record is valid. */
  errors: string[];
}

const MECHANISMS = new Set<string>(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
/** Mechanisms and modifiers whose evaluation queries DNS: each counts toward the limit of 10. */
export const LOOKUP_TERMS = new Set<string>(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

export function isSpfRecord(txt: string): boolean {
  return /^v=spf1(\s|$)/i.test(txt.trim());
}

export function parseSpf(record: string): ParsedSpf {
  const terms: SpfTerm[] = [];
  const errors: string[] = [];
  const seenModifiers = new Set<string>();
  for (const text of record.trim().split(/\s+/).slice(1)) {
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(text);
    if (modifier !== null) {
      const name = (modifier[1] ?? '').toLowerCase();
      const value = modifier[2] ?? '';
      if ((name === 'redirect' || name === 'exp') && seenModifiers.has(name)) errors.push(`"${name}=" appears more than once.`);
      if ((name === 'redirect' || name === 'exp') && value === '') errors.push(`"${text}" has no domain.`);
      seenModifiers.add(name);
      terms.push({ kind: 'modifier', name, value, text });
      continue;
    }
    const parsed = parseMechanism(text);
    if (typeof parsed === 'string') errors.push(parsed);
    else terms.push(parsed);
  }
  return { terms, errors };
}

function parseMechanism(text: string): SpfTerm | string {
  const match = /^([+\-~?]?)([a-z0-9]+)(?::([^/]*))?((?:\/\d+)?(?:\/\/\d+)?)$/i.exec(text);
  if (match === null) return `"${text}" is not a valid SPF term.`;
  const qualifier = (match[1] || '+') as SpfQualifier;
  const name = (match[2] ?? '').toLowerCase();
  const target = match[3] ?? null;
  const cidr = match[4] ?? '';
  if (!MECHANISMS.has(name)) return `"${text}" uses an unknown mechanism "${name}".`;
  const mechanism = { kind: 'mechanism' as const, qualifier, name: name as SpfMechanismName, target, text };
  switch (name) {
    case 'all':
      return target === null && cidr === '' ? mechanism : `"${text}": "all" takes no argument.`;
    case 'include':
    case 'exists':
      return target !== null && target !== '' && cidr === '' ? mechanism : `"${text}": "${name}" needs a domain (${name}:example.com).`;
    case 'ip4':
      return validIp4(target, cidr) ? mechanism : `"${text}" is not a valid IPv4 address or network.`;
    case 'ip6':
      return validIp6(target, cidr) ? mechanism : `"${text}" is not a valid IPv6 address or network.`;
    default:
      // a, mx, ptr: optional domain, a/mx optional dual CIDR.
      if (target === '') return `"${text}" has an empty domain after ":".`;
      if (name === 'ptr' && cidr !== '') return `"${text}": "ptr" takes no prefix length.`;
      return validDualCidr(cidr) ? mechanism : `"${text}" has an invalid prefix length.`;
  }
}

function validIp4(address: string | null, cidr: string): boolean {
  if (address === null || !isIPv4(address)) return false;
  if (cidr === '') return true;
  const bits = /^\/(\d+)$/.exec(cidr);
  return bits !== null && Number(bits[1]) <= 32 && !/^\/0\d/.test(cidr);
}

function validIp6(address: string | null, cidr: string): boolean {
  if (address === null || !isIPv6(address)) return false;
  if (cidr === '') return true;
  const bits = /^\/(\d+)$/.exec(cidr);
  return bits !== null && Number(bits[1]) <= 128 && !/^\/0\d/.test(cidr);
}

function validDualCidr(cidr: string): boolean {
  if (cidr === '') return true;
  const match = /^(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(cidr);
  if (match === null) return false;
  return (match[1] === undefined || Number(match[1]) <= 32) && (match[2] === undefined || Number(match[2]) <= 128);
}

/** The qualifier+`all` a record ends with (`-all`, `~all`, `?all`, `+all`), or null. */
export function finalAll(terms: SpfTerm[]): string | null {
  const all = terms.find((term) => term.kind === 'mechanism' && term.name === 'all');
  return all?.kind === 'mechanism' ? `${all.qualifier}all` : null;
}

export function hasMacro(target: string): boolean {
  return target.includes('%');
}
