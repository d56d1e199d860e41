/**
 * `parseListQuery`: a parsed querystring (Fastify: values are strings, or arrays when a name repeats)
 * → a validated ParsedListQuery. Every bad input throws InvalidInput naming the parameter and its value.
 *
 * Repeats: a filter parameter may repeat and the conditions are ANDed (`score=gte:10&score=lt:50` is a
 * range); every other parameter (page, limit, sort, …) must appear at most once.
 */
import { InvalidInput } from '../../platform/errors.ts';
import { parseFilter } from './filters.ts';
import { BadValue, parseCalendarDate } from './values.ts';
import {
  DEFAULT_LIMIT,
  MAX_FILTERS,
  MAX_LIMIT,
  MAX_PAGE,
  RESERVED_PARAMS,
  type ListResource,
  type ParsedDateRange,
  type ParsedFilter,
  type ParsedListQuery,
  type ParsedSort,
  type SortDirection,
} from './types.ts';

export interface ParseListQueryOptions {
  /** Extra parameter names the route handles itself (never treated as filters). */
  reserved?: readonly string[];
}

type Query = Record<string, unknown>;

/** Every value given for `name`, as strings (numbers from a coercing schema are accepted too). */
function paramValues(query: Query, name: string): string[] {
  const raw = query[name];
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((value) => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new InvalidInput(`Query parameter '${name}' must be text.`, { field: name, value: raw });
  });
}

/** The single value of a non-repeatable parameter, or undefined when absent. */
function singleParam(query: Query, name: string): string | undefined {
  const values = paramValues(query, name);
  if (values.length > 1) {
    throw new InvalidInput(`Query parameter '${name}' was given more than once.`, { field: name, value: values });
  }
  return values[0];
}

function parseBoundedInteger(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > max) {
    throw new InvalidInput(`'${name}' must be a whole number from 1 to ${max}; got '${text}'.`, { field: name, value: text });
  }
  return value;
}

export function sortableFields(resource: ListResource): string[] {
  const names = Object.entries(resource.fields)
    .filter(([name, spec]) => name === 'id' || spec.sortable === true)
    .map(([name]) => name);
  return names.includes('id') ? names : ['id', ...names];
}

function parseDirection(name: string, text: string): SortDirection {
  const direction = text.toLowerCase();
  if (direction !== 'asc' && direction !== 'desc') {
    throw new InvalidInput(`The sort direction must be 'asc' or 'desc'; got '${text}'.`, { field: name, value: text });
  }
  return direction;
}

/** `sort=<field>[:<dir>]` plus optional `sort_direction=<dir>`; default `id:asc`. */
function parseSort(resource: ListResource, query: Query): ParsedSort {
  const sortText = singleParam(query, 'sort');
  const directionText = singleParam(query, 'sort_direction');
  const separateDirection = directionText === undefined ? undefined : parseDirection('sort_direction', directionText);
  if (sortText === undefined) return { field: 'id', direction: separateDirection ?? 'asc' };

  const colon = sortText.indexOf(':');
  const field = (colon === -1 ? sortText : sortText.slice(0, colon)).trim();
  const inlineDirection = colon === -1 ? undefined : parseDirection('sort', sortText.slice(colon + 1));
  const sortable = sortableFields(resource);
  if (!sortable.includes(field)) {
    throw new InvalidInput(`Cannot sort ${resource.name} by '${field}'; sortable fields are: ${sortable.join(', ')}.`, {
      field: 'sort',
      value: sortText,
    });
  }
  if (inlineDirection !== undefined && separateDirection !== undefined && inlineDirection !== separateDirection) {
    throw new InvalidInput(`'sort=${sortText}' and 'sort_direction=${directionText}' disagree; give the direction once.`, {
      field: 'sort_direction',
      value: directionText,
    });
  }
  return { field, direction: inlineDirection ?? separateDirection ?? 'asc' };
}

/** `date_range=YYYY-MM-DD:YYYY-MM-DD`, UTC days, both ends inclusive. */
function parseDateRange(resource: ListResource, query: Query): ParsedDateRange | undefined {
  const text = singleParam(query, 'date_range');
  if (text === undefined) return undefined;
  const fail = (reason: string): InvalidInput =>
    new InvalidInput(`Invalid date_range '${text}': ${reason}.`, { field: 'date_range', value: text });
  const m = /^(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (m === null) throw fail('expected YYYY-MM-DD:YYYY-MM-DD');
  const [start, end] = [m[1]!, m[2]!];
  try {
    parseCalendarDate(start);
    parseCalendarDate(end);
  } catch (error) {
    if (error instanceof BadValue) throw fail(error.message);
    throw error;
  }
  if (start > end) throw fail('the start date is after the end date');
  return { field: resource.timestampField, from: `${start}T00:00:00.000Z`, to: `${end}T23:59:59.999Z` };
}

/** `fields=a,b,c` → the names in request order without duplicates; undefined when absent. */
export function parseFieldSelection(resource: ListResource, query: Query): string[] | undefined {
  const text = singleParam(query, 'fields');
  if (text === undefined) return undefined;
  const names = text.split(',').map((name) => name.trim());
  const bad = names.find((name) => !resource.selectable.includes(name));
  if (bad !== undefined) {
    const what = bad === '' ? 'an empty field name' : `unknown field '${bad}'`;
    throw new InvalidInput(`Invalid fields '${text}': ${what}; selectable fields are: ${resource.selectable.join(', ')}.`, {
      field: 'fields',
      value: text,
    });
  }
  return [...new Set(names)];
}

/** The item with only the selected keys (in selection order); the item itself when no selection. */
export function pickFields<T extends Record<string, unknown>>(item: T, fields: readonly string[] | undefined): Partial<T> {
  if (fields === undefined) return item;
  const picked: Record<string, unknown> = {};
  for (const name of fields) if (Object.hasOwn(item, name)) picked[name] = item[name];
  return picked as Partial<T>;
}

function parseFilters(resource: ListResource, query: Query, reserved: ReadonlySet<string>): ParsedFilter[] {
  const filters: ParsedFilter[] = [];
  for (const name of Object.keys(query)) {
    if (reserved.has(name)) continue;
    for (const raw of paramValues(query, name)) {
      if (filters.length === MAX_FILTERS) {
        throw new InvalidInput(`At most ${MAX_FILTERS} filter conditions are allowed per request.`, { field: name, value: raw });
      }
      filters.push(parseFilter(resource, name, raw));
    }
  }
  return filters;
}

export function parseListQuery(resource: ListResource, query: Query, options: ParseListQueryOptions = {}): ParsedListQuery {
  const reserved = new Set<string>([...RESERVED_PARAMS, ...(options.reserved ?? [])]);
  const page = parseBoundedInteger('page', singleParam(query, 'page'), 1, MAX_PAGE);
  const limit = parseBoundedInteger('limit', singleParam(query, 'limit'), DEFAULT_LIMIT, MAX_LIMIT);
  const dateRange = parseDateRange(resource, query);
  const fields = parseFieldSelection(resource, query);
  return {
    page,
    limit,
    offset: (page - 1) * limit,
    filters: parseFilters(resource, query, reserved),
    ...(dateRange === undefined ? {} : { dateRange }),
    sort: parseSort(resource, query),
    ...(fields === undefined ? {} : { fields }),
  };
}
