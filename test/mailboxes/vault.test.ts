import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { createLogger } from '../../src/platform/logger.ts';
import { SECRET_FILE_NAME, Vault, VaultDecryptError, VaultKeyError, resolveVaultSecret } from '../../src/platform/vault.ts';

const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-vault-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Flips one bit of the byte at `index` of the ciphertext's binary part. */
function flipBit(token: string, index: number): string {
  const [version, keyId, payload] = token.split('.') as [string, string, string];
  const bytes = Buffer.from(payload, 'base64url');
  bytes[index] = bytes[index]! ^ 0x01;
  return `${version}.${keyId}.${bytes.toString('base64url')}`;
}

describe('vault: encryption', () => {
  const vault = new Vault(() => SECRET);

  it('round-trips a password, with a fresh nonce each time and no plaintext in the ciphertext', () => {
    const password = 'correct horse battery staple ✓';
    const first = vault.encrypt(password, 'mailbox:1:smtp_pass');
    const second = vault.encrypt(password, 'mailbox:1:smtp_pass');
    assert.notEqual(first, second);
    assert.match(first, /^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/);
    assert.ok(!first.includes('horse'));
    assert.equal(vault.decrypt(first, 'mailbox:1:smtp_pass'), password);
    assert.equal(vault.decrypt(second, 'mailbox:1:smtp_pass'), password);
    assert.equal(vault.decrypt(vault.encrypt('', 'ctx'), 'ctx'), '');
  });

  it('detects tampering with the nonce, the ciphertext or the tag', () => {
    const token = vault.encrypt('secret-password', 'ctx');
    const length = Buffer.from(token.split('.')[2]!, 'base64url').length;
    for (const index of [0, 12, length - 1]) {
      assert.throws(() => vault.decrypt(flipBit(token, index), 'ctx'), VaultDecryptError);
    }
  });

  it('refuses a ciphertext moved to another record or field (context is authenticated)', () => {
    const token = vault.encrypt('secret-password', 'mailbox:a:smtp_pass');
    assert.throws(() => vault.decrypt(token, 'mailbox:b:smtp_pass'), VaultDecryptError);
    assert.throws(() => vault.decrypt(token, 'mailbox:a:imap_pass'), VaultDecryptError);
  });

  it('refuses truncated, foreign-format and other-key ciphertexts with a reason', () => {
    const token = vault.encrypt('secret-password', 'ctx');
    assert.throws(() => vault.decrypt(token.slice(0, 20), 'ctx'), VaultDecryptError);
    assert.throws(() => vault.decrypt(`v2${token.slice(2)}`, 'ctx'), /unknown format or version/);
    assert.throws(() => vault.decrypt('secret-password', 'ctx'), VaultDecryptError);
    const other = new Vault(() => `${SECRET}-rotated`);
    assert.throws(() => other.decrypt(token, 'ctx'), /encrypted with key [0-9a-f]{8}, which is not configured/);
  });

  it('rejects a secret shorter than 32 characters', () => {
    assert.throws(() => new Vault(() => 'short').load(), VaultKeyError);
  });
});

describe('vault: key source', () => {
  it('generates DATA_DIR/secret.key once with mode 600 and reuses it', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const first = Vault.fromConfig({ secret: undefined, engine: 'sqlite', dataDir });
    const keyId = first.load();
    const file = path.join(dataDir, SECRET_FILE_NAME);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.match(fs.readFileSync(file, 'utf8'), /^[0-9a-f]{64}\n$/);
    const token = first.encrypt('pw', 'ctx');

    const restarted = Vault.fromConfig({ secret: undefined, engine: 'sqlite', dataDir });
    assert.equal(restarted.load(), keyId);
    assert.equal(restarted.decrypt(token, 'ctx'), 'pw');
    assert.deepEqual(fs.readdirSync(dataDir), [SECRET_FILE_NAME], 'no temporary files left behind');
  });

  it('warns when the key file is readable by others', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, SECRET_FILE_NAME), `${'a'.repeat(64)}\n`, { mode: 0o644 });
    fs.chmodSync(path.join(dataDir, SECRET_FILE_NAME), 0o644);
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
    resolveVaultSecret({ secret: undefined, engine: 'sqlite', dataDir, logger });
    logger.flush();
    assert.ok(lines.some((line) => line.includes('chmod 600')), lines.join(''));
  });

  it('uses MAILWARDEN_SECRET when set and writes no key file', () => {
    const dataDir = tempDir();
    const vault = Vault.fromConfig({ secret: SECRET, engine: 'sqlite', dataDir });
    assert.equal(vault.load(), new Vault(() => SECRET).load());
    assert.equal(fs.existsSync(path.join(dataDir, SECRET_FILE_NAME)), false);
  });

  it('refuses to start in PostgreSQL mode without MAILWARDEN_SECRET, and says why', () => {
    const dataDir = tempDir();
    const vault = Vault.fromConfig({ secret: undefined, engine: 'postgres', dataDir });
    assert.throws(() => vault.load(), (error: Error) => {
      assert.ok(error instanceof VaultKeyError);
      assert.match(error.message, /MAILWARDEN_SECRET is not set/);
      assert.match(error.message, /share one database/);
      assert.match(error.message, /openssl rand -hex 32/);
      return true;
    });
    assert.equal(fs.existsSync(path.join(dataDir, SECRET_FILE_NAME)), false);
    assert.ok(Vault.fromConfig({ secret: SECRET, engine: 'postgres', dataDir }).load());
  });

  it('explains an unusable key file instead of generating a new key over it', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, SECRET_FILE_NAME), 'too short\n', { mode: 0o600 });
    assert.throws(() => Vault.fromConfig({ secret: undefined, engine: 'sqlite', dataDir }).load(), /holds no usable key/);
  });
});
