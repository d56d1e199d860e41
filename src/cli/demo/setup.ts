/**
 * The demo account: a user (plan pro), an API key with every scope, and the ten demo honeypots.
 * Idempotent: what exists is reused — the user by e-mail address, the key by its name, each honeypot
 * by its address — so running the demo again changes nothing here (unless the key is rotated).
 */
import { CLI_ACTOR } from '../../accounts/actor.ts';
import { ALL_SCOPES } from '../../accounts/permissions.ts';
import type { Honeypot } from '../../honeypots/honeypots.schema.ts';
import type { Services } from '../../services.ts';
import { DEMO_HONEYPOTS, honeypotAddress } from '../../../demo/generate.ts';
import type { DemoRepo } from './demo.repo.ts';

export const DEMO_KEY_NAME = 'Mailwarden demo';

export interface DemoAccount {
  user: { id: string; email: string; plan: string; created: boolean };
  /** The raw key when it was created or rotated in this run; null when an existing key was reused. */
  apiKey: string | null;
  keyId: string;
  honeypots: Array<Pick<Honeypot, 'id' | 'email_address' | 'purpose' | 'category' | 'priority' | 'tags'> & { created: boolean }>;
}

export interface DemoAccountOptions {
  /** Honeypot domains (HONEYPOT_DOMAINS, or the fallback). */
  domains: readonly string[];
  /** Replace the existing demo key's secret and return the new one. Default false. */
  rotateKey: boolean;
}

export async function ensureDemoAccount(services: Services, repo: DemoRepo, options: DemoAccountOptions): Promise<DemoAccount> {
  const email = `demo@${options.domains[0]}`;
  const existing = await services.users.findByEmail(email);
  const user = existing ?? await services.users.create({ email, name: 'Demo analyst', plan: 'pro' });
  const key = await repo.keyNamed(user.id, DEMO_KEY_NAME);
  let apiKey: string | null = null;
  let keyId: string;
  if (key === undefined) {
    const created = await services.apiKeys.create(user, { name: DEMO_KEY_NAME, permissions: [...ALL_SCOPES] }, { actor: CLI_ACTOR });
    apiKey = created.key;
    keyId = created.row.id;
  } else if (options.rotateKey) {
    apiKey = (await services.apiKeys.regenerate(user.id, key.id, CLI_ACTOR)).key;
    keyId = key.id;
  } else {
    keyId = key.id;
  }
  const honeypots: DemoAccount['honeypots'] = [];
  for (const spec of DEMO_HONEYPOTS) {
    const address = honeypotAddress(spec, options.domains);
    const found = await services.honeypots.findForDelivery(address);
    if (found !== undefined && found.user_id !== user.id) {
      throw new Error(`The demo honeypot address ${address} belongs to another account; delete that honeypot or run the demo with another HONEYPOT_DOMAINS.`);
    }
    const honeypot = found !== undefined
      ? await services.honeypots.get(user.id, found.id)
      : await services.honeypots.create(user.id, { email_address: address, purpose: spec.purpose, category: spec.category, priority: spec.priority, tags: spec.tags, description: spec.description });
    honeypots.push({ id: honeypot.id, email_address: honeypot.email_address, purpose: honeypot.purpose, category: honeypot.category, priority: honeypot.priority, tags: honeypot.tags, created: found === undefined });
  }
  return { user: { id: user.id, email: user.email, plan: user.plan, created: existing === undefined }, apiKey, keyId, honeypots };
}
