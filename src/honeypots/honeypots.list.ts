/**
 * How `GET /v1/honeypots` plugs into the shared list machinery (CONTRACT.md §1.4), plus the one filter
 * the machinery has no type for: `tags`, a JSON array column.
 *
 * `tags` filters test membership of whole tags (exact, case-sensitive):
 * - `tags=phishing` or `tags=contains:phishing` — has the tag;
 * - `tags=ne:phishing` — does not have it;
 * - `tags=in:a,b` — has at least one of them; `tags=nin:a,b` — has none of them.
 * Repeated `tags` parameters are ANDed like every other filter (`tags=a&tags=b` — has both).
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { DatabaseEngine } from '../config.ts';
import { MAX_LIST_VALUES, MAX_VALUE_LENGTH, type ListResource } from '../http/list-query.ts';
import { InvalidInput } from '../platform/errors.ts';
import { HONEYPOT_FIELDS, PRIORITIES, PURPOSES, STATUSES } from './honeypots.schema.ts';

export const honeypotsResource: ListResource = {
  name: 'honeypots',
  table: 'honeypots',
  fields: {
    id: { column: 'id', type: 'string', sortable: true },
    email_address: { column: 'email_address', type: 'string', sortable: true },
    domain: { column: 'domain', type: 'string' },
    purpose: { column: 'purpose', type: 'enum', values: PURPOSES },
    description: { column: 'description', type: 'string', nullable: true },
    category: { column: 'category', type: 'string', nullable: true },
    priority: { column: 'priority', type: 'enum', values: PRIORITIES },
    status: { column: 'status', type: 'enum', values: STATUSES },
    email_count: { column: 'email_count', type: 'integer', sortable: true },
    last_email_at: { column: 'last_email_at', type: 'timestamp', sortable: true, nullable: true },
    created_at: { column: 'created_at', type: 'timestamp', sortable: true },
    updated_at: { column: 'updated_at', type: 'timestamp', sortable: true },
  },
  selectable: HONEYPOT_FIELDS,
  timestampField: 'created_at',
};

/** Query parameters the honeypots route handles itself rather than the generic filter parser. */
export const HONEYPOT_RESERVED_PARAMS = ['tags'] as const;

export type TagFilter =
  | { op: 'contains' | 'ne'; tag: string }
  | { op: 'in' | 'nin'; tags: string[] };

const TAG_OPS = /^(contains|ne|in|nin|eq|gt|gte|lt|lte|regex):/;

/** Parses every `tags` parameter (a string, or an array when repeated). */
export function parseTagFilters(raw: unknown): TagFilter[] {
  if (raw === undefined) return [];
  const values = Array.isArray(raw) ? raw : [raw];
  return values.map((value) => parseTagFilter(String(value)));
}

function parseTagFilter(raw: string): TagFilter {
  const fail = (reason: string) => new InvalidInput(`Invalid filter tags=${raw}: ${reason}.`, { field: 'tags', value: raw });
  const match = TAG_OPS.exec(raw);
  const op = match?.[1] ?? 'contains';
  const text = match === null ? raw : raw.slice(match[0].length);
  if (text === '') throw fail('a tag is needed after the operator');
  if (text.length > MAX_VALUE_LENGTH) throw fail(`the value is longer than ${MAX_VALUE_LENGTH} characters`);
  switch (op) {
    case 'contains':
    case 'eq':
      return { op: 'contains', tag: text };
    case 'ne':
      return { op: 'ne', tag: text };
    case 'in':
    case 'nin': {
      const tags = text.split(',');
      if (tags.length > MAX_LIST_VALUES) throw fail(`a list takes at most ${MAX_LIST_VALUES} values`);
      if (tags.some((t) => t === '')) throw fail('a list needs comma-separated, non-empty values');
      return { op, tags };
    }
    default:
      throw fail(`operator '${op}' does not apply to tags (a list of labels); use contains, ne, in or nin`);
  }
}

/** `honeypots.tags` holds one of `tags` (a JSON array of strings). */
function hasAnyTag(engine: DatabaseEngine, tags: readonly string[]): Expression<SqlBool> {
  if (engine === 'postgres') {
    // jsonb `?|`: does the array contain any of these strings as elements.
    return sql<SqlBool>`(honeypots.tags::jsonb ?| array[${sql.join(tags)}]::text[])`;
  }
  return sql<SqlBool>`exists (select 1 from json_each(honeypots.tags) where json_each.value in (${sql.join(tags)}))`;
}

export function tagCondition(engine: DatabaseEngine, filter: TagFilter): Expression<SqlBool> {
  switch (filter.op) {
    case 'contains':
      return hasAnyTag(engine, [filter.tag]);
    case 'in':
      return hasAnyTag(engine, filter.tags);
    case 'ne':
      return sql<SqlBool>`not ${hasAnyTag(engine, [filter.tag])}`;
    case 'nin':
      return sql<SqlBool>`not ${hasAnyTag(engine, filter.tags)}`;
  }
}
