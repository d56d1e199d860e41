/**
 * Request validation and translating framework errors into domain errors.
 *
 * Bodies are validated strictly (no type coercion, no unknown properties): `"5"` where a number is
 * expected is a 400 naming the field. Query strings and path params are coerced, since they arrive
 * as text.
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyError, FastifySchemaCompiler } from 'fastify';
import { DomainError, InvalidInput } from '../platform/errors.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under type stripping.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

function makeAjv(coerceTypes: boolean | 'array'): Ajv {
  const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  addFormats(ajv);
  return ajv;
}

/** One compiler for every route: strict for bodies, coercing for query strings, params and headers. */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = makeAjv(false);
  const coercing = makeAjv('array');
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const params = error.params as Record<string, unknown>;
  const child = (params.missingProperty ?? params.additionalProperty) as string | undefined;
  if (child !== undefined) return path === '' ? child : `${path}.${child}`;
  return path;
}

function valueAt(data: unknown, field: string): unknown {
  let current = data;
  for (const part of field.split('.').filter((p) => p !== '')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function describe(error: ErrorObject, field: string): string {
  switch (error.keyword) {
    case 'required':
      return `${field} is required.`;
    case 'additionalProperties':
      return `${field} is not a recognised field.`;
    case 'enum':
      return `${field} must be one of: ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).join(', ')}.`;
    default:
      return `${field === '' ? 'The request body' : field} ${error.message ?? 'is invalid'}.`;
  }
}

const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/**
 * Maps anything a route or hook threw to a DomainError, or returns null for a genuine server fault.
 * Framework client errors (bad JSON, body too large, wrong content type) keep their HTTP status.
 */
export function toClientError(error: unknown, request: { body?: unknown; query?: unknown; params?: unknown }): DomainError | FastifyClientError | null {
  if (error instanceof DomainError) return error;
  const fastifyError = error as FastifyError & { validation?: ErrorObject[]; validationContext?: string };
  if (Array.isArray(fastifyError.validation) && fastifyError.validation.length > 0) {
    const first = fastifyError.validation[0]!;
    const field = fieldOf(first);
    const part = fastifyError.validationContext ?? 'body';
    const source = part === 'body' ? request.body : part === 'querystring' ? request.query : request.params;
    return new InvalidInput(describe(first, field), { field: field === '' ? PART_NAMES[part] ?? part : field, value: valueAt(source, field), location: PART_NAMES[part] ?? part });
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new FastifyClientError(status, clientMessage(fastifyError));
  }
  return null;
}

/** A 4xx raised by the framework itself (parsing, limits, media types). */
export class FastifyClientError {
  readonly status: number;
  readonly message: string;
  readonly code: string;
  constructor(status: number, message: string) {
    this.status = status;
    this.message = message;
    this.code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'validation_error';
  }
}

function clientMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'The request body is not valid JSON.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return "The request body is empty but Content-Type is application/json; send a JSON body or drop the header.";
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than this server accepts (BODY_LIMIT_BYTES).';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `Unsupported Content-Type; send application/json.`;
    default:
      return error.message;
  }
}
