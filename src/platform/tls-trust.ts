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

const contexts = new WeakMap<readonly string[], tls.SecureContext>();

/**
 * One TLS context per trusted-CA list, shared by every connection that uses it. Passing `ca` to each
 * `tls.connect` builds a new context and certificate store every time (Node's ~140 roots plus the
 * private CA): about 0.9 MB of native memory per open connection, measured with 1,000 pooled warm-up
 * SMTP connections. undefined (Node's default context) when no CA file is set.
 */
export function sharedSecureContext(ca: readonly string[] | undefined): tls.SecureContext | undefined {
  if (ca === undefined) return undefined;
  let context = contexts.get(ca);
  if (context === undefined) {
    context = tls.createSecureContext({ ca: [...ca], minVersion: 'TLSv1.2' });
    contexts.set(ca, context);
  }
  return context;
}
