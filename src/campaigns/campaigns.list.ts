/**
 * How `GET /v1/campaigns` plugs into the shared list machinery (CONTRACT.md §1.4), and the API shape
 * of a campaign.
 */
import type { ListResource } from '../http/list-query.ts';
import type { IocSet } from '../analysis/types.ts';
import { parseIocSet } from './clustering.ts';
import type { CampaignRow } from './campaigns.repo.ts';

/**
 * A campaign is created for every analysed email (so the next similar one has something to join), but
 * only listed once it holds this many messages: a single message is not a pattern, and listing every
 * one-off would bury the real campaigns. `GET /v1/campaigns/:id` answers for any campaign, since every
 * email's `campaign_id` must lead somewhere.
 */
export const MIN_LISTED_MESSAGES = 2;

export const CAMPAIGN_FIELDS = [
  'id', 'representative_subject', 'message_count', 'honeypot_count', 'honeypot_ids', 'max_threat_score',
  'first_seen_at', 'last_seen_at', 'shared_iocs', 'sender_domain', 'origin_network', 'url_set', 'body_simhash',
  'attachment_hashes', 'pattern_detected_at',
] as const;

export const campaignsResource: ListResource = {
  name: 'campaigns',
  table: 'campaigns',
  fields: {
    id: { column: 'id', type: 'string', sortable: true },
    representative_subject: { column: 'representative_subject', type: 'string', nullable: true },
    message_count: { column: 'message_count', type: 'integer', sortable: true },
    honeypot_count: { column: 'honeypot_count', type: 'integer', sortable: true },
    max_threat_score: { column: 'max_threat_score', type: 'integer', sortable: true },
    first_seen_at: { column: 'first_seen_at', type: 'timestamp', sortable: true },
    last_seen_at: { column: 'last_seen_at', type: 'timestamp', sortable: true },
    sender_domain: { column: 'sender_domain', type: 'string', nullable: true },
    origin_network: { column: 'origin_network', type: 'string', nullable: true },
    url_set: { column: 'url_set', type: 'string', nullable: true },
    body_simhash: { column: 'body_simhash', type: 'string', nullable: true },
  },
  selectable: CAMPAIGN_FIELDS,
  // A campaign has no created_at: it begins when its first message is seen.
  timestampField: 'first_seen_at',
};

// A type alias, not an interface, so it is a Record<string, unknown> for pickFields.
export type Campaign = {
  id: string;
  representative_subject: string | null;
  message_count: number;
  honeypot_count: number;
  honeypot_ids: string[];
  max_threat_score: number;
  first_seen_at: string;
  last_seen_at: string;
  shared_iocs: IocSet;
  sender_domain: string | null;
  origin_network: string | null;
  url_set: string | null;
  body_simhash: string | null;
  attachment_hashes: string[];
  /** When pattern.detected fired for it, or null. */
  pattern_detected_at: string | null;
};

export function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    representative_subject: row.representative_subject,
    message_count: Number(row.message_count),
    honeypot_count: Number(row.honeypot_count),
    honeypot_ids: JSON.parse(row.honeypot_ids) as string[],
    max_threat_score: Number(row.max_threat_score),
    first_seen_at: row.first_seen_at,
    last_seen_at: row.last_seen_at,
    shared_iocs: parseIocSet(row.shared_iocs),
    sender_domain: row.sender_domain,
    origin_network: row.origin_network,
    url_set: row.url_set,
    body_simhash: row.body_simhash,
    attachment_hashes: JSON.parse(row.attachment_hashes) as string[],
    pattern_detected_at: row.pattern_notified_at,
  };
}
