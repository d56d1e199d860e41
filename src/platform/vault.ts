/**
 * The credential vault: AES-256-GCM encryption of stored secrets (mailbox SMTP/IMAP passwords).
 *
 * Key material:
 * - `MAILWARDEN_SECRET` (≥ 32 characters) when set;
 * - otherwise, in SQLite mode, a secret generated once into `DATA_DIR/secret.key` (64 hex characters,
 *   file mode 600) and reused on every start. Its content is itself a valid MAILWARDEN_SECRET, so an
 *   install can later move the value into the environment unchanged;
 * - in PostgreSQL mode the secret must be set explicitly: several processes, possibly on different
 *   machines, share one database and each must decrypt what the others stored.
 * The 256-bit key is derived from the secret with HKDF-SHA256, so any long random string will do.
 *
 * Ciphertext format (text, safe in a TEXT column), version 1:
 *   `v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`
 * - key id: 8 hex characters identifying the key (an HMAC of a constant, not key material), so a
 *   future rotation can keep old keys for decryption and re-encrypt row by row;
 * - nonce: 12 random bytes per encryption; tag: the 16-byte GCM tag;
 * - associated data: the version, the key id and a caller-chosen context (e.g. `mailbox:<id>:smtp_pass`),
 *   so a ciphertext copied to another row or field fails to decrypt instead of leaking there.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseEngine } from '../config.ts';
import { ensureWritableDir } from './fs.ts';
import type { Logger } from './logger.ts';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** Shortest accepted secret (same rule as config.ts for MAILWARDEN_SECRET). */
const MIN_SECRET_CHARS = 32;
export const SECRET_FILE_NAME = 'secret.key';

/** The vault cannot get a key (unset secret in PostgreSQL mode, unreadable key file…). Start-up fails with it. */
export class VaultKeyError extends Error {}

/** A ciphertext that was altered, truncated, made for another context, or made with an unknown key. */
export class VaultDecryptError extends Error {}

interface VaultKey {
  id: string;
  key: Buffer;
}

/** Derives the AES key and its public id from a secret string. */
export function deriveVaultKey(secret: string): VaultKey {
  if (secret.length < MIN_SECRET_CHARS) throw new VaultKeyError(`The vault secret must be at least ${MIN_SECRET_CHARS} characters.`);
  const key = Buffer.from(hkdfSync('sha256', secret, 'mailwarden-vault', 'aes-256-gcm credentials v1', KEY_BYTES));
  const id = createHmac('sha256', key).update('mailwarden vault key id').digest('hex').slice(0, 8);
  return { id, key };
}

export interface VaultKeySourceOptions {
  /** MAILWARDEN_SECRET, or undefined when unset. */
  secret: string | undefined;
  engine: DatabaseEngine;
  /** Where the generated key file lives (SQLite mode without MAILWARDEN_SECRET). */
  dataDir: string;
  logger?: Logger;
}

/**
 * Reads DATA_DIR/secret.key, creating it first when absent. Creation is atomic (written to a temporary
 * file, then hard-linked into place, which fails if another process got there first), so two starts
 * racing end up with the same key.
 */
function loadOrCreateKeyFile(dataDir: string, logger: Logger | undefined): string {
  const file = path.join(dataDir, SECRET_FILE_NAME);
  if (!fs.existsSync(file)) {
    ensureWritableDir(dataDir);
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(temp, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    fs.chmodSync(temp, 0o600); // whatever the umask did
    try {
      fs.linkSync(temp, file);
      logger?.info({ path: file }, `Generated the credential encryption key into ${file} (mode 600). Back it up with the database: stored mailbox passwords cannot be read without it.`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    logger?.warn({ path: file, mode: mode.toString(8) }, `${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`);
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_CHARS) {
    throw new VaultKeyError(`${file} holds no usable key (fewer than ${MIN_SECRET_CHARS} characters). Restore it from a backup, or set MAILWARDEN_SECRET.`);
  }
  return secret;
}

/** Resolves the vault's secret per the rules at the top of this file; throws VaultKeyError with the reason. */
export function resolveVaultSecret(options: VaultKeySourceOptions): string {
  if (options.secret !== undefined) return options.secret;
  if (options.engine === 'postgres') {
    throw new VaultKeyError(
      'MAILWARDEN_SECRET is not set. In PostgreSQL mode several Mailwarden processes (often on different machines) share one database, ' +
        'and each must decrypt the mailbox passwords the others stored, so a key generated into one machine\'s DATA_DIR cannot work. ' +
        'Set MAILWARDEN_SECRET to the same value, at least 32 characters (e.g. from `openssl rand -hex 32`), on every process.',
    );
  }
  try {
    return loadOrCreateKeyFile(options.dataDir, options.logger);
  } catch (error) {
    if (error instanceof VaultKeyError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new VaultKeyError(
      `Cannot read or create the credential key ${path.join(options.dataDir, SECRET_FILE_NAME)} (${code}); make DATA_DIR writable or set MAILWARDEN_SECRET.`,
      { cause: error },
    );
  }
}

/**
 * Encrypts and decrypts short secrets. The key is loaded on first use (or by `load()`, which the
 * server calls at start-up so a missing key stops it at once rather than at the first mailbox).
 */
export class Vault {
  private readonly source: () => string;
  private keys: { current: VaultKey; byId: Map<string, VaultKey> } | null = null;

  /** `source` returns the secret; e.g. `() => resolveVaultSecret({...})` or a fixed test secret. */
  constructor(source: () => string) {
    this.source = source;
  }

  static fromConfig(options: VaultKeySourceOptions): Vault {
    return new Vault(() => resolveVaultSecret(options));
  }

  /** Loads the key now; throws VaultKeyError with a reason a person can act on. Returns the key id. */
  load(): string {
    return this.keyring().current.id;
  }

  private keyring() {
    if (this.keys === null) {
      const current = deriveVaultKey(this.source());
      // Only one key today; rotation adds the previous ones here, for decryption only.
      this.keys = { current, byId: new Map([[current.id, current]]) };
    }
    return this.keys;
  }

  /** `context` names where the value belongs (e.g. `mailbox:<id>:smtp_pass`); decrypt needs the same. */
  encrypt(plaintext: string, context: string): string {
    const { current } = this.keyring();
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(current.id, context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const packed = Buffer.concat([nonce, body, cipher.getAuthTag()]);
    return `${VERSION}.${current.id}.${packed.toString('base64url')}`;
  }

  decrypt(token: string, context: string): string {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== VERSION) throw new VaultDecryptError('Not a vault ciphertext (unknown format or version).');
    const [, keyId, payload] = parts as [string, string, string];
    const key = this.keyring().byId.get(keyId);
    if (key === undefined) {
      throw new VaultDecryptError(`This value was encrypted with key ${keyId}, which is not configured (the current key is ${this.keyring().current.id}); was MAILWARDEN_SECRET or DATA_DIR/secret.key changed?`);
    }
    const packed = Buffer.from(payload, 'base64url');
    if (packed.length < NONCE_BYTES + TAG_BYTES) throw new VaultDecryptError('Vault ciphertext is truncated.');
    const decipher = createDecipheriv('aes-256-gcm', key.key, packed.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(keyId, context));
    decipher.setAuthTag(packed.subarray(packed.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(packed.subarray(NONCE_BYTES, packed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new VaultDecryptError('Vault ciphertext failed authentication: it was altered, or belongs to another record.');
    }
  }
}

function associatedData(keyId: string, context: string): Buffer {
  return Buffer.from(`${VERSION}|${keyId}|${context}`, 'utf8');
}
