/**
 * Table types for Kysely. Both engines store the same columns with the same meaning:
 * - timestamps are ISO-8601 UTC text with milliseconds (`2026-03-12T14:30:15.000Z`), which sorts
 *   correctly as text on both engines;
 * - booleans are integers 0/1;
 * - arrays and objects are JSON text.
 */
import type { Generated } from 'kysely';

export type Plan = 'free' | 'pro' | 'enterprise';
export type Role = 'user' | 'admin';

export interface UsersTable {
  id: string;
  email: string;
  name: string | null;
  plan: Plan;
  role: Role;
  created_at: string;
  updated_at: string;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 hex of the raw key; the raw key is never stored. */
  key_hash: string;
  /** First characters of the raw key (`sk_live_ab12`), shown so people can tell keys apart. */
  prefix: string;
  /** JSON array of scope strings. */
  permissions: string;
  rate_limit_per_minute: number | null;
  rate_limit_per_hour: number | null;
  rate_limit_per_day: number | null;
  created_at: string;
  updated_at: string;
  last_used_at: string | null;
}

/** Fixed-window request counters shared by every process (used in PostgreSQL mode). */
export interface RateLimitCountersTable {
  bucket: string;
  /** Window start, in milliseconds since the epoch. */
  window_start: number;
  hits: Generated<number>;
  /** When the row may be deleted, in milliseconds since the epoch. */
  expires_at: number;
}

export interface Database {
  users: UsersTable;
  api_keys: ApiKeysTable;
  rate_limit_counters: RateLimitCountersTable;
}
