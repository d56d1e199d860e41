/**
 * Retry, backoff and timeout behaviour against a real local HTTP server that answers from a script
 * (429 with Retry-After, 5xx, dropped connections, silence), counting what reaches it: 429 is
 * retried for every method honouring Retry-After (seconds or HTTP date); 5xx, network errors and
 * timeouts only for idempotent methods; POST never.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import Mailwarden, { ConnectionError, InternalServerError, RateLimitError, surfaceRoots, TimeoutError, type MailwardenOptions } from '@mailwarden/sdk';
import { backoffMs } from '../../packages/sdk/src/retry.ts';
import { parseRetryAfter } from '../../packages/sdk/src/errors.ts';

type Answer = { status: number; headers?: Record<string, string>; body?: unknown } | 'drop' | 'hang';

const OK_USER = { id: 'user_1', email: 'a@example.com', name: null, plan: 'pro', role: 'user', created_at: '2026-03-12T00:00:00.000Z' };
const envelope = (data: unknown) => ({ success: true, data, meta: { request_id: 'req_00000000000000000000', timestamp: '2026-03-12T00:00:00.000Z' } });

/** Answers requests from a queue (then 200 with a user); records method, path and arrival time. */
class ScriptedServer {
  readonly requests: Array<{ method: string; path: string; at: number }> = [];
  private readonly script: Answer[] = [];
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly hanging = new Set<http.ServerResponse>();

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  answer(...answers: Answer[]): void {
    this.script.length = 0;
    this.requests.length = 0;
    this.script.push(...answers);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume();
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', at: Date.now() });
    const answer = this.script.shift() ?? { status: 200, body: envelope(OK_USER) };
    if (answer === 'drop') {
      req.socket.destroy();
      return;
    }
    if (answer === 'hang') {
      this.hanging.add(res);
      return;
    }
    const body = JSON.stringify(answer.body ?? { success: false, error: { code: 'internal_error', message: 'boom' }, meta: { request_id: 'req_11111111111111111111', timestamp: '' } });
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(body);
  }
}

const RATE_LIMITED = (retryAfter: string): Answer => ({ status: 429, headers: { 'retry-after': retryAfter }, body: { error: 'rate_limit_exceeded', message: `Rate limit exceeded. Try again in ${retryAfter} seconds.` } });

let scripted: ScriptedServer;
let baseUrl: string;
const clientWith = (options: MailwardenOptions = {}) => new Mailwarden({ apiKey: 'sk_live_test', baseUrl, retryBaseDelayMs: 10, maxRetryDelayMs: 50, ...options });

before(async () => {
  scripted = new ScriptedServer();
  baseUrl = await scripted.start();
});
after(() => scripted.close());
beforeEach(() => scripted.answer());

describe('429', () => {
  test('waits Retry-After seconds, then succeeds', async () => {
    scripted.answer(RATE_LIMITED('1'));
    const me = await clientWith().users.me();
    assert.equal(me.id, 'user_1');
    assert.equal(scripted.requests.length, 2);
    const waited = scripted.requests[1]!.at - scripted.requests[0]!.at;
    assert.ok(waited >= 950 && waited < 3_000, `waited ${waited} ms`);
  });

  test('honours Retry-After as an HTTP date', async () => {
    scripted.answer(RATE_LIMITED(new Date(Date.now() + 2_000).toUTCString()));
    await clientWith().users.me();
    const waited = scripted.requests[1]!.at - scripted.requests[0]!.at;
    // HTTP dates have whole seconds: the wait is between 1 and 2 s.
    assert.ok(waited >= 900 && waited < 3_000, `waited ${waited} ms`);
  });

  test('retries a POST too (the server did nothing), up to maxRetries, then throws the RateLimitError', async () => {
    scripted.answer(RATE_LIMITED('0'), RATE_LIMITED('0'), RATE_LIMITED('0'), RATE_LIMITED('0'));
    const error = await clientWith({ maxRetries: 2 }).honeypots.create({ email_address: 'a@b.example' }).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.retryAfter, 0);
    assert.equal(error.code, 'rate_limit_exceeded');
    assert.deepEqual(scripted.requests.map((r) => r.method), ['POST', 'POST', 'POST']);
  });

  test('a Retry-After above maxRetryAfterSeconds is thrown at once', async () => {
    scripted.answer(RATE_LIMITED('3600'));
    const error = await clientWith().users.me().then(() => null, (e: unknown) => e);
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.retryAfter, 3600);
    assert.equal(scripted.requests.length, 1);
  });
});

describe('5xx and network errors', () => {
  test('GET is retried with backoff and succeeds', async () => {
    scripted.answer({ status: 503 }, { status: 500 });
    assert.equal((await clientWith().users.me()).id, 'user_1');
    assert.equal(scripted.requests.length, 3);
  });

  test('GET gives up after maxRetries with the last error', async () => {
    scripted.answer({ status: 500 }, { status: 502 }, { status: 500 }, { status: 500 });
    const error = await clientWith({ maxRetries: 2 }).users.me().then(() => null, (e: unknown) => e);
    assert.ok(error instanceof InternalServerError);
    assert.equal(error.status, 500);
    assert.equal(error.requestId, 'req_11111111111111111111');
    assert.equal(scripted.requests.length, 3);
  });

  test('POST is never retried on 5xx', async () => {
    scripted.answer({ status: 503 });
    await assert.rejects(clientWith().honeypots.create({ email_address: 'a@b.example' }), InternalServerError);
    assert.equal(scripted.requests.length, 1);
  });

  test('a dropped connection: GET and DELETE retried, POST not', async () => {
    scripted.answer('drop');
    assert.equal((await clientWith().users.me()).id, 'user_1');
    assert.equal(scripted.requests.length, 2);

    scripted.answer('drop', { status: 200, body: envelope({ id: 'honeypot_1', deleted: true }) });
    assert.deepEqual(await clientWith().honeypots.delete('honeypot_1'), { id: 'honeypot_1', deleted: true });
    assert.deepEqual(scripted.requests.map((r) => `${r.method} ${r.path}`), ['DELETE /v1/honeypots/honeypot_1', 'DELETE /v1/honeypots/honeypot_1']);

    scripted.answer('drop');
    const error = await clientWith().emails.ingest('Subject: x\r\n\r\nbody').then(() => null, (e: unknown) => e);
    assert.ok(error instanceof ConnectionError);
    assert.equal(error.status, 0);
    assert.match(error.message, /POST http:\/\/127\.0\.0\.1:\d+\/v1\/emails failed before a response arrived/);
    assert.equal(scripted.requests.length, 1);
  });

  test('a silent server: TimeoutError after timeoutMs; an idempotent call retries', async () => {
    scripted.answer('hang');
    const started = Date.now();
    const error = await clientWith({ timeoutMs: 200, maxRetries: 0 }).users.me().then(() => null, (e: unknown) => e);
    assert.ok(error instanceof TimeoutError);
    assert.equal(error.code, 'timeout');
    assert.ok(Date.now() - started < 2_000);

    scripted.answer('hang');
    assert.equal((await clientWith({ timeoutMs: 200 }).users.me()).id, 'user_1');
    assert.equal(scripted.requests.length, 2);
  });

  test('aborting during the wait between retries rejects at once with the reason', async () => {
    scripted.answer(RATE_LIMITED('30'));
    const controller = new AbortController();
    const pending = clientWith().users.me({ signal: controller.signal });
    while (scripted.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('user gave up'));
    await assert.rejects(pending, /user gave up/);
  });
});

describe('building blocks', () => {
  test('backoff doubles up to the cap, with jitter in [0.5, 1)', () => {
    const options = { retryBaseDelayMs: 500, maxRetryDelayMs: 8_000 };
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((a) => backoffMs(a, options, () => 0.999999)), [500, 1000, 2000, 4000, 8000, 8000]);
    assert.deepEqual([0, 1, 2].map((a) => backoffMs(a, options, () => 0)), [250, 500, 1000]);
  });

  test('Retry-After parsing and surface roots', () => {
    assert.equal(parseRetryAfter('12'), 12);
    assert.equal(parseRetryAfter('Thu, 12 Mar 2026 14:00:10 GMT', Date.parse('2026-03-12T14:00:00Z')), 10);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.deepEqual(surfaceRoots('https://mw.example.com/v1'), { threat: 'https://mw.example.com/v1', deliverability: 'https://mw.example.com/api/v1' });
    assert.deepEqual(surfaceRoots('https://mw.example.com/'), { threat: 'https://mw.example.com/v1', deliverability: 'https://mw.example.com/api/v1' });
    assert.deepEqual(surfaceRoots('https://example.com/mw/api/v1/'), { threat: 'https://example.com/mw/v1', deliverability: 'https://example.com/mw/api/v1' });
    assert.throws(() => new Mailwarden({ baseUrl: 'mw.example.com' }), /absolute URL/);
  });
});
