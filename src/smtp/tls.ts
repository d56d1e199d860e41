/**
 * The certificate the inbound SMTP server offers with STARTTLS: the operator's PEM files when
 * SMTP_TLS_CERT/SMTP_TLS_KEY are set, otherwise a self-signed one generated once into
 * `<dataDir>/smtp-tls/` (key file mode 600) and reused on every start. Sending MTAs use opportunistic
 * TLS and do not verify an MX's certificate, so self-signed still encrypts honeypot traffic.
 */
import fs from 'node:fs';
import path from 'node:path';
import selfsigned from 'selfsigned';
import { ensureWritableDir } from '../platform/fs.ts';
import type { Logger } from '../platform/logger.ts';

export interface TlsMaterial {
  key: string;
  cert: string;
}

/** Validity of a generated certificate, in days. */
const GENERATED_VALIDITY_DAYS = 3650;

export async function loadOrCreateCertificate(
  options: { certFile: string | undefined; keyFile: string | undefined; hostname: string; dataDir: string },
  logger: Logger,
): Promise<TlsMaterial> {
  if (options.certFile !== undefined && options.keyFile !== undefined) {
    try {
      return { cert: fs.readFileSync(options.certFile, 'utf8'), key: fs.readFileSync(options.keyFile, 'utf8') };
    } catch (error) {
      throw new Error(`Cannot read the SMTP TLS certificate or key (SMTP_TLS_CERT / SMTP_TLS_KEY): ${(error as Error).message}`, { cause: error });
    }
  }
  const dir = path.join(options.dataDir, 'smtp-tls');
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  if (fs.existsSync(certPath) && fs.existsSync(keyPath)) {
    return { cert: fs.readFileSync(certPath, 'utf8'), key: fs.readFileSync(keyPath, 'utf8') };
  }
  ensureWritableDir(dir);
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + GENERATED_VALIDITY_DAYS * 86_400_000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: options.hostname }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: options.hostname }] }],
  });
  // Write the key first with restrictive permissions, then the certificate: a present cert implies a key.
  fs.writeFileSync(keyPath, pems.private, { mode: 0o600 });
  fs.writeFileSync(certPath, pems.cert, { mode: 0o644 });
  logger.info({ path: dir }, `Generated a self-signed STARTTLS certificate for ${options.hostname}; set SMTP_TLS_CERT and SMTP_TLS_KEY to use your own.`);
  return { cert: pems.cert, key: pems.private };
}
