/**
 * ClamAV over clamd's socket protocol: `zINSTREAM`, then the file as chunks (4-byte big-endian length
 * + bytes), then a zero-length chunk; clamd answers `stream: OK`, `stream: <signature> FOUND` or
 * `<reason> ERROR`, NUL-terminated. Unix socket (CLAMD_SOCKET) or TCP (CLAMD_HOST/CLAMD_PORT).
 * One connection per scan (clamd closes INSTREAM sessions after the reply); every scan has a timeout.
 */
import net from 'node:net';

export interface ClamdOptions {
  /** Path of clamd's unix socket (its `LocalSocket`). Takes precedence over host/port. */
  socketPath?: string;
  /** clamd's TCP host (its `TCPAddr`). */
  host?: string;
  /** clamd's TCP port (its `TCPSocket`). Default 3310. */
  port?: number;
  /** Milliseconds one scan may take, connection included, before it fails. Default 10,000. */
  timeoutMs?: number;
}

export interface ClamdVerdict {
  infected: boolean;
  /** The signature name clamd reported (`Win.Test.EICAR_HDB-1`), or null when clean. */
  signature: string | null;
}

export class ClamdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClamdError';
  }
}

/** Bytes per INSTREAM chunk (clamd's StreamMaxLength still caps the total, default 25 MB). */
const CHUNK_BYTES = 64 * 1024;

export class ClamdScanner {
  readonly options: Readonly<Required<Pick<ClamdOptions, 'port' | 'timeoutMs'>> & ClamdOptions>;

  constructor(options: ClamdOptions) {
    if (!options.socketPath && !options.host) throw new TypeError('ClamdScanner needs a socketPath or a host.');
    this.options = { port: 3310, timeoutMs: 10_000, ...options };
  }

  /** Where clamd is reached, for messages. */
  get address(): string {
    return this.options.socketPath ?? `${this.options.host}:${this.options.port}`;
  }

  /**
   * Scans `content`. Rejects with ClamdError when clamd cannot be reached, times out, answers with
   * an error (e.g. the file exceeds its StreamMaxLength) or `signal` aborts.
   */
  scan(content: Uint8Array, signal?: AbortSignal): Promise<ClamdVerdict> {
    return new Promise((resolve, reject) => {
      const socket = this.connect();
      const replies: Buffer[] = [];
      let settled = false;
      const finish = (outcome: ClamdVerdict | Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const onAbort = (): void => finish(new ClamdError(`The ClamAV scan through ${this.address} was abandoned.`));
      const timer = setTimeout(() => finish(new ClamdError(`ClamAV at ${this.address} did not answer within ${this.options.timeoutMs} ms; check that clamd is running and not overloaded.`)), this.options.timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort);
      socket.on('connect', () => writeStream(socket, content));
      socket.on('data', (data) => {
        replies.push(data);
        if (data.includes(0)) finish(parseReply(Buffer.concat(replies), this.address));
      });
      socket.on('end', () => finish(parseReply(Buffer.concat(replies), this.address)));
      socket.on('error', (err) => finish(new ClamdError(`Cannot reach ClamAV at ${this.address}: ${err.message}. Check CLAMD_SOCKET / CLAMD_HOST and that clamd is running.`)));
    });
  }

  private connect(): net.Socket {
    return this.options.socketPath
      ? net.createConnection({ path: this.options.socketPath })
      : net.createConnection({ host: this.options.host!, port: this.options.port });
  }

  /** True when clamd answers PING with PONG within the timeout. */
  async ping(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = this.connect();
      const timer = setTimeout(() => { socket.destroy(); resolve(false); }, this.options.timeoutMs);
      let reply = '';
      socket.on('connect', () => socket.write('zPING\0'));
      socket.on('data', (data) => { reply += data.toString('latin1'); });
      socket.on('close', () => { clearTimeout(timer); resolve(reply.startsWith('PONG')); });
      socket.on('error', () => undefined);
    });
  }
}

function writeStream(socket: net.Socket, content: Uint8Array): void {
  socket.write('zINSTREAM\0');
  for (let at = 0; at < content.length; at += CHUNK_BYTES) {
    const chunk = content.subarray(at, Math.min(content.length, at + CHUNK_BYTES));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(chunk.length);
    socket.write(length);
    socket.write(chunk);
  }
  socket.write(Buffer.alloc(4));
}

function parseReply(raw: Buffer, address: string): ClamdVerdict | ClamdError {
  const reply = raw.toString('utf8').replace(/\0[\s\S]*$/, '').trim();
  if (/ OK$/.test(reply)) return { infected: false, signature: null };
  const found = /^(?:stream: )?(.+) FOUND$/.exec(reply);
  if (found) return { infected: true, signature: found[1]!.trim() };
  if (reply === '') return new ClamdError(`ClamAV at ${address} closed the connection without a verdict.`);
  return new ClamdError(`ClamAV at ${address} could not scan the file: ${reply.slice(0, 200)}`);
}

/** The scanner the configuration asks for (CLAMD_SOCKET / CLAMD_HOST), or null when ClamAV is not configured. */
export function clamdFromConfig(config: { socketPath?: string | undefined; host?: string | undefined; port: number; timeoutMs: number } | null): ClamdScanner | null {
  if (!config || (!config.socketPath && !config.host)) return null;
  return new ClamdScanner({
    ...(config.socketPath ? { socketPath: config.socketPath } : { host: config.host! }),
    port: config.port,
    timeoutMs: config.timeoutMs,
  });
}
