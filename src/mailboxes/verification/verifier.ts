/**
 * Verifies one mailbox: both logins for real (SMTP and IMAP, in parallel), the IMAP folders the
 * warm-up engine will need, the SMTP host's address (the sending IP until the warm-up observes one), and
 * the domain's MX (provider detection; a domain without MX cannot receive replies or bounces).
 *
 * Host names are resolved through the project's resolver (DNS_SERVERS), never the system's, and the
 * connection goes to that address with the certificate checked against the name.
 */
import net from 'node:net';
import type { Vault } from '../../platform/vault.ts';
import type { MailboxRow } from '../mailboxes.model.ts';
import type { VerificationOutcome } from '../mailboxes.repo.ts';
import { isPublicAddress } from '../network-policy.ts';
import { detectProvider, type Provider } from '../provider.ts';
import { describeLoginFailure, type FailureContext, type Protocol } from './hints.ts';
import { probeImap, probeSmtp, type ProbeOptions, type ServerTarget } from './login-probes.ts';

/** The lookups verification needs, answered by the project's resolver. */
export interface MailboxDns {
  /** IPv4 then IPv6 addresses of `host`. Rejects with `code` ENOTFOUND/ENODATA when it has none, or a timeout code. */
  addresses(host: string): Promise<string[]>;
  /** MX host names of `domain`; [] when it has none. Rejects when the lookup failed (timeout, SERVFAIL). */
  mx(domain: string): Promise<string[]>;
}

export interface VerifierOptions extends ProbeOptions {
  /** Whether loopback/private addresses may be contacted (MAILBOX_ALLOW_PRIVATE_HOSTS). */
  allowPrivateHosts: boolean;
}

export interface VerifierDeps {
  vault: Vault;
  dns: MailboxDns;
  options: VerifierOptions;
}

type LoginResult<T> = { ok: true; value: T; address: string } | { ok: false; error: string };

/** Vault contexts: a ciphertext only decrypts in the row and field it was made for. */
export function passwordContext(mailboxId: string, field: 'smtp_pass' | 'imap_pass'): string {
  return `mailbox:${mailboxId}:${field}`;
}

/** The login was not attempted: the address is not allowed, or the host name could not be looked up. */
class NotAttempted extends Error {}

const NO_SUCH_NAME = new Set(['ENOTFOUND', 'ENODATA']);

export class MailboxVerifier {
  private readonly deps: VerifierDeps;

  constructor(deps: VerifierDeps) {
    this.deps = deps;
  }

  /** Runs every check; never throws for a failed login (the outcome says), only for a broken database or bug. */
  async verify(row: MailboxRow, nowIso: string): Promise<VerificationOutcome> {
    let smtpPass: string;
    let imapPass: string;
    try {
      smtpPass = this.deps.vault.decrypt(row.smtp_pass, passwordContext(row.id, 'smtp_pass'));
      imapPass = this.deps.vault.decrypt(row.imap_pass, passwordContext(row.id, 'imap_pass'));
    } catch (error) {
      return failed(`The stored passwords cannot be decrypted (${(error as Error).message}); delete the mailbox and add it again.`);
    }
    const provider = row.provider as Provider;
    const [smtp, imap, mx] = await Promise.all([
      this.login('SMTP', row, provider, { host: row.smtp_host, port: row.smtp_port, security: row.smtp_security, user: row.smtp_user, pass: smtpPass }, probeSmtp),
      this.login('IMAP', row, provider, { host: row.imap_host, port: row.imap_port, security: row.imap_security, user: row.imap_user, pass: imapPass }, probeImap),
      this.deps.dns.mx(row.domain).then(
        (hosts) => ({ ok: true as const, hosts }),
        () => ({ ok: false as const }),
      ),
    ]);
    const refined = mx.ok ? detectProvider({ smtpHost: row.smtp_host, imapHost: row.imap_host, domain: row.domain, mxHosts: mx.hosts }) : provider;
    const errors = [smtp, imap].flatMap((result) => (result.ok ? [] : [result.error]));
    // A lookup that failed says nothing; only a domain that answered "no MX" is a finding.
    if (mx.ok && mx.hosts.length === 0) {
      errors.push(`The domain ${row.domain} has no MX record: replies and bounces cannot reach this mailbox, and many receivers refuse mail from such domains — add an MX record for ${row.domain}.`);
    }
    const common = { provider: refined, sending_ip: smtp.ok ? smtp.address : row.sending_ip, imap_folders: imap.ok ? JSON.stringify(imap.value) : row.imap_folders };
    if (errors.length > 0) return { ...common, ...failed(errors.join(' ')) };
    return { ...common, connection_error: null, verify_state: 'verified', verified_at: nowIso };
  }

  private async login<T>(
    protocol: Protocol,
    row: MailboxRow,
    provider: Provider,
    settings: Omit<ServerTarget, 'address'>,
    probe: (target: ServerTarget, options: ProbeOptions) => Promise<T>,
  ): Promise<LoginResult<T>> {
    const context: FailureContext = { protocol, host: settings.host, port: settings.port, security: settings.security, provider, timeoutMs: this.deps.options.timeoutMs };
    try {
      const address = await this.addressOf(settings.host, protocol);
      const value = await probe({ ...settings, address }, this.deps.options);
      return { ok: true, value, address };
    } catch (error) {
      if (error instanceof NotAttempted) return { ok: false, error: `${protocol} login to ${settings.host}:${settings.port} not attempted: ${error.message}` };
      return { ok: false, error: describeLoginFailure(error, context) };
    }
  }

  /** The address to connect to: the first IPv4 address, else the first IPv6 one. */
  private async addressOf(host: string, protocol: Protocol): Promise<string> {
    const addresses = net.isIP(host) !== 0 ? [host] : await this.lookUp(host);
    const address = addresses.find((a) => net.isIPv4(a)) ?? addresses[0];
    if (address === undefined) throw new NotAttempted(`${host} has no address in DNS (no A or AAAA record); check the spelling of the host name.`);
    if (!this.deps.options.allowPrivateHosts && !isPublicAddress(address)) {
      throw new NotAttempted(
        `${host} is ${address}, a loopback, private or reserved address, which this server does not contact for mailboxes. ` +
          `Give the ${protocol} server's public name, or (operators) set MAILBOX_ALLOW_PRIVATE_HOSTS=true if the mail server is on your own network.`,
      );
    }
    return address;
  }

  private async lookUp(host: string): Promise<string[]> {
    try {
      return await this.deps.dns.addresses(host);
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? 'EUNKNOWN');
      if (NO_SUCH_NAME.has(code)) throw new NotAttempted(`${host} has no address in DNS (no A or AAAA record); check the spelling of the host name.`);
      throw new NotAttempted(`looking up ${host} failed (${code}): ${(error as Error).message} Add the mailbox again to retry; if this persists, the server's DNS_SERVERS need checking.`);
    }
  }
}

function failed(message: string): VerificationOutcome {
  return { status: 'error', connection_error: message, verify_state: 'failed', verified_at: null };
}
