/**
 * A real HTTP webhook receiver on loopback for delivery tests. Every request is recorded with both
 * signatures verified the way a receiver would: Standard Webhooks with the `standardwebhooks` package
 * (`Webhook.verify`, which also refuses timestamps more than 5 minutes from the real time), and the
 * documented `X-Webhook-Signature` with a plain HMAC. Tests script the answers: the next requests can
 * get a status (500, 410, 429 with Retry-After…) or hang until the receiver closes; otherwise 200.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  payload: { id: string; type: string; created_at: string; data: Record<string, unknown> };
  /** Standard Webhooks signature (and timestamp) accepted by `Webhook.verify`. */
  standardValid: boolean;
  /** `X-Webhook-Signature` equals base64(HMAC-SHA256(secret, body)). */
  plainValid: boolean;
  /** The status this request was answered with, or null when it was left hanging. */
  answered: number | null;
}

export type Answer = { status: number; retryAfter?: string } | 'hang';

export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly server: http.Server;
  private readonly secrets = new Map<string, string>();
  private readonly script: Answer[] = [];
  private readonly waiters: Array<{ count: number; resolve: () => void }> = [];
  private readonly hanging = new Set<http.ServerResponse>();
  private base = '';

  private constructor(tlsMaterial?: { key: string; cert: string }) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
    this.server = tlsMaterial === undefined ? http.createServer(handler) : https.createServer(tlsMaterial, handler);
  }

  /**
   * Listens on `port` (default: any free one); a receiver brought back after an outage reuses its old
   * port. With `tls` it serves https with that key and certificate.
   */
  static async start(port = 0, tlsMaterial?: { key: string; cert: string }): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(tlsMaterial);
    receiver.server.listen(port, '127.0.0.1');
    await once(receiver.server, 'listening');
    receiver.base = `${tlsMaterial === undefined ? 'http' : 'https'}://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** A URL on this receiver whose requests are verified with `secret`. */
  url(path: string, secret: string): string {
    this.secrets.set(path, secret);
    return `${this.base}${path}`;
  }

  /** The next requests get these answers, in order; afterwards 200 again. */
  answer(...answers: Answer[]): void {
    this.script.push(...answers);
  }

  /** Requests answered 2xx, in arrival order. */
  get delivered(): ReceivedRequest[] {
    return this.requests.filter((r) => r.answered !== null && r.answered < 300);
  }

  /** Resolves once at least `count` requests have arrived. */
  waitForRequests(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const secret = this.secrets.get(path) ?? '';
    const answer = this.script.shift() ?? { status: 200 };
    this.requests.push({
      path, headers: req.headers, body, payload: JSON.parse(body) as ReceivedRequest['payload'],
      standardValid: verifyStandard(secret, body, req.headers), plainValid: verifyPlain(secret, body, req.headers),
      answered: answer === 'hang' ? null : answer.status,
    });
    for (const waiter of [...this.waiters]) {
      if (this.requests.length >= waiter.count) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    if (answer === 'hang') {
      this.hanging.add(res);
      return;
    }
    res.writeHead(answer.status, answer.retryAfter === undefined ? {} : { 'retry-after': answer.retryAfter });
    res.end(answer.status < 300 ? 'ok' : 'no');
  }
}

function verifyStandard(secret: string, body: string, headers: http.IncomingHttpHeaders): boolean {
  try {
    const verifier = secret.startsWith('whsec_') ? new Webhook(secret) : new Webhook(secret, { format: 'raw' });
    verifier.verify(body, headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}

function verifyPlain(secret: string, body: string, headers: http.IncomingHttpHeaders): boolean {
  const sent = Buffer.from(String(headers['x-webhook-signature'] ?? ''), 'utf8');
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('base64'), 'utf8');
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}
