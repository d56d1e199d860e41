/**
 * The two signatures on every delivery (CONTRACT.md §3.4), so both kinds of receiver can verify:
 *
 * - documented scheme: `X-Webhook-Signature: base64(HMAC-SHA256(key = the secret string as UTF-8, raw body))`;
 * - Standard Webhooks (https://www.standardwebhooks.com): `webhook-id` (the event id, the same on every
 *   retry, so receivers can de-duplicate), `webhook-timestamp` (unix seconds of this attempt; verifiers
 *   refuse timestamps more than 5 minutes off, which is the replay protection) and
 *   `webhook-signature: v1,<base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>"))>`. The key of a
 *   `whsec_<base64>` secret is its base64-decoded bytes (the standard's form, what `new Webhook(secret)`
 *   expects); any other secret string is used as its UTF-8 bytes (`new Webhook(secret, { format: 'raw' })`).
 *
 * A honeypot alert URL without a secret is signed with an empty key: the headers are present and
 * well-formed, but they prove nothing; set `alerts.webhook_secret` to make them meaningful.
 */
import { createHmac } from 'node:crypto';

const STANDARD_PREFIX = 'whsec_';

export const USER_AGENT = 'Mailwarden-Webhooks/1';

/** The HMAC key Standard Webhooks verifiers derive from `secret`. */
export function standardKey(secret: string): Buffer {
  return secret.startsWith(STANDARD_PREFIX) ? Buffer.from(secret.slice(STANDARD_PREFIX.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** Every header of one delivery attempt; `timestampSeconds` is the attempt's unix time. */
export function deliveryHeaders(secret: string | null, eventId: string, timestampSeconds: number, body: string): Record<string, string> {
  const plain = createHmac('sha256', Buffer.from(secret ?? '', 'utf8')).update(body).digest('base64');
  const standard = createHmac('sha256', standardKey(secret ?? '')).update(`${eventId}.${timestampSeconds}.${body}`).digest('base64');
  return {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'x-webhook-signature': plain,
    'webhook-id': eventId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': `v1,${standard}`,
  };
}

/**
 * The delivery body `{id, type, created_at, data}`. `dataJson` is the event's stored JSON, spliced in
 * as is (no parse and re-serialise per attempt), so every retry sends byte-identical bodies.
 */
export function deliveryBody(event: { id: string; type: string; created_at: string; data: string }): string {
  return `{"id":${JSON.stringify(event.id)},"type":${JSON.stringify(event.type)},"created_at":${JSON.stringify(event.created_at)},"data":${event.data}}`;
}
