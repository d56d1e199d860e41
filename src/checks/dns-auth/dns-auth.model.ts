/**
 * The DNS authentication report: SPF, DKIM, DMARC, MX and the sending IP's reverse DNS for one domain.
 *
 * Every record has `status`: `pass` (present and sound), `fail` (present but broken or dangerous,
 * or the sending IP does not pass), `missing` (no record), `unknown` (a lookup timed out or failed:
 * never reported as `fail`). `problems` lists what a person should fix, most severe first.
 */

export type RecordStatus = 'pass' | 'fail' | 'missing' | 'unknown';
export type Severity = 'error' | 'warning' | 'info';

export interface Problem {
  /** Stable, machine-readable: `spf_too_many_lookups`, `dkim_key_revoked`, `dmarc_missing`, … */
  code: string;
  severity: Severity;
  /** A sentence saying what is wrong and what to do. */
  message: string;
}

/** SPF's verdict for one IP (RFC 7208 results). */
export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface SpfReport {
  status: RecordStatus;
  /** The SPF record (when exactly one), else null. */
  record: string | null;
  /** Every `v=spf1` record found (more than one is an error). */
  records: string[];
  /** DNS-querying terms in the whole record tree (include, a, mx, ptr, exists, redirect); the limit is 10. */
  lookups: number | null;
  /** Lookups in the tree that found nothing (NXDOMAIN/NODATA); the limit is 2. */
  void_lookups: number | null;
  /** The final `all` of the top record (`-all`, `~all`, `?all`, `+all`), or null. */
  all: string | null;
  /** The IP checked, and SPF's result for it (null when no IP was given). */
  ip: string | null;
  ip_result: SpfResult | null;
}

export interface DkimReport {
  status: RecordStatus;
  /** The key record (TXT) of the selector reported. */
  record: string | null;
  /** The selector reported: the first known selector with a key, else the first probed one found. */
  selector: string | null;
  /** How the selector was chosen: given by the caller (seen on sent mail) or found by probing common names. */
  selector_source: 'known' | 'probed' | null;
  /** Every selector queried. */
  selectors_checked: string[];
  /** Selectors with a key record, in the order checked. */
  selectors_found: string[];
  key_type: 'rsa' | 'ed25519' | null;
  /** Key size in bits (RSA modulus; 256 for Ed25519). */
  key_bits: number | null;
  /** `p=` is empty: the key is revoked. */
  revoked: boolean;
  /** `t=y`: the domain is testing DKIM; receivers treat its signatures like no signature. */
  testing: boolean;
}

export interface DmarcReport {
  status: RecordStatus;
  record: string | null;
  /** The policy that applies to this domain (`sp` when inherited from the organisational domain). */
  policy: 'none' | 'quarantine' | 'reject' | null;
  /** `p=` of the record. */
  domain_policy: 'none' | 'quarantine' | 'reject' | null;
  /** `sp=` (subdomain policy); defaults to `p`. */
  subdomain_policy: 'none' | 'quarantine' | 'reject' | null;
  /** Percentage of mail the policy applies to (`pct`, default 100). */
  pct: number | null;
  /** Alignment modes, `r` (relaxed, default) or `s` (strict). */
  adkim: 'r' | 's' | null;
  aspf: 'r' | 's' | null;
  rua: string[];
  ruf: string[];
  /** Where the record was found: this domain, or its organisational domain (public suffix list). */
  found_at: string | null;
  org_domain: string;
  inherited: boolean;
}

export interface MxHost {
  exchange: string;
  priority: number;
  /** A/AAAA of the exchange; empty when it has none. */
  addresses: string[];
}

export interface MxReport {
  status: RecordStatus;
  records: MxHost[];
  /** RFC 7505 "0 .": the domain says it accepts no mail. */
  null_mx: boolean;
}

export interface PtrReport {
  status: RecordStatus;
  ip: string;
  /** PTR names of the IP. */
  hostnames: string[];
  /** A PTR name resolves back to the IP (forward-confirmed reverse DNS); null when unknown. */
  forward_confirmed: boolean | null;
}

export interface DnsAuthReport {
  domain: string;
  /** The sending IP checked against SPF and for PTR, or null. */
  ip: string | null;
  checked_at: string;
  source: 'cached' | 'live';
  spf: SpfReport;
  dkim: DkimReport;
  dmarc: DmarcReport;
  mx: MxReport;
  /** Null when no IP was given. */
  ptr: PtrReport | null;
  problems: Problem[];
}

export interface DnsAuthOptions {
  /** The sending IP: checked against SPF and for forward-confirmed reverse DNS. */
  ip?: string;
  /** Selectors seen on mail the domain sent; when none has a key, common selectors are probed. */
  dkimSelectors?: readonly string[];
  /** Run live even when a fresh cached report exists. Default `false`. */
  refresh?: boolean;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
