/** Honeypot shapes as `GET /v1/honeypots` returns them, from the SDK's generated types. */
import type * as Sdk from '@mailwarden/sdk';
import { threat } from '../../api.ts';

export const PURPOSES = ['monitoring', 'leak-detection', 'testing', 'trap'] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const STATUSES = ['active', 'inactive', 'pending', 'suspended'] as const;

export type Honeypot = Sdk.Honeypot;

/** One item of a bulk response (`{results: [...]}`, 207 when some failed): by index for creates, by id otherwise. */
export type { BulkCreateResult, BulkIdResult } from '@mailwarden/sdk';

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
