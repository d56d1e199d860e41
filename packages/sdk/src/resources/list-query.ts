/**
 * List parameters shared by every Threat API list (CONTRACT.md §1.4), for the lists whose schema does
 * not spell them out. Filters are `field: 'op:value'` (`threat_score: 'gt:50'`); an array repeats the
 * parameter (`received_at: ['gte:2026-01-01', 'lt:2026-02-01']`).
 */
import type { QueryValue } from '../generated/openapi.ts';

export interface ListQuery {
  /** Default 1. */
  page?: number | string;
  /** 1–100; default 25 for `list`, 100 for `iterate`/`listAll`. */
  limit?: number | string;
  /** `field:asc|desc`; default `id:asc`. */
  sort?: string;
  sort_direction?: 'asc' | 'desc';
  /** Comma-separated fields to return. */
  fields?: string;
  /** `YYYY-MM-DD:YYYY-MM-DD`, both days inclusive. */
  date_range?: string;
  [filter: string]: QueryValue | undefined;
}
