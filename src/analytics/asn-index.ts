/**
 * IP → autonomous system, from the `@ip-location-db/asn` CSVs (`start,end,asn,org`, addresses as
 * decimal integers, inclusive ranges, sorted by start, non-overlapping). Parsed once into typed
 * arrays and searched by bisection: ~412k IPv4 and ~103k IPv6 ranges take about 8 MB
 * (organisation names are stored once each).
 */
import { readFileSync } from 'node:fs';

interface RangeTable<T extends Uint32Array | BigUint64Array> {
  /** Range starts, ascending. IPv6 tables hold each 128-bit bound as two halves. */
  startHi: T;
  startLo: T;
  endHi: T;
  endLo: T;
  asn: Uint32Array;
  /** Index into `orgs`. */
  org: Uint32Array;
}

export interface AsnRecord {
  asn: number;
  as_org: string | null;
}

export class AsnIndex {
  private readonly v4: RangeTable<Uint32Array>;
  private readonly v6: RangeTable<BigUint64Array>;
  private readonly orgs: string[];

  private constructor(v4: RangeTable<Uint32Array>, v6: RangeTable<BigUint64Array>, orgs: string[]) {
    this.v4 = v4;
    this.v6 = v6;
    this.orgs = orgs;
  }

  /** Reads and indexes both files (synchronously: ~0.5 s; callers load it lazily, once per process). */
  static load(ipv4CsvPath: string, ipv6CsvPath: string): AsnIndex {
    const orgs: string[] = [''];
    const orgIds = new Map<string, number>([['', 0]]);
    const orgId = (name: string) => {
      let id = orgIds.get(name);
      if (id === undefined) {
        id = orgs.length;
        orgs.push(name);
        orgIds.set(name, id);
      }
      return id;
    };
    const v4 = parseCsv(readFileSync(ipv4CsvPath, 'utf8'), 'v4', orgId) as RangeTable<Uint32Array>;
    const v6 = parseCsv(readFileSync(ipv6CsvPath, 'utf8'), 'v6', orgId) as RangeTable<BigUint64Array>;
    return new AsnIndex(v4, v6, orgs);
  }

  /** Ranges indexed, for reporting. */
  get size(): { ipv4: number; ipv6: number; organisations: number } {
    return { ipv4: this.v4.asn.length, ipv6: this.v6.asn.length, organisations: this.orgs.length - 1 };
  }

  /** Bytes held by the typed arrays (strings not counted). */
  get typedBytes(): number {
    const tables = [this.v4, this.v6] as Array<RangeTable<Uint32Array | BigUint64Array>>;
    return tables.reduce((sum, t) => sum + t.startHi.byteLength * 4 + t.asn.byteLength + t.org.byteLength, 0);
  }

  /** The AS announcing `address` (parsed by `parseIp`), or null when no range holds it. */
  lookup(address: ParsedIp): AsnRecord | null {
    const table: RangeTable<Uint32Array | BigUint64Array> = address.version === 4 ? this.v4 : this.v6;
    const hi = address.hi;
    const lo = address.lo;
    const before = (i: number) => compare(table.startHi[i]!, table.startLo[i]!, hi, lo) <= 0;
    // Last range whose start ≤ address.
    let low = 0;
    let high = table.asn.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (before(mid)) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found < 0 || compare(hi, lo, table.endHi[found]!, table.endLo[found]!) > 0) return null;
    const org = this.orgs[table.org[found]!] ?? '';
    return { asn: table.asn[found]!, as_org: org === '' ? null : org };
  }
}

/** An address as two unsigned halves: IPv4 in `lo` (hi 0) as numbers; IPv6 as two 64-bit BigInts. */
export type ParsedIp = { version: 4; hi: number; lo: number } | { version: 6; hi: bigint; lo: bigint };

function compare<T extends number | bigint>(aHi: T, aLo: T, bHi: T, bLo: T): number {
  if (aHi !== bHi) return aHi < bHi ? -1 : 1;
  if (aLo !== bLo) return aLo < bLo ? -1 : 1;
  return 0;
}

const MASK64 = (1n << 64n) - 1n;

function parseCsv(text: string, version: 'v4' | 'v6', orgId: (name: string) => number): RangeTable<Uint32Array | BigUint64Array> {
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  if (!text.endsWith('\n')) lines++;
  const make = () => (version === 'v4' ? new Uint32Array(lines) : new BigUint64Array(lines));
  const table = { startHi: make(), startLo: make(), endHi: make(), endLo: make(), asn: new Uint32Array(lines), org: new Uint32Array(lines) };
  let n = 0;
  for (let pos = 0; pos < text.length;) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const c1 = text.indexOf(',', pos);
    const c2 = text.indexOf(',', c1 + 1);
    const c3 = text.indexOf(',', c2 + 1);
    if (c1 > 0 && c3 > 0 && c3 < eol) {
      const start = text.slice(pos, c1);
      const end = text.slice(c1 + 1, c2);
      if (version === 'v4') {
        table.startLo[n] = Number(start);
        table.endLo[n] = Number(end);
      } else {
        const s = BigInt(start);
        const e = BigInt(end);
        (table.startHi as BigUint64Array)[n] = s >> 64n;
        (table.startLo as BigUint64Array)[n] = s & MASK64;
        (table.endHi as BigUint64Array)[n] = e >> 64n;
        (table.endLo as BigUint64Array)[n] = e & MASK64;
      }
      table.asn[n] = Number(text.slice(c2 + 1, c3));
      table.org[n] = orgId(unquote(text.slice(c3 + 1, eol).trimEnd()));
      n++;
    }
    pos = eol + 1;
  }
  const trim = <T extends Uint32Array | BigUint64Array>(a: T) => a.subarray(0, n) as T;
  return { startHi: trim(table.startHi), startLo: trim(table.startLo), endHi: trim(table.endHi), endLo: trim(table.endLo), asn: trim(table.asn), org: trim(table.org) };
}

function unquote(field: string): string {
  if (field.length >= 2 && field.startsWith('"') && field.endsWith('"')) return field.slice(1, -1).replaceAll('""', '"');
  return field;
}

/** Parses a textual IPv4 or IPv6 address (IPv4-mapped IPv6 becomes IPv4); null when it is not one. */
export function parseIp(ip: string): ParsedIp | null {
  const text = ip.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (text.includes(':')) {
    const v6 = parseIpv6(text);
    if (v6 === null) return null;
    // ::ffff:a.b.c.d is an IPv4 client seen through a dual-stack socket.
    if (v6.hi === 0n && v6.lo >> 32n === 0xffffn) return { version: 4, hi: 0, lo: Number(v6.lo & 0xffffffffn) };
    return { version: 6, ...v6 };
  }
  const v4 = parseIpv4(text);
  return v4 === null ? null : { version: 4, hi: 0, lo: v4 };
}

function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

function parseIpv6(text: string): { hi: bigint; lo: bigint } | null {
  let body = text;
  const lastColon = body.lastIndexOf(':');
  const dotted = body.slice(lastColon + 1);
  if (dotted.includes('.')) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) is the last two 16-bit groups.
    const v4 = parseIpv4(dotted);
    if (v4 === null) return null;
    body = `${body.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const rest = halves.length === 2 ? (halves[1] === '' ? [] : halves[1]!.split(':')) : [];
  const known = head.length + rest.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  const groups = [...head, ...Array<string>(8 - known).fill('0'), ...rest];
  let hi = 0n;
  let lo = 0n;
  for (let i = 0; i < 8; i++) {
    const g = groups[i]!;
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    if (i < 4) hi = (hi << 16n) | BigInt(parseInt(g, 16));
    else lo = (lo << 16n) | BigInt(parseInt(g, 16));
  }
  return { hi, lo };
}
