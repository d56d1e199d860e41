/**
 * Worker-thread entry of the analysis pool: builds one Analyzer from `workerData` and answers one
 * message per request. Errors are sent back as messages; the pool decides what to do.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer } from './analyzer.ts';
import { clamdFromConfig } from './attachments/index.ts';
import type { SessionFacts } from './auth/index.ts';
import type { ClamdConfig } from '../config.ts';
import { DnsResolver } from '../platform/dns/index.ts';

/** What the pool passes to each worker (structured-cloneable: no functions). */
export interface WorkerSettings {
  /** Milliseconds per message. Default 10,000. */
  budgetMs?: number;
  /** DNS servers (`ip` or `ip:port`) for authentication checks; null disables them. */
  dnsServers?: string[] | null;
  /** Per-query DNS timeout in milliseconds. Default 2,000. */
  dnsTimeoutMs?: number;
  /** Send back the parsed bodies and attachments (the analysis job stores them). Default false. */
  includeMessage?: boolean;
  /** ClamAV daemon to scan attachments with (CLAMD_SOCKET / CLAMD_HOST); null or absent: no scan. */
  clamd?: ClamdConfig | null;
}

function start(): void {
  if (parentPort === null) return;
  const port = parentPort;
  const settings = (workerData ?? {}) as WorkerSettings;
  const analyzer = new Analyzer({
    budgetMs: settings.budgetMs,
    includeMessage: settings.includeMessage ?? false,
    // A socket cannot cross threads: each worker opens its own connections to clamd.
    clamd: clamdFromConfig(settings.clamd ?? null),
    // The project's one resolver, built from the same settings as the main thread's (a worker thread
    // cannot share the main thread's object).
    resolver: settings.dnsServers ? new DnsResolver({ servers: settings.dnsServers, timeoutMs: settings.dnsTimeoutMs ?? 2_000 }).mailauthResolver() : null,
  });
  port.on('message', (request: { raw: Uint8Array; session: SessionFacts | null }) => {
    const raw = Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength);
    analyzer.analyze(raw, request.session).then(
      (result) => port.postMessage({ ok: true, result }),
      (error: unknown) => port.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

start();
