/**
 * Turns the server's OpenAPI 3.x document (`GET /v1/openapi.json`, built by @fastify/swagger from the
 * route schemas) into TypeScript declarations: one type per component schema, and per operation its
 * path params, query, JSON body and success response, plus an `Operations` map keyed by
 * `"METHOD /path"`. Pure: document in, source text out, so a test can compare it with the checked-in file.
 *
 * Naming: an operation `GET /v1/honeypots/{id}` becomes `GetHoneypotsById…` (the surface prefix `/v1`
 * or `/api/v1` is dropped; the two surfaces share no resource name, and a clash stops the generator).
 * Component schemas take their `title` (`def-0` with title `User` → `User`).
 *
 * Query strings are text, so scalar string parameters accept `string | number | boolean` (the client
 * formats them) and untyped filter parameters (`threat_score=gt:50`, repeatable) accept `QueryValue`.
 * Only JSON Schema the document uses is handled: type (or a list of types), enum, const, anyOf/oneOf,
 * allOf, properties/required/additionalProperties, items, $ref, and `format: binary` (bytes).
 */

export type JsonSchema = { [key: string]: unknown };

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

interface MediaType {
  schema?: JsonSchema;
}

interface Operation {
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, MediaType> };
  responses?: Record<string, { description?: string; content?: Record<string, MediaType> }>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head'];
/** Path prefixes of the two surfaces, longest first. */
const SURFACE_PREFIXES = ['/api/v1', '/v1'];
/** Query parameters the client never sends (it authenticates with the Authorization header). */
const SKIPPED_QUERY = new Set(['api_key']);
const INDENT = '  ';

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

function propertyKey(name: string): string {
  return isIdentifier(name) ? name : JSON.stringify(name);
}

/** A JSDoc block at `indent`, or nothing. `*\/` inside the text is broken up so it cannot end the comment. */
function docComment(lines: Array<string | undefined>, indent: string): string {
  const text = lines.filter((line): line is string => typeof line === 'string' && line.trim() !== '').map((line) => line.replaceAll('*/', '*\\/'));
  if (text.length === 0) return '';
  const body = text.flatMap((line) => line.split('\n')).map((line) => line.trimEnd());
  if (body.length === 1) return `${indent}/** ${body[0]} */\n`;
  return `${indent}/**\n${body.map((line) => `${indent} * ${line}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

function union(members: string[]): string {
  const unique = [...new Set(members)];
  if (unique.length === 0) return 'never';
  if (unique.includes('unknown')) return 'unknown';
  return unique.join(' | ');
}

/** Wraps a union or intersection in parentheses where it becomes an array element. */
function arrayOf(element: string): string {
  return /^[A-Za-z0-9_]+$/.test(element) ? `${element}[]` : `Array<${element}>`;
}

export class TypeWriter {
  readonly componentNames = new Map<string, string>();

  constructor(doc: OpenApiDocument) {
    const taken = new Set<string>();
    for (const [key, schema] of Object.entries(doc.components?.schemas ?? {})) {
      const title = typeof schema.title === 'string' ? schema.title : key;
      let name = pascal(title);
      if (taken.has(name)) name = pascal(`${title} ${key}`);
      taken.add(name);
      this.componentNames.set(key, name);
    }
  }

  refName(ref: string): string {
    const key = ref.replace(/^#\/components\/schemas\//, '');
    const name = this.componentNames.get(key);
    if (name === undefined) throw new Error(`The OpenAPI document refers to ${ref}, which it does not define.`);
    return name;
  }

  /** The TypeScript type of `schema`, laid out for a position indented by `indent`. */
  typeOf(schema: JsonSchema | undefined, indent: string): string {
    if (schema === undefined || schema === null || typeof schema !== 'object') return 'unknown';
    if (typeof schema.$ref === 'string') return this.refName(schema.$ref);
    if ('const' in schema) return JSON.stringify(schema.const);
    if (Array.isArray(schema.enum)) return union(schema.enum.map((value) => JSON.stringify(value)));
    const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (Array.isArray(alternatives)) return union(alternatives.map((alt) => this.typeOf(alt, indent)));
    if (Array.isArray(schema.allOf)) return [...new Set((schema.allOf as JsonSchema[]).map((part) => this.typeOf(part, indent)))].join(' & ');
    const type = schema.type;
    if (Array.isArray(type)) return union(type.map((t) => this.typeOf({ ...schema, type: t }, indent)));
    switch (type) {
      case 'string':
        return schema.format === 'binary' ? 'Uint8Array' : 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array':
        return arrayOf(this.typeOf(schema.items as JsonSchema | undefined, indent));
      case 'object':
        return this.objectType(schema, indent);
      default:
        return schema.properties !== undefined ? this.objectType(schema, indent) : 'unknown';
    }
  }

  /** `{ … }` with one documented property per line; an index signature only where the schema allows extra keys. */
  objectType(schema: JsonSchema, indent: string): string {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    const extra = schema.additionalProperties;
    const names = Object.keys(properties);
    if (names.length === 0) {
      if (extra === false) return 'Record<string, never>';
      if (extra !== undefined && extra !== true && typeof extra === 'object') return `Record<string, ${this.typeOf(extra as JsonSchema, indent)}>`;
      return 'Record<string, unknown>';
    }
    const inner = indent + INDENT;
    let out = '{\n';
    for (const name of names) {
      const property = properties[name]!;
      out += docComment([property.description as string | undefined], inner);
      out += `${inner}${propertyKey(name)}${required.has(name) ? '' : '?'}: ${this.typeOf(property, inner)};\n`;
    }
    if (extra === true || (typeof extra === 'object' && extra !== null)) out += `${inner}[key: string]: unknown;\n`;
    return `${out}${indent}}`;
  }

  /** `export interface` for object types (readable in editors), `export type` for everything else. */
  declaration(name: string, schema: JsonSchema | undefined, description?: string): string {
    const type = this.typeOf(schema, '');
    const doc = docComment([description], '');
    if (type.startsWith('{\n')) return `\n${doc}export interface ${name} ${type}\n`;
    return `\n${doc}export type ${name} = ${type};\n`;
  }
}

/** `get`, `/v1/honeypots/{id}/deliveries` → `GetHoneypotsByIdDeliveries`. */
export function operationName(method: string, path: string): string {
  const prefix = SURFACE_PREFIXES.find((p) => path === p || path.startsWith(`${p}/`)) ?? '';
  const parts = path
    .slice(prefix.length)
    .split('/')
    .filter((part) => part !== '')
    .map((part) => (part.startsWith('{') ? `By${pascal(part.slice(1, -1))}` : pascal(part)));
  return pascal(method) + parts.join('');
}

function sortedOperations(doc: OpenApiDocument): Array<{ method: string; path: string; op: Operation }> {
  const list: Array<{ method: string; path: string; op: Operation }> = [];
  for (const path of Object.keys(doc.paths).sort()) {
    const item = doc.paths[path]!;
    for (const method of METHODS) {
      const op = item[method];
      if (op !== undefined) list.push({ method, path, op });
    }
  }
  return list;
}

function parameterObject(params: Parameter[], widen: boolean): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const param of params) {
    properties[param.name] = { ...(param.schema ?? {}), description: param.description ?? (param.schema?.description as string | undefined), 'x-query': widen };
    if (param.required === true) required.push(param.name);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

/** Query parameters arrive as text: a plain string parameter also takes numbers and booleans; an untyped one any QueryValue. */
class QueryTypeWriter extends TypeWriter {
  override typeOf(schema: JsonSchema | undefined, indent: string): string {
    if (schema !== undefined && schema['x-query'] === true) {
      const { 'x-query': _flag, ...rest } = schema;
      const keys = Object.keys(rest).filter((key) => key !== 'description');
      if (keys.length === 0) return 'QueryValue';
      if (rest.type === 'string' && rest.enum === undefined && rest.format === undefined) return 'string | number | boolean';
      if (rest.type === 'integer' || rest.type === 'number') return 'number | string';
      if (rest.type === 'boolean') return 'boolean | string';
      return super.typeOf(rest, indent);
    }
    return super.typeOf(schema, indent);
  }
}

function successResponses(op: Operation): JsonSchema[] {
  const schemas: JsonSchema[] = [];
  const seen = new Set<string>();
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    if (!/^2\d\d$/.test(status)) continue;
    const schema = response.content?.['application/json']?.schema ?? { type: 'string', format: 'binary' };
    const key = JSON.stringify(schema);
    if (!seen.has(key)) {
      seen.add(key);
      schemas.push(schema);
    }
  }
  return schemas;
}

const HEADER = `/**
 * Types of the Mailwarden API, generated from the server's OpenAPI document (GET /v1/openapi.json).
 *
 * DO NOT EDIT. Regenerate after changing a route schema:
 *   npm run -w @mailwarden/sdk generate
 * (test/sdk/generated-types.test.ts fails when this file and the live document disagree).
 */

/** A query parameter value; arrays repeat the parameter (\`x=gte:1&x=lt:5\`). */
export type QueryValue = string | number | boolean | ReadonlyArray<string | number | boolean>;
`;

export function generateTypes(doc: OpenApiDocument): string {
  const writer = new TypeWriter(doc);
  const queryWriter = new QueryTypeWriter(doc);
  const out: string[] = [HEADER];

  out.push('\n// ---- component schemas ----\n');
  for (const [key, schema] of Object.entries(doc.components?.schemas ?? {})) {
    out.push(writer.declaration(writer.componentNames.get(key)!, schema, schema.description as string | undefined));
  }

  const names = new Map<string, string>();
  const map: string[] = [];
  for (const { method, path, op } of sortedOperations(doc)) {
    const name = operationName(method, path);
    const clash = names.get(name);
    if (clash !== undefined) throw new Error(`Two operations would share the type name ${name}: ${clash} and ${method.toUpperCase()} ${path}. Rename a route or teach operationName() to tell them apart.`);
    names.set(name, `${method.toUpperCase()} ${path}`);
    out.push(`\n// ---- ${method.toUpperCase()} ${path}${op.summary === undefined ? '' : `: ${op.summary}`} ----\n`);
    const entry: Record<string, string> = { params: 'undefined', query: 'undefined', body: 'undefined', response: `${name}Response` };

    const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
    if (pathParams.length > 0) {
      out.push(writer.declaration(`${name}Params`, parameterObject(pathParams, false)));
      entry.params = `${name}Params`;
    }
    const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query' && !SKIPPED_QUERY.has(p.name));
    if (queryParams.length > 0) {
      out.push(queryWriter.declaration(`${name}Query`, parameterObject(queryParams, true)));
      entry.query = `${name}Query`;
    }
    const bodySchema = op.requestBody?.content?.['application/json']?.schema;
    if (bodySchema !== undefined) {
      out.push(writer.declaration(`${name}Body`, bodySchema, bodySchema.description as string | undefined));
      entry.body = op.requestBody?.required === true ? `${name}Body` : `${name}Body | undefined`;
    }
    const responses = successResponses(op);
    const responseType = responses.length === 1 ? responses[0] : { anyOf: responses };
    out.push(writer.declaration(`${name}Response`, responseType, [op.summary, op.description].filter(Boolean).join('\n\n')));
    map.push(`  ${JSON.stringify(`${method.toUpperCase()} ${path}`)}: { params: ${entry.params}; query: ${entry.query}; body: ${entry.body}; response: ${entry.response} };`);
  }

  out.push('\n/** Every operation by `"METHOD /path"`: its path params, query, JSON body and success response. */\n');
  out.push(`export interface Operations {\n${map.join('\n')}\n}\n`);
  return out.join('');
}
