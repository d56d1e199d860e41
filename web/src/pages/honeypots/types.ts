/** Honeypot shapes as `GET /v1/honeypots` returns them (src/honeypots/honeypots.schema.ts). */
import { threat } from '../../api.ts';

export const PURPOSES = ['monitoring', 'leak-detection', 'testing', 'trap'] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const STATUSES = ['active', 'inactive', 'pending', 'suspended'] as const;

export interface Alerts {
  enabled: boolean;
  threat_threshold: number;
  email_notifications: boolean;
  webhook_url: string | null;
  /** Masked (`****abcd`) except in the response that created the honeypot. */
  webhook_secret: string | null;
  webhook_status: 'active' | 'disabled' | null;
  webhook_disabled_reason: string | null;
}

export interface Honeypot {
  id: string;
  email_address: string;
  domain: string;
  purpose: string;
  description: string | null;
  category: string | null;
  priority: string;
  tags: string[];
  status: string;
  alerts: Alerts;
  email_count: number;
  last_email_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One item of a bulk response (`{results: [...]}`, 207 when some failed). */
export interface BulkResult {
  index?: number;
  id?: string;
  status: 'created' | 'updated' | 'deleted' | 'error';
  data?: Honeypot;
  error?: { code: string; message: string; details?: Record<string, unknown> };
}

/** What the server statuses mean, for hints next to the control. */
export const STATUS_HELP: Record<string, string> = {
  active: 'receives mail',
  inactive: 'refuses mail (550)',
  pending: 'asks senders to retry later (450)',
  suspended: 'refuses mail (550)',
};

/** The domains honeypot addresses may use (GET /v1/honeypots/domains); empty when the server receives mail for none yet. */
export async function acceptedDomains(signal?: AbortSignal): Promise<string[]> {
  return (await threat<{ domains: string[] }>('/honeypots/domains', { signal })).domains;
}
