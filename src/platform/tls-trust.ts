/**
 * The certificate authorities an outgoing TLS connection trusts: Node's default set, plus the PEM file an
 * operator names for private CAs (MAILBOX_TLS_CA_FILE, WEBHOOK_TLS_CA_FILE). Read when the services are
 * built, so a bad path stops the server at start with the reason.
 */
import fs from 'node:fs';
import tls from 'node:tls';

/** undefined (Node's defaults) when no file is set. `setting` names the variable in the error. */
export function trustedCas(file: string | undefined, setting: string): string[] | undefined {
  if (file === undefined) return undefined;
  try {
    return [...tls.rootCertificates, fs.readFileSync(file, 'utf8')];
  } catch (error) {
    throw new Error(`Cannot read ${setting} ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); fix the path or unset it.`, {
      cause: error,
    });
  }
}
