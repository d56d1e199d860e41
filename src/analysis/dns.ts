/**
 * The resolver handed to mailauth inside analysis workers: the project's one DnsResolver (per-query
 * timeout enforced, NXDOMAIN/NODATA told apart from timeouts) built from the same settings as the main
 * thread's — worker threads cannot share the main thread's resolver object.
 */
import { DnsResolver } from '../platform/dns/index.ts';
import type { DnsResolve } from './auth/index.ts';

/** `servers` empty = the system resolvers; `timeoutMs` bounds each query, retries included. */
export function systemOrConfiguredResolver(servers: string[], timeoutMs: number): DnsResolve {
  return new DnsResolver({ servers, timeoutMs }).mailauthResolver() as DnsResolve;
}
