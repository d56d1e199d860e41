import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';

describe('health, OpenAPI and metrics', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('GET /api/v1/health answers ok with version and timestamp, without a key', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), ['status', 'timestamp', 'version']);
    assert.equal(body.status, 'ok');
    assert.equal(body.version, '0.0.0-test');
    assert.ok(!Number.isNaN(Date.parse(body.timestamp)));
  });

  it('GET /v1/openapi.json is an OpenAPI 3 document covering both surfaces, generated from route schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/api/v1/health'].get);
    const me = doc.paths['/v1/users/me'].get;
    assert.ok(me, 'threat route documented');
    assert.ok(me.responses['200'], 'success response documented');
    assert.ok(me.responses['429'], 'rate-limit response documented');
    assert.ok(doc.components.securitySchemes.bearer);
    assert.equal(doc.paths['/metrics'], undefined, 'operational routes stay out of the API document');
  });

  it('documents every account endpoint (sign-in, users, API keys, audit) in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    const expected: Array<[string, string]> = [
      ['post', '/v1/auth/login'],
      ['post', '/v1/auth/verify'],
      ['post', '/v1/auth/refresh'],
      ['post', '/v1/auth/logout'],
      ['get', '/v1/users/me'],
      ['patch', '/v1/users/me'],
      ['get', '/v1/users/me/audit'],
      ['get', '/v1/users/{id}'],
      ['patch', '/v1/users/{id}'],
      ['delete', '/v1/users/{id}'],
      ['get', '/v1/api-keys'],
      ['post', '/v1/api-keys'],
      ['get', '/v1/api-keys/{id}'],
      ['patch', '/v1/api-keys/{id}'],
      ['delete', '/v1/api-keys/{id}'],
      ['post', '/v1/api-keys/{id}/regenerate'],
    ];
    for (const [method, route] of expected) {
      const operation = doc.paths[route]?.[method];
      assert.ok(operation, `${method.toUpperCase()} ${route} is documented`);
      assert.ok(operation.summary, `${method.toUpperCase()} ${route} has a summary`);
      assert.ok(Object.keys(operation.responses).some((code) => code.startsWith('2')), `${method.toUpperCase()} ${route} documents its success`);
    }
    assert.equal(doc.paths['/v1/auth/login'].post.security, undefined, 'sign-in needs no key');
    assert.ok(doc.paths['/v1/auth/login'].post.requestBody, 'request bodies come from the validating schemas');
  });

  it('GET /v1/swagger serves Swagger UI', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/swagger/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /swagger/i);
  });

  it('GET /metrics exposes Prometheus metrics including request durations by route', async () => {
    const user = await t.createUser('pro');
    const key = await t.createKey(user.id, ['read']);
    await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(key) });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/plain/);
    assert.match(res.body, /mailwarden_http_request_duration_seconds_count\{method="GET",route="\/v1\/users\/me",status_code="200"\} 1/);
    assert.match(res.body, /mailwarden_process_cpu_seconds_total/);
  });

  it('reports degraded with 503 when the database is unreachable', async () => {
    const broken = await createTestApp();
    await broken.testDb.db.close();
    const res = await broken.app.inject({ method: 'GET', url: '/api/v1/health' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().status, 'degraded');
    await broken.app.close();
    await broken.testDb.cleanup().catch(() => {});
  });
});
