/**
 * Campaigns: incremental clustering of captured mail (run inside the analysis transaction) and the
 * read API. A message joins the first campaign found by the tests of clustering.ts, strongest first,
 * or starts a new one; no full rescan ever happens. A campaign keeps its first message's fingerprint
 * as the representative one (filling in parts the first message lacked), so matching is against a
 * fixed point and a campaign cannot drift into unrelated mail one near neighbour at a time.
 */
import type { AnalysisResult } from '../analysis/analyzer.ts';
import type { Pagination, ParsedListQuery } from '../http/list-query.ts';
import { isoTime, type Clock } from '../platform/clock.ts';
import type { DbExecutor } from '../platform/db/index.ts';
import { NotFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { emptyIocSet, infrastructureUsable, isNearSimhash, mergeIocs, parseIocSet, simhashBands } from './clustering.ts';
import { toCampaign, type Campaign } from './campaigns.list.ts';
import type { CampaignRow, CampaignsRepo } from './campaigns.repo.ts';

/** Attachment hashes kept on a campaign for display (matching reads the attachment rows instead). */
const MAX_CAMPAIGN_ATTACHMENT_HASHES = 50;
/** Email ids shown in a campaign's detail. */
const LATEST_EMAILS = 10;

export interface CampaignsOptions {
  /** Messages at which a campaign fires `pattern.detected` (`CAMPAIGN_PATTERN_THRESHOLD`). Default 5. A second honeypot fires it too. */
  patternThreshold?: number;
}

/** The analysed emails of one user that came from one message. */
export interface AssignedEmails {
  userId: string;
  emails: ReadonlyArray<{ id: string; honeypot_id: string; subject: string | null; received_at: string }>;
}

export interface Assignment {
  campaign: Campaign;
  created: boolean;
  /** True exactly once per campaign: in the transaction where it crossed the pattern threshold. */
  patternDetected: boolean;
}

export class CampaignsService {
  private readonly repo: CampaignsRepo;
  private readonly clock: Clock;
  private readonly patternThreshold: number;

  constructor(repo: CampaignsRepo, clock: Clock, options: CampaignsOptions = {}) {
    this.repo = repo;
    this.clock = clock;
    this.patternThreshold = options.patternThreshold ?? 5;
  }

  /** Puts the emails into their campaign (joined or new) and sets their `campaign_id`, inside `trx`. */
  async assign(trx: DbExecutor, input: AssignedEmails, result: AnalysisResult): Promise<Assignment> {
    const { userId, emails } = input;
    await this.repo.lockUser(trx, userId);
    const matchId = await this.findMatch(trx, userId, result);
    const existing = matchId === undefined ? undefined : await this.repo.find(trx, userId, matchId);
    const assignment = existing === undefined ? await this.create(trx, input, result) : await this.join(trx, existing, input, result);
    await this.repo.setEmailsCampaign(trx, userId, emails.map((e) => e.id), assignment.campaign.id);
    return assignment;
  }

  async list(userId: string, parsed: ParsedListQuery): Promise<{ rows: Campaign[]; pagination: Pagination }> {
    const page = await this.repo.list(userId, parsed);
    return { rows: page.rows.map((row) => toCampaign(row as unknown as CampaignRow)), pagination: page.pagination };
  }

  async get(executor: DbExecutor, userId: string, id: string): Promise<Campaign & { latest_email_ids: string[] }> {
    const row = await this.repo.find(executor, userId, id);
    if (row === undefined) throw new NotFound(`No campaign ${id}. List your campaigns with GET /v1/campaigns.`);
    return { ...toCampaign(row), latest_email_ids: await this.repo.latestEmailIds(userId, id, LATEST_EMAILS) };
  }

  /** Strongest evidence first: shared attachment, near-identical body, same link domains, same sender infrastructure. */
  private async findMatch(trx: DbExecutor, userId: string, result: AnalysisResult): Promise<string | undefined> {
    const fp = result.fingerprint;
    const byAttachment = await this.repo.findByAttachment(trx, userId, fp.attachment_hashes);
    if (byAttachment !== undefined) return byAttachment;
    const bands = simhashBands(fp.body_simhash);
    if (bands !== null) {
      const near = (await this.repo.findBySimhashBands(trx, userId, bands)).find((c) => isNearSimhash(c.body_simhash, fp.body_simhash));
      if (near !== undefined) return near.id;
    }
    if (fp.url_set !== null) {
      const byUrls = await this.repo.findByUrlSet(trx, userId, fp.url_set);
      if (byUrls !== undefined) return byUrls;
    }
    const { sender_domain: sender, origin_network: network } = fp.infrastructure;
    if (infrastructureUsable(sender, network)) return this.repo.findByInfrastructure(trx, userId, sender, network!);
    return undefined;
  }

  private async create(trx: DbExecutor, input: AssignedEmails, result: AnalysisResult): Promise<Assignment> {
    const now = this.clock.now();
    const fp = result.fingerprint;
    const bands = simhashBands(fp.body_simhash);
    const honeypotIds = [...new Set(input.emails.map((e) => e.honeypot_id))];
    const iocs = mergeIocs(emptyIocSet(), emptyIocSet(), result.iocs);
    const times = input.emails.map((e) => e.received_at).sort();
    const row: CampaignRow = {
      id: newId('campaign', now),
      user_id: input.userId,
      representative_subject: input.emails[0]?.subject ?? null,
      body_simhash: bands === null ? null : fp.body_simhash,
      url_set: fp.url_set,
      sender_domain: fp.infrastructure.sender_domain,
      origin_network: fp.infrastructure.origin_network,
      attachment_hashes: JSON.stringify(fp.attachment_hashes.slice(0, MAX_CAMPAIGN_ATTACHMENT_HASHES)),
      // One message to several honeypots is several rows: every IOC of it is already "seen in several messages".
      shared_iocs: JSON.stringify(input.emails.length > 1 ? iocs.seen : emptyIocSet()),
      seen_iocs: JSON.stringify(input.emails.length > 1 ? emptyIocSet() : iocs.seen),
      message_count: input.emails.length,
      honeypot_ids: JSON.stringify(honeypotIds),
      honeypot_count: honeypotIds.length,
      max_threat_score: result.scores.threat_score,
      first_seen_at: times[0] ?? isoTime(now),
      last_seen_at: times.at(-1) ?? isoTime(now),
      pattern_notified_at: null,
      simhash_band0: bands?.[0] ?? null,
      simhash_band1: bands?.[1] ?? null,
      simhash_band2: bands?.[2] ?? null,
      simhash_band3: bands?.[3] ?? null,
    };
    const patternDetected = this.crossesPattern(row);
    if (patternDetected) row.pattern_notified_at = isoTime(now);
    await this.repo.insert(trx, row);
    return { campaign: toCampaign(row), created: true, patternDetected };
  }

  private async join(trx: DbExecutor, current: CampaignRow, input: AssignedEmails, result: AnalysisResult): Promise<Assignment> {
    const fp = result.fingerprint;
    const honeypotIds = [...new Set([...(JSON.parse(current.honeypot_ids) as string[]), ...input.emails.map((e) => e.honeypot_id)])];
    let shared = parseIocSet(current.shared_iocs);
    let seen = parseIocSet(current.seen_iocs);
    // Each row counts as one message: IOCs of a message sent to two honeypots are seen twice.
    for (let i = 0; i < input.emails.length; i++) ({ shared, seen } = mergeIocs(shared, seen, result.iocs));
    const attachmentHashes = [...new Set([...(JSON.parse(current.attachment_hashes) as string[]), ...fp.attachment_hashes])];
    const times = [current.first_seen_at, current.last_seen_at, ...input.emails.map((e) => e.received_at)].sort();
    const next: CampaignRow = {
      ...current,
      representative_subject: current.representative_subject ?? input.emails[0]?.subject ?? null,
      url_set: current.url_set ?? fp.url_set,
      sender_domain: current.sender_domain ?? fp.infrastructure.sender_domain,
      origin_network: current.origin_network ?? fp.infrastructure.origin_network,
      attachment_hashes: JSON.stringify(attachmentHashes.slice(0, MAX_CAMPAIGN_ATTACHMENT_HASHES)),
      shared_iocs: JSON.stringify(shared),
      seen_iocs: JSON.stringify(seen),
      message_count: Number(current.message_count) + input.emails.length,
      honeypot_ids: JSON.stringify(honeypotIds),
      honeypot_count: honeypotIds.length,
      max_threat_score: Math.max(Number(current.max_threat_score), result.scores.threat_score),
      first_seen_at: times[0]!,
      last_seen_at: times.at(-1)!,
    };
    const patternDetected = current.pattern_notified_at === null && this.crossesPattern(next);
    if (patternDetected) next.pattern_notified_at = isoTime(this.clock.now());
    const { id: _id, user_id: _user, ...changes } = next;
    await this.repo.update(trx, current.user_id, current.id, changes);
    return { campaign: toCampaign(next), created: false, patternDetected };
  }

  private crossesPattern(row: Pick<CampaignRow, 'message_count' | 'honeypot_count'>): boolean {
    return Number(row.message_count) >= this.patternThreshold || Number(row.honeypot_count) >= 2;
  }
}
