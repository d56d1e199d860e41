/**
 * A honeypot alert URL's signing secret, stored encrypted like a webhook's. The vault context binds the
 * ciphertext to the owning user (a ciphertext copied into another account's row does not decrypt); it is
 * per user rather than per honeypot because bulk updates write one value to many of a user's rows.
 */
import type { Vault } from '../platform/vault.ts';
import { secretHint } from './honeypots.model.ts';

export function alertSecretContext(userId: string): string {
  return `honeypot-alerts:${userId}`;
}

export interface SealedAlertSecret {
  alerts_webhook_secret_enc: string | null;
  alerts_webhook_secret_hint: string | null;
}

export class AlertSecrets {
  private readonly vault: Pick<Vault, 'encrypt' | 'decrypt'>;
  constructor(vault: Pick<Vault, 'encrypt' | 'decrypt'>) {
    this.vault = vault;
  }

  seal(userId: string, secret: string | null): SealedAlertSecret {
    if (secret === null) return { alerts_webhook_secret_enc: null, alerts_webhook_secret_hint: null };
    return { alerts_webhook_secret_enc: this.vault.encrypt(secret, alertSecretContext(userId)), alerts_webhook_secret_hint: secretHint(secret) };
  }

  open(userId: string, sealed: string): string {
    return this.vault.decrypt(sealed, alertSecretContext(userId));
  }
}
