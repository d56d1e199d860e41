/** Campaign shapes as `GET /v1/campaigns[/:id]` returns them (src/campaigns/campaigns.schema.ts). */
export interface Campaign {
  id: string;
  representative_subject: string | null;
  message_count: number;
  honeypot_count: number;
  honeypot_ids: string[];
  max_threat_score: number;
  first_seen_at: string;
  last_seen_at: string;
  shared_iocs: { urls: string[]; domains: string[]; ips: string[]; hashes: string[] };
  sender_domain: string | null;
  origin_network: string | null;
  url_set: string | null;
  body_simhash: string | null;
  attachment_hashes: string[];
  pattern_detected_at: string | null;
}

export interface CampaignDetail extends Campaign {
  /** Its 10 most recently received emails, newest first. */
  latest_email_ids: string[];
}
