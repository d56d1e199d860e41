/**
 * Types and limits of the `/v1` list query language (CONTRACT §1.4): pagination, filters, date range,
 * sorting and field selection.
 */

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'timestamp' | 'enum';

/** One public (API) field of a listable resource and the column that stores it. */
export interface ListField {
  /** Column name in `ListResource.table`. Trusted configuration, never user input. */
  column: string;
  type: FieldType;
  /** The allowed values of an `enum` field. */
  values?: readonly string[];
  /** May the list be sorted by this field? Default false (`id` is always sortable). */
  sortable?: boolean;
  /** May the list be filtered by this field? Default true. */
  filterable?: boolean;
  /**
   * Set true when the column can hold NULL. Sorting: NULL orders as the smallest value on both engines
   * (SQLite's native order); on PostgreSQL this needs an explicit `NULLS FIRST/LAST`, which we only emit
   * for nullable fields because it stops PostgreSQL from using a plain index for the order. A PostgreSQL
   * index meant to serve a sort on a nullable column should be declared `(… col NULLS FIRST, id)`.
   * Default false.
   */
  nullable?: boolean;
}

export interface ListResource {
  /** Plural resource name used in messages, e.g. `emails`. */
  name: string;
  /** Table the list reads. Text columns must compare byte-wise (`byteText` in the migrations). */
  table: string;
  /** Public API name → column spec. */
  fields: Readonly<Record<string, ListField>>;
  /** Every output field name allowed in `?fields=` (lists and single gets). */
  selectable: readonly string[];
  /** The public timestamp field `date_range` filters: `received_at` for emails, `created_at` otherwise. */
  timestampField: string;
}

export const FILTER_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'contains', 'regex'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export type ComparisonOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';
export type ListOp = 'in' | 'nin';

/**
 * A filter value after parsing, in the form the column stores: numbers for integer/number/boolean
 * (booleans are 0/1), ISO-8601 text (`YYYY-MM-DDTHH:MM:SS.sssZ`) for timestamps, text otherwise.
 */
export type ScalarValue = string | number;

/** A validated regex in the portable subset, rendered once per engine (see regex.ts). */
export interface PortableRegex {
  /** What the client sent. */
  source: string;
  /** For SQLite's `REGEXP` (RE2 syntax). */
  sqlite: string;
  /** For PostgreSQL's `~` (ARE syntax). */
  postgres: string;
}

export type ParsedFilter =
  | { field: string; op: ComparisonOp; value: ScalarValue }
  | { field: string; op: ListOp; values: ScalarValue[] }
  | { field: string; op: 'contains'; value: string }
  | { field: string; op: 'regex'; pattern: PortableRegex };

/** Inclusive bounds on the resource's timestamp field, as stored ISO text. */
export interface ParsedDateRange {
  field: string;
  /** `YYYY-MM-DDT00:00:00.000Z` of the first day. */
  from: string;
  /** `YYYY-MM-DDT23:59:59.999Z` of the last day (stored timestamps have millisecond precision). */
  to: string;
}

export type SortDirection = 'asc' | 'desc';

export interface ParsedSort {
  field: string;
  direction: SortDirection;
}

export interface ParsedListQuery {
  /** 1-based page number. */
  page: number;
  /** Items per page, 1..MAX_LIMIT. */
  limit: number;
  /** Rows skipped: (page - 1) * limit. */
  offset: number;
  /** ANDed together. */
  filters: ParsedFilter[];
  dateRange?: ParsedDateRange;
  sort: ParsedSort;
  /** Requested output fields, in request order without duplicates; undefined = all. */
  fields?: string[];
}

export interface Pagination {
  page: number;
  limit: number;
  total: number;
  total_pages: number;
  has_next: boolean;
  has_prev: boolean;
}

export interface ListPage<Row = Record<string, unknown>> {
  rows: Row[];
  pagination: Pagination;
}

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
/** Keeps offset = (page - 1) * limit far inside the safe-integer and SQL int64 ranges. */
export const MAX_PAGE = 1_000_000_000;
/** Values in one `in:`/`nin:` list. */
export const MAX_LIST_VALUES = 100;
/** Filter conditions in one request (all fields and repeats together). */
export const MAX_FILTERS = 20;
/** Characters in one filter value (after the operator). */
export const MAX_VALUE_LENGTH = 1024;
/** Characters in a `regex:` pattern. */
export const MAX_REGEX_LENGTH = 256;

/** Query parameters that are never filters. */
export const RESERVED_PARAMS = ['page', 'limit', 'sort', 'sort_direction', 'fields', 'date_range', 'api_key'] as const;
