/**
 * The SDK's types never drift from the server: the OpenAPI document of the app built from this
 * checkout, regenerated, must equal the checked-in packages/sdk/src/generated/openapi.ts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { GENERATED_FILE } from '../../packages/sdk/scripts/generate-types.ts';
import { generateTypes, operationName, type OpenApiDocument } from '../../packages/sdk/scripts/openapi-to-ts.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let doc: OpenApiDocument;

before(async () => {
  t = await createTestApp();
  const response = await t.app.inject({ method: 'GET', url: '/v1/openapi.json' });
  assert.equal(response.statusCode, 200);
  doc = response.json() as OpenApiDocument;
});
after(() => t.close());

test('the checked-in generated types match the live OpenAPI document', () => {
  const expected = generateTypes(doc);
  const actual = fs.readFileSync(GENERATED_FILE, 'utf8');
  if (actual !== expected) {
    const a = actual.split('\n');
    const e = expected.split('\n');
    const line = e.findIndex((text, i) => text !== a[i]);
    assert.fail(
      `packages/sdk/src/generated/openapi.ts is out of date with the server's OpenAPI document (first difference at line ${line + 1}:\n` +
        `  checked in: ${a[line] ?? '<end of file>'}\n  generated:  ${e[line] ?? '<end of file>'}).\n` +
        'Regenerate it: npm run -w @mailwarden/sdk generate   (or: npx node packages/sdk/scripts/generate-types.ts)',
    );
  }
});

test('every operation of both surfaces is in the generated Operations map', () => {
  const source = fs.readFileSync(GENERATED_FILE, 'utf8');
  let count = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) {
      count += 1;
      assert.ok(source.includes(`"${method.toUpperCase()} ${path}": {`), `${method.toUpperCase()} ${path} is missing`);
      assert.ok(source.includes(`${operationName(method, path)}Response`), `${operationName(method, path)}Response is missing`);
    }
  }
  assert.ok(count >= 60, `only ${count} operations in the document`);
  assert.ok(source.includes('"GET /api/v1/mailboxes": {') && source.includes('"GET /v1/emails": {'), 'both surfaces');
});

test('the generator maps the JSON Schema the document uses', () => {
  const source = generateTypes({
    openapi: '3.1.0',
    components: { schemas: { 'def-0': { title: 'Thing', type: 'object', required: ['id'], properties: { id: { type: 'string' }, n: { anyOf: [{ type: 'integer' }, { type: 'null' }] } } } } },
    paths: {
      '/v1/things/{id}': {
        get: {
          summary: 'Get a thing */ safely',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'limit', in: 'query', schema: { type: 'string' } },
            { name: 'score', in: 'query', schema: {} },
            { name: 'api_key', in: 'query', schema: { type: 'string' } },
          ],
          responses: { 200: { content: { 'application/json': { schema: { type: 'object', properties: { data: { $ref: '#/components/schemas/def-0' }, tags: { type: 'array', items: { enum: ['a', 'b'] } } } } } } } },
        },
      },
      '/v1/things/{id}/file': { get: { responses: { 200: { content: { 'application/json': { schema: { type: 'string', format: 'binary' } } } } } } },
    },
  });
  assert.match(source, /export interface Thing \{\n {2}id: string;\n {2}n\?: number \| null;\n\}/);
  assert.match(source, /export interface GetThingsByIdParams \{\n {2}id: string;\n\}/);
  assert.match(source, /limit\?: string \| number \| boolean;/);
  assert.match(source, /score\?: QueryValue;/);
  assert.doesNotMatch(source, /api_key/);
  assert.match(source, /data\?: Thing;\n {2}tags\?: Array<"a" \| "b">;/);
  assert.match(source, /Get a thing \*\\\/ safely/);
  assert.match(source, /export type GetThingsByIdFileResponse = Uint8Array;/);
  assert.throws(() => generateTypes({ openapi: '3.1.0', paths: { '/v1/a': { get: {} }, '/api/v1/a': { get: {} } } }), /share the type name GetA/);
});
