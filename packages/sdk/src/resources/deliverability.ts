/**
 * The Deliverability API (`/api/v1`, Pro and Enterprise plans): connected mailboxes, warm-up, daily
 * stats, DNS authentication and blacklist checks. Its bodies are returned exactly as documented
 * (no envelope); a key needs `read` for GETs and `write` for the rest.
 */
import type { Api, ResponseOf } from '../api.ts';
import type { GetBlacklistQuery, GetDnsQuery, GetStatsQuery, PostMailboxesBody, PostWarmupBody } from '../generated/openapi.ts';
import type { RequestOptions } from '../options.ts';

export type WarmupConfigUpdate = NonNullable<PostWarmupBody['config']>;

export class MailboxesResource {
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  /** `{mailboxes: [...]}`. */
  list(options?: RequestOptions): Promise<ResponseOf<'GET /api/v1/mailboxes'>> {
    return this.api.call('GET /api/v1/mailboxes', {}, options);
  }

  /** Connects a mailbox; its logins are verified and warm-up starts automatically. Passwords are never returned. */
  create(body: PostMailboxesBody, options?: RequestOptions): Promise<ResponseOf<'POST /api/v1/mailboxes'>> {
    return this.api.call('POST /api/v1/mailboxes', { body }, options);
  }

  get(id: string, options?: RequestOptions): Promise<ResponseOf<'GET /api/v1/mailboxes/{id}'>> {
    return this.api.call('GET /api/v1/mailboxes/{id}', { params: { id } }, options);
  }

  /** Stops warm-up and deletes the stored credentials. */
  delete(id: string, options?: RequestOptions): Promise<ResponseOf<'DELETE /api/v1/mailboxes/{id}'>> {
    return this.api.call('DELETE /api/v1/mailboxes/{id}', { params: { id } }, options);
  }
}

export class WarmupResource {
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  /** Status, configuration and recent warm-up mail of a mailbox. */
  get(mailboxId: string, options?: RequestOptions): Promise<ResponseOf<'GET /api/v1/warmup'>> {
    return this.api.call('GET /api/v1/warmup', { query: { mailbox_id: mailboxId } }, options);
  }

  /** Pauses warm-up (cancels every planned message). */
  pause(mailboxId: string, options?: RequestOptions): Promise<ResponseOf<'POST /api/v1/warmup'>> {
    return this.api.call('POST /api/v1/warmup', { body: { mailbox_id: mailboxId, action: 'pause' } }, options);
  }

  /** Resumes warm-up (plans the rest of today). */
  resume(mailboxId: string, options?: RequestOptions): Promise<ResponseOf<'POST /api/v1/warmup'>> {
    return this.api.call('POST /api/v1/warmup', { body: { mailbox_id: mailboxId, action: 'resume' } }, options);
  }

  /** Changes the mode, volume, reply/thread rates, weekdays or send window; only the keys given change. */
  updateConfig(mailboxId: string, config: WarmupConfigUpdate, options?: RequestOptions): Promise<ResponseOf<'POST /api/v1/warmup'>> {
    return this.api.call('POST /api/v1/warmup', { body: { mailbox_id: mailboxId, action: 'update_config', config } }, options);
  }
}

type ChecksQuery<Q> = Omit<Q, 'mailbox_id'>;

export class StatsResource {
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  /** Daily stats; `days` default 7, at most 90. */
  get(mailboxId: string, query?: ChecksQuery<GetStatsQuery>, options?: RequestOptions): Promise<ResponseOf<'GET /api/v1/stats'>> {
    return this.api.call('GET /api/v1/stats', { query: { ...query, mailbox_id: mailboxId } }, options);
  }
}

export class DnsResource {
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  /** SPF, DKIM and DMARC of the mailbox's domain; cached unless `refresh: true`. */
  get(mailboxId: string, query?: ChecksQuery<GetDnsQuery>, options?: RequestOptions): Promise<ResponseOf<'GET /api/v1/dns'>> {
    return this.api.call('GET /api/v1/dns', { query: { ...query, mailbox_id: mailboxId } }, options);
  }
}

export class BlacklistResource {
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  /** DNSBL listing of the mailbox's sending IP and domain; cached 30 minutes unless `refresh: true`. */
  get(mailboxId: string, query?: ChecksQuery<GetBlacklistQuery>, options?: RequestOptions): Promise<ResponseOf<'GET /api/v1/blacklist'>> {
    return this.api.call('GET /api/v1/blacklist', { query: { ...query, mailbox_id: mailboxId } }, options);
  }
}
