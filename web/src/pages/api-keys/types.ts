/** API key shapes as `/v1/api-keys` returns them, from the SDK's generated types. */
import type * as Sdk from '@mailwarden/sdk';
export type ApiKey = Sdk.ApiKey;
/** The create and regenerate responses: the only time the raw key is shown. */
export type ApiKeyWithSecret = Sdk.ApiKeyWithSecret;

/** Every scope (src/accounts/permissions.ts) with what it allows, grouped for the form. */
export const PERMISSIONS = [
  { value: 'read', description: 'Deliverability API reads (mailboxes, warm-up, stats, DNS, blacklists), and every *:read scope below.' },
  { value: 'write', description: 'Deliverability API changes (add/delete mailboxes, pause, configure), and every *:write and *:manage scope below.' },
  { value: 'emails:read', description: 'List and read captured emails, attachments and raw sources.' },
  { value: 'emails:write', description: 'Submit raw messages (POST /v1/emails) and delete emails.' },
  { value: 'honeypots:read', description: 'List and read honeypots.' },
  { value: 'honeypots:write', description: 'Create, change and delete honeypots.' },
  { value: 'reports:read', description: 'List reports and download their files.' },
  { value: 'reports:write', description: 'Create, generate and delete reports.' },
  { value: 'webhooks:manage', description: 'Create, change, test and delete webhooks; read their delivery logs.' },
  { value: 'analytics:read', description: 'Overview, threat distribution and geography figures.' },
  { value: 'users:read', description: 'Read your profile and audit log.' },
  { value: 'users:write', description: 'Change your profile.' },
  { value: 'keys:manage', description: 'Create, change, regenerate and delete API keys (only with permissions the key itself holds).' },
] as const;

export function limitText(value: number | null): string {
  return value === null ? 'unlimited' : value.toLocaleString();
}
