/**
 * Typed errors from a live server: each status becomes its class with the API's code, message,
 * details (the offending field) and request id; another tenant's id is a 404; a real rate limit
 * is a RateLimitError carrying Retry-After.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Mailwarden, {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  MailwardenError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from '@mailwarden/sdk';
import { startSdkServer, trapAddress, type SdkServer } from './support.ts';

let server: SdkServer;
let client: Mailwarden;

before(async () => {
  server = await startSdkServer();
  ({ client } = await server.tenant(['read', 'write']));
});
after(() => server.close());

async function failure(promise: Promise<unknown>): Promise<MailwardenError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  assert.ok(error instanceof MailwardenError, `expected a MailwardenError, got ${String(error)}`);
  return error;
}

test('422: a honeypot domain the server does not receive, naming the field', async () => {
  const error = await failure(client.honeypots.create({ email_address: 'trap@elsewhere.example', purpose: 'trap' }));
  assert.ok(error instanceof UnprocessableEntityError);
  assert.equal(error.status, 422);
  assert.equal(error.code, 'unprocessable');
  assert.equal(error.field, 'email_address');
  assert.equal(error.details?.value, 'trap@elsewhere.example');
  assert.equal(error.surface, 'threat');
  assert.match(error.requestId ?? '', /^req_[0-9a-f]{20}$/);
  assert.match(error.message, /elsewhere\.example/);
});

test('404: another tenant\'s honeypot is not found, never forbidden', async () => {
  const owner = await server.tenant(['read', 'write']);
  const theirs = await owner.client.honeypots.create({ email_address: trapAddress('theirs'), purpose: 'trap' });
  const error = await failure(client.honeypots.get(theirs.id));
  assert.ok(error instanceof NotFoundError);
  assert.equal(error.code, 'not_found');
  await assert.rejects(client.honeypots.delete(theirs.id), NotFoundError);
  assert.equal((await owner.client.honeypots.get(theirs.id)).id, theirs.id, 'still there for its owner');
});

test('400: an invalid filter names the parameter', async () => {
  const error = await failure(client.emails.list({ threat_score: 'gte:abc' }));
  assert.ok(error instanceof BadRequestError);
  assert.equal(error.code, 'validation_error');
  assert.match(error.field ?? '', /threat_score/);
});

test('409: a duplicate honeypot address', async () => {
  const address = trapAddress('dup');
  await client.honeypots.create({ email_address: address, purpose: 'trap' });
  const error = await failure(client.honeypots.create({ email_address: address, purpose: 'trap' }));
  assert.ok(error instanceof ConflictError);
  assert.equal(error.code, 'conflict');
});

test('401 and 403: a wrong key, a key without the scope', async () => {
  const wrong = new Mailwarden({ apiKey: 'sk_live_not-a-real-key-0000000000000000000000', baseUrl: server.baseUrl });
  const unauthenticated = await failure(wrong.users.me());
  assert.ok(unauthenticated instanceof AuthenticationError);
  assert.equal(unauthenticated.code, 'unauthorized');

  const readOnly = await server.tenant(['emails:read']);
  const denied = await failure(readOnly.client.honeypots.create({ email_address: trapAddress(), purpose: 'trap' }));
  assert.ok(denied instanceof PermissionDeniedError);
  assert.equal(denied.details?.required_scope, 'honeypots:write');
});

test('429: a key over its own rate limit gets a RateLimitError with retryAfter', async () => {
  const user = await server.t.createUser('enterprise');
  const key = await server.t.createKey(user.id, ['read'], { perMinute: 1 });
  // Retry-After (seconds to the next minute on the server's clock) is above maxRetryAfterSeconds: thrown at once.
  const limited = new Mailwarden({ apiKey: key, baseUrl: server.baseUrl, maxRetryAfterSeconds: 5 });
  await limited.users.me();
  const started = Date.now();
  const error = await failure(limited.users.me());
  assert.ok(error instanceof RateLimitError);
  assert.equal(error.status, 429);
  assert.equal(error.code, 'rate_limit_exceeded');
  assert.match(error.message, /Try again in \d+ seconds/);
  assert.ok(error.retryAfter !== undefined && error.retryAfter > 5 && error.retryAfter <= 60, `retryAfter ${error.retryAfter}`);
  assert.equal(error.headers?.get('x-ratelimit-remaining'), '0');
  assert.ok(Date.now() - started < 2_000, 'no wait when Retry-After is above the limit');
});
