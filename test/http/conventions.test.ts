import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { after, before, describe, it } from 'node:test';
import { dataEnvelope, sendData, threatResponses } from '../../src/http/threat/envelope.ts';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';

/** Probe routes mounted inside each surface, to exercise validation and the error mappers. */
const EchoBody = Type.Object(
  { name: Type.String({ minLength: 1 }), count: Type.Integer({ minimum: 0 }), kind: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')])) },
  { additionalProperties: false },
);

const threatProbe: FastifyPluginAsync = async (app) => {
  app.post(
    '/probe/echo',
    { config: { scope: 'users:read' }, schema: { body: EchoBody, response: threatResponses({ 200: dataEnvelope(EchoBody) }) } },
    async (request, reply) => sendData(request, reply, request.body),
  );
  app.get('/probe/crash', { config: { scope: 'users:read' } }, async () => {
    throw new Error('SELECT secret_column FROM internal_table failed');
  });
};

const deliverabilityProbe: FastifyPluginAsync = async (app) => {
  app.post('/probe/echo', { schema: { body: EchoBody } }, async (request) => request.body);
  app.get('/probe/crash', async () => {
    throw new Error('SELECT secret_column FROM internal_table failed');
  });
};

describe('response conventions (CONTRACT.md §1.3)', () => {
  let t: TestApp;
  let key: string;
  before(async () => {
    t = await createTestApp({ env: { BODY_LIMIT_BYTES: '2048' }, extraRoutes: { threat: [threatProbe], deliverability: [deliverabilityProbe] } });
    const user = await t.createUser('pro');
    key = await t.createKey(user.id, ['read', 'write']);
  });
  after(() => t.close());

  const post = (url: string, payload: string, contentType = 'application/json') =>
    t.app.inject({ method: 'POST', url, payload, headers: { ...bearer(key), 'content-type': contentType } });

  it('wraps /v1 success in the envelope with request id and timestamp', async () => {
    const res = await post('/v1/probe/echo', JSON.stringify({ name: 'x', count: 2 }));
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(body.data, { name: 'x', count: 2 });
    assert.equal(body.success, true);
    assert.match(body.meta.request_id, /^req_[0-9a-f]{20}$/);
    assert.equal(body.meta.request_id, res.headers['x-request-id']);
    assert.match(body.meta.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('returns bare objects on /api/v1', async () => {
    const res = await post('/api/v1/probe/echo', JSON.stringify({ name: 'x', count: 2 }));
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { name: 'x', count: 2 });
  });

  const badBodies: Array<{ name: string; payload: string; field: string; status?: number; contentType?: string }> = [
    { name: 'malformed JSON', payload: '{"name": "x", ', field: 'body' },
    { name: 'a wrong type (no coercion of "3" to 3)', payload: '{"name": "x", "count": "3"}', field: 'count' },
    { name: 'a missing field', payload: '{"count": 3}', field: 'name' },
    { name: 'an unknown field', payload: '{"name": "x", "count": 3, "admin": true}', field: 'admin' },
    { name: 'a value outside the enum', payload: '{"name": "x", "count": 3, "kind": "z"}', field: 'kind' },
    { name: 'an oversized body', payload: JSON.stringify({ name: 'x'.repeat(4096), count: 1 }), field: 'body', status: 413 },
    { name: 'an unsupported content type', payload: 'name=x', field: 'body', status: 415, contentType: 'application/x-www-form-urlencoded' },
  ];

  for (const c of badBodies) {
    it(`answers ${c.name} with ${c.status ?? 400} naming the field, on both surfaces`, async () => {
      const threat = await post('/v1/probe/echo', c.payload, c.contentType);
      assert.equal(threat.statusCode, c.status ?? 400);
      const body = threat.json();
      assert.equal(body.success, false);
      assert.equal(body.error.details.field, c.field);
      assert.ok(body.error.message.length > 10);
      if ((c.status ?? 400) === 400) assert.equal(body.error.code, 'validation_error');

      const deliverability = await post('/api/v1/probe/echo', c.payload, c.contentType);
      assert.equal(deliverability.statusCode, c.status ?? 400);
      assert.deepEqual(Object.keys(deliverability.json()), ['error']);
      if (c.field !== 'body') assert.match(deliverability.json().error, new RegExp(c.field));
    });
  }

  it('reports the offending value for validation errors', async () => {
    const res = await post('/v1/probe/echo', '{"name": "x", "count": -4}');
    assert.equal(res.statusCode, 400);
    assert.deepEqual({ field: res.json().error.details.field, value: res.json().error.details.value }, { field: 'count', value: -4 });
  });

  it('hides internals on a 500 and carries the request id the log line carries', async () => {
    for (const url of ['/v1/probe/crash', '/api/v1/probe/crash']) {
      const res = await t.app.inject({ method: 'GET', url, headers: bearer(key) });
      assert.equal(res.statusCode, 500);
      assert.ok(!res.body.includes('secret_column'), 'no SQL or message leaks');
      assert.ok(!res.body.includes('at '), 'no stack trace');
      const requestId = res.headers['x-request-id'] as string;
      assert.ok(res.body.includes(requestId), 'the body carries the request id');
      const logged = t.logs.find((l) => l.request_id === requestId && l.level === 'error' && l.err !== undefined);
      assert.ok(logged, 'the error is logged under the same request id');
      assert.match(JSON.stringify(logged), /secret_column/, 'the log keeps the detail for operators');
    }
  });

  it('404s unknown routes in each surface\'s shape', async () => {
    const threat = await t.app.inject({ method: 'GET', url: '/v1/nope', headers: bearer(key) });
    assert.equal(threat.statusCode, 404);
    assert.equal(threat.json().error.code, 'not_found');
    const deliverability = await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: bearer(key) });
    assert.equal(deliverability.statusCode, 404);
    assert.match(deliverability.json().error, /No route/);
  });

  it('writes one structured log line per request with its request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    const line = t.logs.find((l) => l.request_id === res.headers['x-request-id'] && l.msg === 'request completed');
    assert.ok(line);
    assert.equal(line.status, 200);
    assert.equal(line.url, '/api/v1/health');
  });
});
