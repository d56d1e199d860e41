/**
 * One delivery request: POST to an address that was already checked (url-safety.ts), never to what a
 * second DNS lookup would answer — the connection goes to `address`, with the URL's host in the
 * `Host` header and as the TLS server name (SNI and certificate check), so DNS rebinding between the
 * check and the connection cannot redirect it.
 *
 * Bounded: `connectTimeoutMs` for TCP (and TLS) set-up, `timeoutMs` for the whole exchange, and at
 * most MAX_RESPONSE_BYTES of the response body are read (the rest is discarded with the connection).
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

/** Response bytes read at most (64 KiB); receivers' bodies are only kept for diagnostics. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface PostRequest {
  url: URL;
  /** The checked IP address to connect to. */
  address: string;
  headers: Record<string, string>;
  body: string;
  connectTimeoutMs: number;
  timeoutMs: number;
  /** Keep-alive agents (one per protocol); a socket is keyed by address, so reuse never skips a check. */
  agents?: { http: http.Agent; https: https.Agent };
}

export interface PostResult {
  /** HTTP status, or null when no response arrived (timeout, network error). */
  statusCode: number | null;
  /** `Retry-After` as sent, when present. */
  retryAfter: string | undefined;
  /** Person-readable reason for a failed attempt, or null. */
  error: string | null;
  /** Milliseconds from starting the request to the end of the (capped) response or the failure. */
  latencyMs: number;
}

/** Keep-alive agents; `ca` replaces Node's trusted CA set for https (undefined: Node's defaults). Certificates are always verified. */
export function createAgents(maxSockets: number, ca?: string[]): { http: http.Agent; https: https.Agent } {
  return {
    http: new http.Agent({ keepAlive: true, maxSockets }),
    https: new https.Agent({ keepAlive: true, maxSockets, ...(ca === undefined ? {} : { ca }) }),
  };
}

export function postJson(request: PostRequest): Promise<PostResult> {
  const { url, address, connectTimeoutMs, timeoutMs } = request;
  const secure = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (statusCode: number | null, error: string | null, retryAfter?: string) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      resolve({ statusCode, retryAfter, error, latencyMs: Math.round(performance.now() - started) });
    };
    const options: https.RequestOptions = {
      method: 'POST',
      host: address,
      port: url.port !== '' ? Number(url.port) : secure ? 443 : 80,
      path: `${url.pathname}${url.search}`,
      headers: { ...request.headers, host: url.host, 'content-length': String(Buffer.byteLength(request.body)) },
      agent: request.agents === undefined ? false : secure ? request.agents.https : request.agents.http,
      ...(secure && net.isIP(host) === 0 ? { servername: host } : {}),
    };
    const req = (secure ? https : http).request(options, (res) => {
      let read = 0;
      const retryAfter = typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : undefined;
      const done = () => finish(res.statusCode ?? null, describeStatus(res.statusCode ?? 0), retryAfter);
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= MAX_RESPONSE_BYTES) {
          done();
          res.destroy(); // the rest is not wanted; the socket is not reused
        }
      });
      res.on('end', done);
      res.on('error', done); // the status already arrived: it decides
    });
    timers.push(setTimeout(() => {
      finish(null, `no complete response within ${timeoutMs} ms (WEBHOOK_TIMEOUT_MS); the receiver should answer quickly and process the event afterwards.`);
      req.destroy();
    }, timeoutMs));
    req.on('socket', (socket) => {
      if (req.reusedSocket) return;
      const connectTimer = setTimeout(() => {
        finish(null, `could not connect to ${url.host} (${address}) within ${connectTimeoutMs} ms (WEBHOOK_CONNECT_TIMEOUT_MS); is the receiver up and reachable from this server?`);
        req.destroy();
      }, connectTimeoutMs);
      timers.push(connectTimer);
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish(null, describeNetworkError(error, url, address)));
    req.end(request.body);
  });
}

function describeStatus(status: number): string | null {
  if (status >= 200 && status < 300) return null;
  return `the receiver answered HTTP ${status}${http.STATUS_CODES[status] ? ` ${http.STATUS_CODES[status]}` : ''}`;
}

function describeNetworkError(error: NodeJS.ErrnoException, url: URL, address: string): string {
  const where = `${url.host} (${address})`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return `${where} refused the connection; is the receiver running on that port?`;
    case 'ECONNRESET':
      return `${where} closed the connection before answering.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} is unreachable from this server (${error.code}).`;
    default:
      if (error.code?.startsWith('ERR_TLS') || /certificate|self.signed|SSL/i.test(error.message)) {
        return `TLS with ${where} failed: ${error.message}. The receiver needs a certificate valid for ${url.hostname}.`;
      }
      return `the request to ${where} failed: ${error.message}${error.code ? ` (${error.code})` : ''}.`;
  }
}
