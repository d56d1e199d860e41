/**
 * API keys: issuing, listing, editing, regenerating and deleting them, and authenticating requests
 * that carry one.
 *
 * A key is `sk_live_` + 43 url-safe random characters (32 bytes). Only its SHA-256 is stored; the raw
 * key is returned once, from `create` and `regenerate`. A key can only grant permissions its creator
 * holds (a session holds all), so a key with `keys:manage` cannot mint a stronger key than itself.
 */
import type { Clock } from '../platform/clock.ts';
import { isoTime } from '../platform/clock.ts';
import { digestsEqual, randomToken, sha256Hex } from '../platform/crypto.ts';
import type { Plan } from '../platform/db/schema.ts';
import { Forbidden, InvalidInput, NotFound, Unauthenticated, Unprocessable } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Logger } from '../platform/logger.ts';
import type { ListPage, ParsedListQuery } from '../http/list-query.ts';
import type { Actor } from './actor.ts';
import type { AuditLog } from './audit.ts';
import { ALL_SCOPES, grants, isScope, type Scope } from './permissions.ts';
import { effectiveThreatLimits, THREAT_LIMITS, type ThreatLimits } from './plans.ts';
import type { Principal } from './principal.ts';
import type { ApiKeyRow, ApiKeysRepo } from './api-keys.repo.ts';

export const KEY_PREFIX = 'sk_live_';
/** Accepts keys of at least 32 url-safe characters after the prefix; anything else is rejected unread. */
const KEY_SHAPE = /^sk_live_[A-Za-z0-9_-]{32,128}$/;
/** A key's `last_used_at` is recorded at most this often per process (milliseconds). */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;
/** Keys one account may hold. */
export const MAX_KEYS_PER_USER = 100;
const NAME_MAX = 100;

export interface NewApiKey {
  name: string;
  permissions: string[];
  rateLimit?: Partial<ThreatLimits>;
}

export interface ApiKeyChanges {
  name?: string;
  permissions?: string[];
  /** A window set to null falls back to the plan's limit. */
  rateLimit?: Partial<ThreatLimits>;
}

/** The key's owner as far as issuing keys is concerned. */
export interface KeyOwner {
  id: string;
  plan: Plan;
}

/** Who asks, for the permission ceiling and the audit log; omitted by the CLI (full rights). */
export interface KeyRequest {
  /** Permissions of the caller: a new or edited key may hold only these. Default: every scope. */
  grantor?: readonly string[];
  actor: Actor;
}

export function validatePermissions(permissions: unknown): Scope[] {
  if (!Array.isArray(permissions) || permissions.length === 0) {
    throw new InvalidInput('permissions must be a non-empty list of scopes.', { field: 'permissions', value: permissions });
  }
  const unknown = permissions.filter((p) => typeof p !== 'string' || !isScope(p));
  if (unknown.length > 0) {
    throw new Unprocessable(`Unknown permission(s) ${unknown.map((p) => `"${String(p)}"`).join(', ')}; valid scopes are: ${ALL_SCOPES.join(', ')}.`, {
      field: 'permissions',
      value: unknown,
    });
  }
  return [...new Set(permissions as Scope[])];
}

const LIMIT_FIELDS = [
  ['perMinute', 'per_minute'],
  ['perHour', 'per_hour'],
  ['perDay', 'per_day'],
] as const;

/** A key's own limits: each a positive integer not above the plan's, or null for the plan's. */
export function validateKeyLimits(plan: Plan, requested: Partial<ThreatLimits> | undefined, current?: ThreatLimits): ThreatLimits {
  const result: ThreatLimits = { ...(current ?? { perMinute: null, perHour: null, perDay: null }) };
  for (const [key, field] of LIMIT_FIELDS) {
    const value = requested?.[key];
    if (value === undefined) continue;
    if (value !== null && (!Number.isInteger(value) || value < 1)) {
      throw new InvalidInput(`rate_limit.${field} must be a positive whole number (or null for the plan's limit).`, { field: `rate_limit.${field}`, value });
    }
    const ceiling = THREAT_LIMITS[plan][key];
    if (value !== null && ceiling !== null && value > ceiling) {
      throw new Unprocessable(`rate_limit.${field} is ${value}, above the ${plan} plan's ${ceiling}; a key's limit can only lower the plan's.`, {
        field: `rate_limit.${field}`,
        value,
        max: ceiling,
      });
    }
    result[key] = value;
  }
  return result;
}

function validName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > NAME_MAX) throw new InvalidInput(`name must be 1–${NAME_MAX} characters.`, { field: 'name', value: name });
  return trimmed;
}

/** A new raw key and what is stored of it: the digest and the first characters people tell keys apart by. */
function newKeyMaterial(): { rawKey: string; key_hash: string; prefix: string } {
  const rawKey = KEY_PREFIX + randomToken(32);
  return { rawKey, key_hash: sha256Hex(rawKey), prefix: rawKey.slice(0, KEY_PREFIX.length + 4) };
}

function keyNotFound(id: string): NotFound {
  return new NotFound(`No API key ${id}.`, { field: 'id', value: id });
}

export function ownLimitsOf(row: ApiKeyRow): ThreatLimits {
  return { perMinute: row.rate_limit_per_minute, perHour: row.rate_limit_per_hour, perDay: row.rate_limit_per_day };
}

export interface ApiKeysServiceDeps {
  repo: ApiKeysRepo;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

export class ApiKeysService {
  private readonly repo: ApiKeysRepo;
  private readonly audit: AuditLog;
  private readonly clock: Clock;
  private readonly logger: Logger;
  /** keyId → when this process last recorded a use (ms), to throttle. */
  private readonly lastUsedRecorded = new Map<string, number>();
  /** keyId → ISO time of a use not yet written; `flushLastUsed` writes them in one transaction. */
  private pendingLastUsed = new Map<string, string>();

  constructor(deps: ApiKeysServiceDeps) {
    this.repo = deps.repo;
    this.audit = deps.audit;
    this.clock = deps.clock;
    this.logger = deps.logger;
  }

  async create(owner: KeyOwner, input: NewApiKey, request: KeyRequest): Promise<{ key: string; row: ApiKeyRow }> {
    const name = validName(input.name);
    const permissions = validatePermissions(input.permissions);
    checkGrantable(permissions, request.grantor);
    const limits = validateKeyLimits(owner.plan, input.rateLimit);
    if ((await this.repo.countOwned(owner.id)) >= MAX_KEYS_PER_USER) {
      throw new Unprocessable(`An account can hold at most ${MAX_KEYS_PER_USER} API keys; delete unused keys first.`);
    }
    const { rawKey, key_hash, prefix } = newKeyMaterial();
    const now = isoTime(this.clock.now());
    const row: ApiKeyRow = {
      id: newId('key', this.clock.now()),
      user_id: owner.id,
      name,
      key_hash,
      prefix,
      permissions: JSON.stringify(permissions),
      rate_limit_per_minute: limits.perMinute,
      rate_limit_per_hour: limits.perHour,
      rate_limit_per_day: limits.perDay,
      created_at: now,
      updated_at: now,
      last_used_at: null,
    };
    await this.repo.transaction(async (trx) => {
      await this.repo.insert(row, trx);
      await this.audit.record(trx, {
        userId: owner.id,
        action: 'api_key.created',
        actor: request.actor,
        targetType: 'api_key',
        targetId: row.id,
        details: { name, permissions },
      });
    });
    return { key: rawKey, row };
  }

  async list(userId: string, parsed: ParsedListQuery): Promise<ListPage<ApiKeyRow>> {
    const page = await this.repo.list(userId, parsed);
    return { ...page, rows: page.rows.map((row) => this.withPendingUse(row)) };
  }

  async get(userId: string, id: string): Promise<ApiKeyRow> {
    const row = await this.repo.findOwned(userId, id);
    if (row === undefined) throw keyNotFound(id);
    return this.withPendingUse(row);
  }

  async update(owner: KeyOwner, id: string, changes: ApiKeyChanges, request: KeyRequest): Promise<ApiKeyRow> {
    const current = await this.get(owner.id, id);
    const set: Partial<ApiKeyRow> = {};
    if (changes.name !== undefined) set.name = validName(changes.name);
    if (changes.permissions !== undefined) {
      const permissions = validatePermissions(changes.permissions);
      checkGrantable(permissions, request.grantor);
      set.permissions = JSON.stringify(permissions);
    }
    if (changes.rateLimit !== undefined) {
      const limits = validateKeyLimits(owner.plan, changes.rateLimit, ownLimitsOf(current));
      set.rate_limit_per_minute = limits.perMinute;
      set.rate_limit_per_hour = limits.perHour;
      set.rate_limit_per_day = limits.perDay;
    }
    if (Object.keys(set).length === 0) return current;
    set.updated_at = isoTime(this.clock.now());
    await this.repo.transaction(async (trx) => {
      if (!(await this.repo.updateOwned(trx, owner.id, id, set))) throw keyNotFound(id);
      await this.audit.record(trx, {
        userId: owner.id,
        action: 'api_key.updated',
        actor: request.actor,
        targetType: 'api_key',
        targetId: id,
        details: { fields: Object.keys(changes) },
      });
    });
    return { ...current, ...set };
  }

  /** Replaces the key's secret: the old raw key stops working with this commit. */
  async regenerate(userId: string, id: string, actor: Actor): Promise<{ key: string; row: ApiKeyRow }> {
    const current = await this.get(userId, id);
    const { rawKey, key_hash, prefix } = newKeyMaterial();
    const set = { key_hash, prefix, updated_at: isoTime(this.clock.now()) };
    await this.repo.transaction(async (trx) => {
      if (!(await this.repo.updateOwned(trx, userId, id, set))) throw keyNotFound(id);
      await this.audit.record(trx, { userId, action: 'api_key.regenerated', actor, targetType: 'api_key', targetId: id });
    });
    return { key: rawKey, row: { ...current, ...set } };
  }

  async delete(userId: string, id: string, actor: Actor): Promise<void> {
    await this.repo.transaction(async (trx) => {
      if (!(await this.repo.deleteOwned(trx, userId, id))) throw keyNotFound(id);
      await this.audit.record(trx, { userId, action: 'api_key.deleted', actor, targetType: 'api_key', targetId: id });
    });
    this.pendingLastUsed.delete(id);
    this.lastUsedRecorded.delete(id);
  }

  /** The limits a key actually gets: its own where set, else its owner's plan's. */
  effectiveLimits(plan: Plan, row: ApiKeyRow): ThreatLimits {
    return effectiveThreatLimits(plan, ownLimitsOf(row));
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
      sessionId: null,
      ownLimits: {
        perMinute: found.rate_limit_per_minute,
        perHour: found.rate_limit_per_hour,
        perDay: found.rate_limit_per_day,
      },
    };
  }

  /** A use recorded in this process but not yet written shows in reads at once. */
  private withPendingUse(row: ApiKeyRow): ApiKeyRow {
    const pending = this.pendingLastUsed.get(row.id);
    return pending !== undefined && (row.last_used_at === null || pending > row.last_used_at) ? { ...row, last_used_at: pending } : row;
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
      this.logger.warn({ err: error }, 'Could not record API keys\' last_used_at; will retry at the next flush.');
    }
  }
}

/** Refuses permissions the caller does not hold itself (no privilege escalation through keys:manage). */
function checkGrantable(permissions: readonly Scope[], grantor: readonly string[] | undefined): void {
  if (grantor === undefined) return;
  const missing = permissions.filter((p) => !grants(grantor, p));
  if (missing.length > 0) {
    throw new Forbidden(`A key can only be given permissions its creator holds; this caller lacks ${missing.join(', ')}.`, {
      field: 'permissions',
      value: missing,
    });
  }
}
