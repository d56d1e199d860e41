/**
 * The one DNS resolver every lookup goes through (DNS checks, blacklist scans, mailbox verification,
 * mailauth in the analyser), configured by `DNS_SERVERS` and `DNS_TIMEOUT_MS` so tests and
 * air-gapped installs control every query.
 *
 * Two ways to ask:
 * - `query(name, type)` never rejects; it returns a `DnsAnswer` that keeps apart "the name has no
 *   such records" (`none`: NXDOMAIN or NODATA) from "we could not find out" (`unknown`: timeout,
 *   SERVFAIL, REFUSED, unreachable server). Checks report `unknown`, never `fail`, for the latter.
 * - `resolve(name, type)` behaves like `dns.promises.resolve`: records, or a rejection whose `code`
 *   is a Node DNS code (`ENOTFOUND`, `ENODATA`, `ETIMEOUT`, `ESERVFAIL`, …). `mailauthResolver()`
 *   hands it to mailauth, which expects exactly that signature.
 *
 * Every query is bounded by `timeoutMs` measured here, whatever c-ares does with retries and several
 * servers. A query that outlives it is reported as `ETIMEOUT`; c-ares finishes it in the background.
 *
 * At most `maxInFlight` queries are on the wire at once; the rest wait in a queue (their timeout
 * starts when they are sent). Recursive resolvers drop queries beyond a per-thread limit (Unbound:
 * 1024 by default), which a burst of checks would otherwise hit and report as spurious timeouts.
 */
import { Resolver } from 'node:dns/promises';

/** The answer types this resolver returns, per record type. TXT records are returned as their strings joined. */
export interface DnsRecordTypes {
  A: string;
  AAAA: string;
  MX: MxRecord;
  TXT: string;
  PTR: string;
  NS: string;
  CNAME: string;
}
export type DnsRecordType = keyof DnsRecordTypes;

export interface MxRecord {
  exchange: string;
  priority: number;
}

/** Codes meaning "no such records": NXDOMAIN (`ENOTFOUND`) and NODATA (`ENODATA`). */
export type DnsNoneCode = 'ENOTFOUND' | 'ENODATA';

export type DnsAnswer<T> =
  | { kind: 'records'; records: T[] }
  | { kind: 'none'; code: DnsNoneCode }
  /** The lookup failed: `code` is ETIMEOUT, ESERVFAIL, EREFUSED, ECONNREFUSED, …; `message` says it for a person. */
  | { kind: 'unknown'; code: string; message: string };

/** mailauth's resolver signature: `dns.promises.resolve` semantics (TXT as string chunks), errors carry `code`. */
export type MailauthResolver = (name: string, rrtype: string) => Promise<unknown>;

export interface DnsResolverOptions {
  /** `ip` or `ip:port` (IPv6 as `[ip]:port`). Default: the system's resolvers (/etc/resolv.conf). */
  servers?: string[];
  /** Upper bound for one query, in milliseconds, retries included. Default `2000`. */
  timeoutMs?: number;
  /** Attempts c-ares makes per server within that bound. Default `2` (a lost UDP packet is retried). */
  tries?: number;
  /** Queries sent at once; more wait their turn. Default `256`. */
  maxInFlight?: number;
}

const NONE_CODES = new Set<string>(['ENOTFOUND', 'ENODATA']);

export class DnsError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'DnsError';
    this.code = code;
  }
}

export class DnsResolver {
  readonly timeoutMs: number;
  readonly servers: string[];
  private readonly resolver: Resolver;
  private readonly maxInFlight: number;
  private readonly waiting: Array<() => void> = [];
  private active = 0;
  private peak = 0;
  private total = 0;

  constructor(options: DnsResolverOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 256);
    const tries = options.tries ?? 2;
    // c-ares' own timeout is per attempt; ours (below) bounds the whole query.
    this.resolver = new Resolver({ timeout: Math.max(50, Math.ceil(this.timeoutMs / tries)), tries });
    if (options.servers !== undefined && options.servers.length > 0) this.resolver.setServers(options.servers);
    this.servers = this.resolver.getServers();
  }

  static fromConfig(config: { dnsServers: string[]; dnsTimeoutMs: number }): DnsResolver {
    return new DnsResolver({ servers: config.dnsServers, timeoutMs: config.dnsTimeoutMs });
  }

  /** Queries now in flight (sent, not yet answered), the most seen at once since `resetPeak()`, and the total sent. */
  get inFlight(): number {
    return this.active;
  }
  /** Queries waiting for a free slot (beyond `maxInFlight`). */
  get queued(): number {
    return this.waiting.length;
  }
  get peakInFlight(): number {
    return this.peak;
  }
  get queriesStarted(): number {
    return this.total;
  }
  resetPeak(): void {
    this.peak = this.active;
  }

  /** Records of `type` at `name`, or why there are none; never rejects. */
  async query<T extends DnsRecordType>(name: string, type: T): Promise<DnsAnswer<DnsRecordTypes[T]>> {
    try {
      const raw = await this.resolve(name, type);
      const records =
        type === 'TXT'
          ? (raw as string[][]).map((chunks) => chunks.join(''))
          : type === 'MX'
            ? (raw as MxRecord[]).map(({ exchange, priority }) => ({ exchange, priority }))
            : raw;
      return { kind: 'records', records: records as DnsRecordTypes[T][] };
    } catch (error) {
      const code = errorCode(error);
      if (NONE_CODES.has(code)) return { kind: 'none', code: code as DnsNoneCode };
      return { kind: 'unknown', code, message: describeFailure(name, type, code) };
    }
  }

  /** Like `dns.promises.resolve(name, rrtype)`, bounded by the timeout; rejects with a Node DNS `code`. */
  async resolve(name: string, rrtype: string): Promise<unknown[]> {
    await this.acquireSlot();
    this.total += 1;
    if (this.active > this.peak) this.peak = this.active;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new DnsError('ETIMEOUT', `DNS query for ${rrtype} ${name} got no answer within ${this.timeoutMs} ms.`)),
        this.timeoutMs,
      );
    });
    try {
      const lookup = this.resolver.resolve(name, rrtype as 'A') as Promise<unknown[]>;
      // The losing lookup still settles later; swallow it so it is not an unhandled rejection.
      lookup.catch(() => undefined);
      return await Promise.race([lookup, deadline]);
    } finally {
      clearTimeout(timer);
      this.releaseSlot();
    }
  }

  /** Takes one of `maxInFlight` slots, waiting in line when all are taken. */
  private async acquireSlot(): Promise<void> {
    if (this.active < this.maxInFlight) this.active += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the releaser hands its slot over
  }

  /** Hands the slot to the next waiter (so `active` never exceeds the limit), or frees it. */
  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.active -= 1;
  }

  /** The adapter mailauth's `resolver` option takes (SPF, DKIM, DMARC, ARC, BIMI lookups). */
  mailauthResolver(): MailauthResolver {
    return (name, rrtype) => this.resolve(name, rrtype);
  }
}

export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : 'EUNKNOWN';
}

/** A sentence for a failed lookup, naming the likely cause. */
export function describeFailure(name: string, type: string, code: string): string {
  switch (code) {
    case 'ETIMEOUT':
      return `The DNS query for ${type} ${name} timed out; the resolver or the domain's name servers did not answer.`;
    case 'ESERVFAIL':
      return `The resolver answered SERVFAIL for ${type} ${name}: the domain's name servers are failing or its DNSSEC is broken.`;
    case 'EREFUSED':
      return `The resolver refused the query for ${type} ${name}; check DNS_SERVERS points at a resolver that serves this server.`;
    case 'ECONNREFUSED':
      return `No DNS server listens at the configured address (query for ${type} ${name}); check DNS_SERVERS.`;
    default:
      return `The DNS query for ${type} ${name} failed (${code}).`;
  }
}
