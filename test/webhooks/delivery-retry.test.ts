/**
 * Retry policy and the request's bounds, without a database: outcome classes, backoff growth and cap,
 * Retry-After parsing, and a receiver answering with an endless body.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { MAX_RESPONSE_BYTES, postJson } from '../../src/webhooks/delivery/http-post.ts';
import { backoffMs, MAX_DELAY_MS, retryAfterMs, RETRY_WINDOW_MS, verdictFor } from '../../src/webhooks/delivery/retry.ts';

test('2xx delivers; timeouts, 5xx, 408 and 429 retry; other statuses are final', () => {
  assert.equal(verdictFor(200), 'delivered');
  assert.equal(verdictFor(204), 'delivered');
  for (const status of [null, 500, 502, 503, 408, 429]) assert.equal(verdictFor(status), 'retry', String(status));
  for (const status of [301, 400, 401, 403, 404, 410, 422]) assert.equal(verdictFor(status), 'final', String(status));
});

test('backoff doubles from 30 s, is capped at 4 h and keeps at least half of its base', () => {
  assert.equal(backoffMs(1, () => 0), 15_000);
  assert.equal(backoffMs(1, () => 0.999_999_9), 30_000);
  assert.equal(backoffMs(3, () => 0.5), 90_000);
  assert.ok(backoffMs(40, () => 0.999_999_9) <= MAX_DELAY_MS && backoffMs(40, () => 0.999_999_9) > MAX_DELAY_MS - 10);
  assert.equal(backoffMs(40, () => 0), MAX_DELAY_MS / 2);
});

test('Retry-After is read as seconds or an HTTP date, and capped', () => {
  const now = Date.parse('2026-05-01T12:00:00Z');
  assert.equal(retryAfterMs('120', now), 120_000);
  assert.equal(retryAfterMs('Fri, 01 May 2026 12:05:00 GMT', now), 300_000);
  assert.equal(retryAfterMs('Fri, 01 May 2026 11:00:00 GMT', now), 0);
  assert.equal(retryAfterMs('99999999', now), RETRY_WINDOW_MS);
  assert.equal(retryAfterMs('soon', now), null);
  assert.equal(retryAfterMs(undefined, now), null);
});

test('reads at most 64 KiB of a response that never ends', async () => {
  let written = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200);
    const chunk = Buffer.alloc(16 * 1024, 'x');
    const pump = () => {
      while (!res.destroyed && written < 100 * 1024 * 1024 && res.write(chunk)) written += chunk.length;
      if (!res.destroyed && written < 100 * 1024 * 1024) res.once('drain', pump);
    };
    pump();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/big`);
  const result = await postJson({ url, address: '127.0.0.1', headers: {}, body: '{}', connectTimeoutMs: 2000, timeoutMs: 5000 });
  server.closeAllConnections();
  server.close();
  assert.equal(result.statusCode, 200);
  assert.equal(result.error, null);
  assert.ok(written < 100 * 1024 * 1024, `stopped reading early (server wrote ${written} bytes, limit ${MAX_RESPONSE_BYTES})`);
});

test('a refused connection is a person-readable error', async () => {
  const server = http.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  server.close();
  await once(server, 'close');
  const result = await postJson({ url: new URL(`http://127.0.0.1:${port}/`), address: '127.0.0.1', headers: {}, body: '{}', connectTimeoutMs: 2000, timeoutMs: 5000 });
  assert.equal(result.statusCode, null);
  assert.match(result.error ?? '', /refused the connection; is the receiver running/);
});
