/**
 * The client: one object per API key, with a property per resource of both surfaces.
 *
 *   const client = new Mailwarden({ apiKey: 'sk_live_…', baseUrl: 'https://mailwarden.example.com/v1' });
 *   const emails = await client.emails.list({ threat_score: 'gt:50', limit: 10 });
 */
import { Api, type ResponseOf } from './api.ts';
import { resolveOptions, type MailwardenOptions, type RequestOptions, type ResolvedOptions } from './options.ts';
import { AnalyticsResource } from './resources/analytics.ts';
import { AuthResource } from './resources/auth.ts';
import { CampaignsResource } from './resources/campaigns.ts';
import { BlacklistResource, DnsResource, MailboxesResource, StatsResource, WarmupResource } from './resources/deliverability.ts';
import { EmailsResource } from './resources/emails.ts';
import { HoneypotsResource } from './resources/honeypots.ts';
import { ReportsResource } from './resources/reports.ts';
import { ApiKeysResource, UsersResource } from './resources/users.ts';
import { WebhooksResource } from './resources/webhooks.ts';
import { Transport } from './transport.ts';

export class Mailwarden {
  /** The options in force, defaults filled in (`threatRoot` and `deliverabilityRoot` show where calls go). */
  readonly options: Readonly<ResolvedOptions>;
  private readonly settings: MailwardenOptions;
  /** Typed calls by operation, for anything the resources do not wrap: `client.api.call('GET /v1/users/me', {})`. */
  readonly api: Api;

  // Threat API (/v1)
  readonly auth: AuthResource;
  readonly users: UsersResource;
  readonly apiKeys: ApiKeysResource;
  readonly honeypots: HoneypotsResource;
  readonly emails: EmailsResource;
  readonly campaigns: CampaignsResource;
  readonly webhooks: WebhooksResource;
  readonly reports: ReportsResource;
  readonly analytics: AnalyticsResource;

  // Deliverability API (/api/v1)
  readonly mailboxes: MailboxesResource;
  readonly warmup: WarmupResource;
  readonly stats: StatsResource;
  readonly dns: DnsResource;
  readonly blacklist: BlacklistResource;

  constructor(options: MailwardenOptions = {}) {
    this.settings = { ...options };
    this.options = resolveOptions(options);
    this.api = new Api(new Transport(this.options));
    this.auth = new AuthResource(this.api);
    this.users = new UsersResource(this.api);
    this.apiKeys = new ApiKeysResource(this.api);
    this.honeypots = new HoneypotsResource(this.api);
    this.emails = new EmailsResource(this.api);
    this.campaigns = new CampaignsResource(this.api);
    this.webhooks = new WebhooksResource(this.api);
    this.reports = new ReportsResource(this.api);
    this.analytics = new AnalyticsResource(this.api);
    this.mailboxes = new MailboxesResource(this.api);
    this.warmup = new WarmupResource(this.api);
    this.stats = new StatsResource(this.api);
    this.dns = new DnsResource(this.api);
    this.blacklist = new BlacklistResource(this.api);
  }

  /** A client with the same settings and other credentials (e.g. the access token from `auth.verify`). */
  withApiKey(apiKey: string): Mailwarden {
    return new Mailwarden({ ...this.settings, apiKey });
  }

  /** `GET /api/v1/health` (no key needed): `{status: 'ok', version, timestamp}`. */
  async health(options?: RequestOptions): Promise<ResponseOf<'GET /api/v1/health'>> {
    const response = await this.api.transport.send<ResponseOf<'GET /api/v1/health'>>({ surface: 'deliverability', method: 'GET', path: '/health', auth: false, options });
    return response.body;
  }
}
