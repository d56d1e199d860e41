/** Captured-email shapes as `GET /v1/emails[/:id]` returns them (src/emails/emails.schema.ts). */

export const CLASSIFICATIONS = ['CLEAN', 'LOW_RISK', 'SUSPICIOUS', 'THREAT', 'CRITICAL'] as const;

export interface EmailListItem {
  id: string;
  honeypot_id: string;
  received_at: string;
  from: string | null;
  to: string;
  subject: string | null;
  message_id: string | null;
  size: number;
  threat_score: number | null;
  malware_score: number | null;
  spam_score: number | null;
  phishing_score: number | null;
  reputation_score: number | null;
  classification: string | null;
  attachment_count: number;
  analysis_status: 'pending' | 'complete' | 'failed';
}

export interface Attachment {
  id: string;
  filename: string | null;
  size: number;
  content_type: string;
  declared_content_type: string | null;
  sha256: string;
  disposition: string;
  content_id: string | null;
  sha1: string | null;
  md5: string | null;
  malware_detected: boolean | null;
  threat_name: string | null;
}

export interface Indicator {
  type: string;
  description: string;
  weight: number;
}

export interface EmailDetail extends EmailListItem {
  headers: {
    from: string | null; to: string | null; cc: string | null; reply_to: string | null; subject: string | null;
    message_id: string | null; date: string | null; received_spf: string | null; dkim: string | null; dmarc: string | null;
  };
  authentication: { spf: string; dkim: string; dkim_domain: string | null; dmarc: string; dmarc_policy: string | null; arc: string } | null;
  body: { text: string | null; html: string | null };
  attachments: Attachment[];
  smtp: {
    server: string; ip_address: string | null; port: number | null; tls: boolean; helo: string | null; mail_from: string | null;
    transport: string; country: string | null; city: string | null; asn: number | string | null;
  };
  threat_analysis: {
    overall_score: number | null; malware_score: number | null; spam_score: number | null; phishing_score: number | null;
    reputation_score: number | null; classification: string | null; indicators: Indicator[];
  } | null;
  iocs: { urls: string[]; domains: string[]; ips: string[]; hashes: string[]; raw: { urls: string[]; domains: string[]; ips: string[] } };
  campaign_id: string | null;
  analysis_error: string | null;
  parse_warnings: { code: string; message: string; count: number }[];
}

/** The badge class of a classification, matching ScoreBadge's bands. */
export function classificationBand(classification: string | null): string {
  switch (classification) {
    case 'CRITICAL': return 'critical';
    case 'THREAT': return 'high';
    case 'SUSPICIOUS': return 'medium';
    case 'LOW_RISK': return 'low';
    case 'CLEAN': return 'clean';
    default: return 'muted';
  }
}
