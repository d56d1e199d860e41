/**
 * How a receiver checks that a delivery came from this server (README "Webhook deliveries"): every
 * delivery carries `X-Webhook-Signature` (base64 HMAC-SHA256 of the raw body with the secret) and the
 * Standard Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
 */
const NODE_SNIPPET = `import { createHmac, timingSafeEqual } from 'node:crypto';

// rawBody: the request body exactly as received (a Buffer), before JSON parsing.
const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('base64'));
const sent = Buffer.from(request.headers['x-webhook-signature'] ?? '');
const valid = sent.length === expected.length && timingSafeEqual(sent, expected);`;

const STANDARD_SNIPPET = `// npm install standardwebhooks — also rejects replays (timestamp within 5 minutes)
import { Webhook } from 'standardwebhooks';
const event = new Webhook(secret).verify(rawBody, request.headers); // throws if invalid`;

const PYTHON_SNIPPET = `import base64, hashlib, hmac
expected = base64.b64encode(hmac.new(secret.encode(), raw_body, hashlib.sha256).digest()).decode()
valid = hmac.compare_digest(expected, headers["X-Webhook-Signature"])`;

export function SigningHelp() {
  return (
    <details className="card signing-help">
      <summary><strong>Verifying deliveries</strong> <span className="muted">— check every request really comes from Mailwarden</span></summary>
      <p>
        Each delivery is a <code>POST</code> with a JSON body <code>{'{id, type, created_at, data}'}</code>, signed with the secret shown when the
        webhook was created. Check either signature, always on the raw body as received:
      </p>
      <h3>X-Webhook-Signature (Node.js)</h3>
      <pre><code>{NODE_SNIPPET}</code></pre>
      <h3>Standard Webhooks headers</h3>
      <pre><code>{STANDARD_SNIPPET}</code></pre>
      <h3>Python</h3>
      <pre><code>{PYTHON_SNIPPET}</code></pre>
      <p className="muted small">
        Answer with any 2xx within the timeout. Timeouts, 5xx answers and network errors are retried with exponential backoff for at least 24 hours;
        a webhook that keeps failing is disabled and a <code>system.alert</code> event is sent. The README's “Webhook deliveries” section has the details.
      </p>
    </details>
  );
}
