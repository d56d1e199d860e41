/**
 * Verifying a webhook delivery, with either of the two signatures every delivery carries
 * (CONTRACT.md §3.4, src/webhooks/delivery/signing.ts on the server):
 *
 * - Standard Webhooks: `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature:
 *   v1,<base64(HMAC-SHA256(key, "<id>.<timestamp>.<raw body>"))>` (several space-separated entries are
 *   allowed). The key of a `whsec_<base64>` secret is its decoded bytes; any other secret is its UTF-8
 *   bytes. The timestamp must be within `toleranceSeconds` of now: the replay protection.
 * - Documented scheme: `X-Webhook-Signature: base64(HMAC-SHA256(secret as UTF-8, raw body))`. It has no
 *   timestamp, so it cannot detect a replayed delivery.
 *
 * With `scheme: 'auto'` (default) the Standard Webhooks headers are verified when present, else the
 * documented header. Comparison is done by `crypto.subtle.verify`, which compares in constant time.
 * Web Crypto only: works in Node 18+, browsers, Deno, Bun and edge runtimes.
 *
 * Pass the body exactly as received (string or bytes), before any JSON parsing: re-serialised JSON
 * does not match the signature.
 */

export interface WebhookEvent<T = Record<string, unknown>> {
  /** The event id (also `webhook-id`); the same on every retry, so use it to ignore duplicates. */
  id: string;
  /** `email.received`, `threat.detected`, `pattern.detected`, `system.alert` or `webhook.test`. */
  type: string;
  created_at: string;
  data: T;
}

export interface VerifyWebhookOptions {
  /** Largest accepted distance between `webhook-timestamp` and now, in seconds. Default 300 (5 minutes). */
  toleranceSeconds?: number;
  /** The current time (ms since the epoch, or a Date). Default `Date.now()`. */
  now?: number | Date;
  /** Which signature to require. Default `auto`: Standard Webhooks when its headers are present, else `X-Webhook-Signature`. */
  scheme?: 'auto' | 'standard' | 'plain';
}

export type WebhookVerificationReason = 'missing_signature' | 'invalid_signature' | 'timestamp_out_of_range' | 'malformed_payload';

export class WebhookVerificationError extends Error {
  readonly reason: WebhookVerificationReason;
  constructor(reason: WebhookVerificationReason, message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
    this.reason = reason;
  }
}

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

const STANDARD_PREFIX = 'whsec_';
const encoder = new TextEncoder();

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

function bytesOf(body: string | Uint8Array | ArrayBuffer): Uint8Array<ArrayBuffer> {
  if (typeof body === 'string') return encoder.encode(body);
  // new Uint8Array(view) copies the view's bytes; view.buffer could be a larger pool (Node's Buffer).
  return body instanceof ArrayBuffer ? new Uint8Array(body.slice(0)) : new Uint8Array(body);
}

/** Standard base64 to bytes; null when it is not base64. */
function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    const binary = atob(text.trim());
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

async function hmacVerify(key: Uint8Array<ArrayBuffer>, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return crypto.subtle.verify('HMAC', cryptoKey, signature, data);
}

function standardKey(secret: string): Uint8Array<ArrayBuffer> {
  if (!secret.startsWith(STANDARD_PREFIX)) return encoder.encode(secret);
  const key = fromBase64(secret.slice(STANDARD_PREFIX.length));
  if (key === null) throw new TypeError('The webhook secret starts with whsec_ but the rest is not base64; pass the secret exactly as the API returned it.');
  return key;
}

async function verifyStandard(body: Uint8Array<ArrayBuffer>, headers: WebhookHeaders, secret: string, options: VerifyWebhookOptions): Promise<void> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (id === undefined || timestamp === undefined || signatures === undefined) {
    throw new WebhookVerificationError('missing_signature', 'The webhook-id, webhook-timestamp and webhook-signature headers are required (Standard Webhooks).');
  }
  const seconds = Number(timestamp);
  const now = options.now === undefined ? Date.now() : Number(options.now);
  const tolerance = options.toleranceSeconds ?? 300;
  if (!/^\d+$/.test(timestamp) || Math.abs(now / 1000 - seconds) > tolerance) {
    throw new WebhookVerificationError('timestamp_out_of_range', `webhook-timestamp ${timestamp} is more than ${tolerance} s from now: a replayed or delayed delivery, or a wrong clock.`);
  }
  const key = standardKey(secret);
  const signed = concat(encoder.encode(`${id}.${timestamp}.`), body);
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || value === undefined) continue;
    const signature = fromBase64(value);
    if (signature !== null && (await hmacVerify(key, signature, signed))) return;
  }
  throw new WebhookVerificationError('invalid_signature', 'No webhook-signature entry matches this body and secret.');
}

async function verifyPlain(body: Uint8Array<ArrayBuffer>, headers: WebhookHeaders, secret: string): Promise<void> {
  const value = header(headers, 'x-webhook-signature');
  if (value === undefined) throw new WebhookVerificationError('missing_signature', 'The X-Webhook-Signature header is missing.');
  const signature = fromBase64(value);
  if (signature === null || !(await hmacVerify(encoder.encode(secret), signature, body))) {
    throw new WebhookVerificationError('invalid_signature', 'X-Webhook-Signature does not match this body and secret.');
  }
}

/**
 * Verifies a delivery and returns its parsed event; throws `WebhookVerificationError` (with a
 * `reason`) when the signature, timestamp or payload is wrong.
 */
export async function verifyWebhook<T = Record<string, unknown>>(
  rawBody: string | Uint8Array | ArrayBuffer,
  headers: WebhookHeaders,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent<T>> {
  if (typeof secret !== 'string' || secret === '') throw new TypeError('verifyWebhook needs the endpoint\'s secret (returned when the webhook was created).');
  const body = bytesOf(rawBody);
  const scheme = options.scheme ?? 'auto';
  const useStandard = scheme === 'standard' || (scheme === 'auto' && header(headers, 'webhook-signature') !== undefined);
  if (useStandard) await verifyStandard(body, headers, secret, options);
  else await verifyPlain(body, headers, secret);
  try {
    const event = JSON.parse(new TextDecoder().decode(body)) as WebhookEvent<T>;
    if (typeof event?.id !== 'string' || typeof event.type !== 'string') throw new Error('not an event');
    return event;
  } catch {
    throw new WebhookVerificationError('malformed_payload', 'The signature is valid but the body is not a {id, type, created_at, data} event.');
  }
}
