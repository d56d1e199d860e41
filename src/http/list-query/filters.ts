/**
 * One filter parameter `?<field>=<op>:<value>` → a ParsedFilter.
 *
 * Only the ten operator names followed by `:` are operators; anything else is a bare value meaning `eq`
 * (so `http://x` or `12:30` are values, and a string literally starting with `gt:` is written `eq:gt:…`).
 */
import { InvalidInput } from '../../platform/errors.ts';
import { BadValue, parseFieldValue } from './values.ts';
import { RegexRejected, toPortableRegex } from './regex.ts';
import {
  FILTER_OPS,
  MAX_LIST_VALUES,
  MAX_REGEX_LENGTH,
  MAX_VALUE_LENGTH,
  type FieldType,
  type FilterOp,
  type ListField,
  type ListResource,
  type ParsedFilter,
  type ScalarValue,
} from './types.ts';

const OP_PREFIX = new RegExp(`^(${FILTER_OPS.join('|')}):`);

/**
 * Operators per type. Ordering operators work on strings too (byte-wise, the same order as sorting);
 * `contains`/`regex` only on strings; enums and booleans are matched exactly.
 */
const OPS_BY_TYPE: Record<FieldType, readonly FilterOp[]> = {
  string: FILTER_OPS,
  integer: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin'],
  timestamp: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin'],
  enum: ['eq', 'ne', 'in', 'nin'],
  boolean: ['eq', 'ne'],
};

const TYPE_NAMES: Record<FieldType, string> = {
  string: 'text',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  timestamp: 'a timestamp',
  enum: 'one of a fixed set of values',
};

export function filterableFields(resource: ListResource): string[] {
  return Object.entries(resource.fields)
    .filter(([, spec]) => spec.filterable !== false)
    .map(([name]) => name);
}

export function filterFieldSpec(resource: ListResource, name: string, raw: unknown): ListField {
  const spec = Object.hasOwn(resource.fields, name) ? resource.fields[name] : undefined;
  if (spec === undefined || spec.filterable === false) {
    const verb = spec === undefined ? 'Unknown filter field' : 'Cannot filter by';
    throw new InvalidInput(
      `${verb} '${name}' for ${resource.name}; filterable fields are: ${filterableFields(resource).join(', ')}.`,
      { field: name, value: raw },
    );
  }
  return spec;
}

/** Splits off a known operator prefix; no prefix means `eq` on the whole text. */
function splitOperator(raw: string): { op: FilterOp; text: string; explicit: boolean } {
  const m = OP_PREFIX.exec(raw);
  if (m === null) return { op: 'eq', text: raw, explicit: false };
  return { op: m[1] as FilterOp, text: raw.slice(m[0].length), explicit: true };
}

export function parseFilter(resource: ListResource, name: string, raw: string): ParsedFilter {
  const spec = filterFieldSpec(resource, name, raw);
  const fail = (reason: string): InvalidInput =>
    new InvalidInput(`Invalid filter ${name}=${raw}: ${reason}.`, { field: name, value: raw });
  const { op, text, explicit } = splitOperator(raw);
  const allowed = OPS_BY_TYPE[spec.type];
  if (!allowed.includes(op)) {
    throw fail(`operator '${op}' does not apply to ${name} (${spec.type}); use one of: ${allowed.join(', ')}`);
  }
  if (text.length > MAX_VALUE_LENGTH) throw fail(`the value is longer than ${MAX_VALUE_LENGTH} characters`);

  const parseOne = (value: string): ScalarValue => {
    try {
      return parseFieldValue(spec, value);
    } catch (error) {
      if (!(error instanceof BadValue)) throw error;
      // A typed field cannot hold 'word:…', so name the likely mistake: an operator we do not know.
      const unknownOp = explicit ? null : /^([A-Za-z_]+):/.exec(raw);
      if (unknownOp !== null) throw fail(`unknown operator '${unknownOp[1]}'; operators are: ${FILTER_OPS.join(', ')}`);
      throw fail(`${error.message}; ${name} is ${TYPE_NAMES[spec.type]}`);
    }
  };

  switch (op) {
    case 'in':
    case 'nin':
      return { field: name, op, values: parseList(text, fail).map(parseOne) };
    case 'contains':
      if (text === '') throw fail('contains needs a value');
      return { field: name, op, value: text };
    case 'regex':
      return { field: name, op, pattern: parseRegex(text, fail) };
    default:
      return { field: name, op, value: parseOne(text) };
  }
}

/** Comma-separated, 1..MAX_LIST_VALUES non-empty items (a value cannot contain a comma). */
function parseList(text: string, fail: (reason: string) => InvalidInput): string[] {
  const items = text.split(',');
  if (items.length > MAX_LIST_VALUES) throw fail(`a list takes at most ${MAX_LIST_VALUES} values`);
  if (items.some((item) => item === '')) throw fail('a list needs comma-separated, non-empty values');
  return items;
}

function parseRegex(text: string, fail: (reason: string) => InvalidInput) {
  if (text.length > MAX_REGEX_LENGTH) throw fail(`a regex is limited to ${MAX_REGEX_LENGTH} characters`);
  try {
    return toPortableRegex(text);
  } catch (error) {
    if (error instanceof RegexRejected) throw fail(`invalid regular expression: ${error.message}`);
    throw error;
  }
}
