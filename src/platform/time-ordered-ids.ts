/**
 * Time-ordered, unguessable identifiers (see IdSource).
 */
import { randomBytes } from 'node:crypto';

/** Random bytes after the time prefix of a token: 16 bytes = 128 bits. */
const TOKEN_RANDOM_BYTES = 16;
/** Random bytes of a time-ordered UUID (62 bits used). */
const UUID_RANDOM_BYTES = 8;

/**
 * Unpredictable identifiers for rows written in bulk (Message-IDs and tokens of materialised warm-up
 * sends, blob content ids), from the CSPRNG drawn 4 KiB at a time (one system call per few hundred
 * ids: the sender materialises tens of thousands of sends an hour for a large network).
 *
 * Both kinds are **time-ordered** (they start with the creation time): inserted in one run, they
 * land at the right edge of their unique indexes instead of at random places, which is what keeps
 * inserting tens of thousands of rows at once into indexed tables fast (random keys cost a page read
 * each once an index outgrows the cache, and a page written each per commit). The time they reveal is
 * the row's creation time, which nothing needs to hide.
 */
export class IdSource {
  private pool = Buffer.alloc(0);
  private offset = 0;
  private lastMs = -1;
  private counter = 0;

  /** An RFC 9562 UUIDv7: 48-bit ms time, 12-bit counter (monotonic within a ms), 62 random bits. */
  uuid(nowMs: number): string {
    const { ms, count } = this.tick(nowMs);
    const random = this.bytes(UUID_RANDOM_BYTES);
    const time = ms.toString(16).padStart(12, '0');
    const randA = (0x7000 | count).toString(16);
    const variant = ((random[0]! & 0x3f) | 0x80).toString(16).padStart(2, '0') + random.toString('hex', 1, 2);
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-${randA}-${variant}-${random.toString('hex', 2, 8)}`;
  }

  /**
   * A tracking token: 12 hex characters of time order, then 128 random bits (22 url-safe characters).
   * Unguessable by its random part alone; unique by the unique index.
   */
  token(nowMs: number): string {
    const { ms, count } = this.tick(nowMs);
    const prefix = (ms * 4096 + count).toString(16).padStart(15, '0').slice(-12);
    return `${prefix}${this.bytes(TOKEN_RANDOM_BYTES).toString('base64url')}`;
  }

  private tick(nowMs: number): { ms: number; count: number } {
    if (nowMs > this.lastMs) {
      this.lastMs = nowMs;
      this.counter = 0;
    } else if (this.counter < 0xfff) {
      this.counter += 1;
    } else {
      // Counter spent within one ms (or a clock held still, as in tests): borrow the next ms, keeping order.
      this.lastMs += 1;
      this.counter = 0;
    }
    return { ms: this.lastMs, count: this.counter };
  }

  private bytes(n: number): Buffer {
    if (this.offset + n > this.pool.length) {
      this.pool = randomBytes(4096);
      this.offset = 0;
    }
    const out = this.pool.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
}
