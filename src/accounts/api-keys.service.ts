/**
 * Issuing API keys and authenticating requests that carry one.
 *
 * A key is `sk_live_` + 43 url-safe random characters (32 bytes). Only its SHA-256 is stored; the raw
 * key is returned once, from `create`.
 */
import type { Clock } from '../platform/clock.ts';
import { isoTime } from '../platform/clock.ts';
import { digestsEqual, randomToken, sha256Hex } from '../platform/crypto.ts';
import { InvalidInput, Unauthenticated } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Logger } from '../platform/logger.ts';
import { ALL_SCOPES, isScope } from './permissions.ts';
import type { ThreatLimits } from './plans.ts';
import type { Principal } from './principal.ts';
import type { ApiKeyRow, ApiKeysRepo } from './api-keys.repo.ts';

export const KEY_PREFIX = 'sk_live_';
/** Accepts keys of at least 32 url-safe characters after the prefix; anything else is rejected unread. */
const KEY_SHAPE = /^sk_live_[A-Za-z0-9_-]{32,128}$/;
/** A key's `last_used_at` is recorded at most this often per process (milliseconds). */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

export interface NewApiKey {
  name: string;
  permissions: string[];
  rateLimit?: Partial<ThreatLimits>;
}

export function validatePermissions(permissions: unknown): string[] {
  if (!Array.isArray(permissions) || permissions.length === 0) {
    throw new InvalidInput('permissions must be a non-empty list of scopes.', { field: 'permissions', value: permissions });
  }
  for (const p of permissions) {
    if (typeof p !== 'string' || !isScope(p)) {
      throw new InvalidInput(`Unknown permission "${String(p)}"; valid scopes are: ${ALL_SCOPES.join(', ')}.`, {
        field: 'permissions',
        value: p,
      });
    }
  }
  return [...new Set(permissions as string[])];
}

export class ApiKeysService {
  private readonly repo: ApiKeysRepo;
  private readonly clock: Clock;
  private readonly logger: Logger;
  /** keyId → when this process last recorded a use (ms), to throttle. */
  private readonly lastUsedRecorded = new Map<string, number>();
  /** keyId → ISO time of a use not yet written; `flushLastUsed` writes them in one transaction. */
  private pendingLastUsed = new Map<string, string>();

  constructor(repo: ApiKeysRepo, clock: Clock, logger: Logger) {
    this.repo = repo;
    this.clock = clock;
    this.logger = logger;
  }

  async create(userId: string, input: NewApiKey): Promise<{ key: string; row: ApiKeyRow }> {
    const permissions = validatePermissions(input.permissions);
    const name = input.name.trim();
    if (name === '' || name.length > 100) throw new InvalidInput('name must be 1–100 characters.', { field: 'name', value: input.name });
    const rawKey = KEY_PREFIX + randomToken(32);
    const now = isoTime(this.clock.now());
    const row: ApiKeyRow = {
      id: newId('key', this.clock.now()),
      user_id: userId,
      name,
      key_hash: sha256Hex(rawKey),
      prefix: rawKey.slice(0, KEY_PREFIX.length + 4),
      permissions: JSON.stringify(permissions),
      rate_limit_per_minute: input.rateLimit?.perMinute ?? null,
      rate_limit_per_hour: input.rateLimit?.perHour ?? null,
      rate_limit_per_day: input.rateLimit?.perDay ?? null,
      created_at: now,
      updated_at: now,
      last_used_at: null,
    };
    await this.repo.insert(row);
    return { key: rawKey, row };
  }

  /** Resolves a raw key to its principal, or throws Unauthenticated. */
  async authenticate(rawKey: string): Promise<Principal> {
    if (!KEY_SHAPE.test(rawKey)) {
      throw new Unauthenticated('The API key is malformed: keys look like sk_live_ followed by at least 32 characters.');
    }
    const hash = sha256Hex(rawKey);
    const found = await this.repo.findByHashWithOwner(hash);
    if (found === undefined || !digestsEqual(found.key_hash, hash)) {
      throw new Unauthenticated('The API key is not valid. Check it, or create a new one.');
    }
    this.recordUse(found.id);
    return {
      user: { id: found.user_id, email: found.email, name: found.user_name, plan: found.plan, role: found.role, created_at: found.user_created_at },
      permissions: JSON.parse(found.permissions) as string[],
      keyId: found.id,
      ownLimits: {
        perMinute: found.rate_limit_per_minute,
        perHour: found.rate_limit_per_hour,
        perDay: found.rate_limit_per_day,
      },
      rateLimitSubject: found.id,
    };
  }

  /**
   * Notes a use of the key without touching the database: a database write per request would cost
   * more than the request itself (and an fsync each on SQLite). Uses are throttled per key and written
   * in batches by `flushLastUsed`, which the server calls every few seconds and on shutdown.
   */
  private recordUse(keyId: string): void {
    const now = this.clock.now();
    const last = this.lastUsedRecorded.get(keyId);
    if (last !== undefined && now - last < LAST_USED_WRITE_INTERVAL_MS) return;
    this.lastUsedRecorded.set(keyId, now);
    this.pendingLastUsed.set(keyId, isoTime(now));
  }

  /** Writes pending `last_used_at` values; on failure they are kept for the next flush. */
  async flushLastUsed(): Promise<void> {
    if (this.pendingLastUsed.size === 0) return;
    const batch = this.pendingLastUsed;
    this.pendingLastUsed = new Map();
    try {
      await this.repo.touchLastUsed(batch);
    } catch (error) {
      for (const [keyId, at] of batch) if (!this.pendingLastUsed.has(keyId)) this.pendingLastUsed.set(keyId, at);
      this.logger.warn({ err: error, keys: batch.size }, 'Could not record API keys\' last_used_at; will retry at the next flush.');
    }
  }
}
