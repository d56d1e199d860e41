/**
 * One IMAP session on a mailbox for the receiving side: connects as the verifier does (host resolved
 * through the project's resolver, the network policy applied, TLS with the certificate checked against
 * the host name, MAILBOX_TLS_CA_FILE trusted), then offers the few operations a pass needs. Every
 * operation selects its folder first and sends NOOP, so the server shows mail that just arrived
 * (Dovecot may hide it for seconds otherwise).
 *
 * UIDs are only meaningful within a folder and change on MOVE: `move` returns the new UID from the
 * server's COPYUID answer, or finds the message again by its token when the server gives none.
 */
import net from 'node:net';
import { ImapFlow, type ListResponse } from 'imapflow';
import { describeLoginFailure } from '../../mailboxes/verification/hints.ts';
import { passwordContext, type MailboxDns } from '../../mailboxes/verification/verifier.ts';
import { isPublicAddress } from '../../mailboxes/network-policy.ts';
import type { Provider } from '../../mailboxes/provider.ts';
import type { Vault } from '../../platform/vault.ts';
import { TOKEN_HEADER } from '../types.ts';
import type { ReceivingMailbox } from './receiving.repo.ts';
import { sharedSecureContext } from '../../platform/tls-trust.ts';

export interface ImapConnectOptions {
  /** Limit per step (connect, greeting, each command), in ms (MAILBOX_CONNECT_TIMEOUT_MS). */
  timeoutMs: number;
  /** CA certificates to trust (PEM), or undefined for Node's default set. */
  ca: string[] | undefined;
  /** MAILBOX_ALLOW_PRIVATE_HOSTS. */
  allowPrivateHosts: boolean;
}

export interface ImapConnectDeps {
  vault: Vault;
  dns: MailboxDns;
  options: ImapConnectOptions;
}

/** The session could not start. `authFailed`: the server refused the login (counts towards `status: error`). */
export class ImapConnectError extends Error {
  readonly authFailed: boolean;
  constructor(message: string, authFailed: boolean) {
    super(message);
    this.authFailed = authFailed;
  }
}

/** A tracking token's message found in a folder. */
export interface Found {
  folder: string;
  uid: number;
}

/** Messages matched per SEARCH (an OR of HEADER terms); more tokens take several searches. */
const TOKENS_PER_SEARCH = 25;
const TOKEN_LINE = new RegExp(`^${TOKEN_HEADER}:[ \\t]*(\\S+)`, 'im');

async function addressOf(host: string, deps: ImapConnectDeps): Promise<string> {
  let addresses: string[];
  try {
    addresses = net.isIP(host) !== 0 ? [host] : await deps.dns.addresses(host);
  } catch (error) {
    throw new ImapConnectError(`looking up ${host} failed (${String((error as { code?: unknown }).code ?? (error as Error).message)}); will retry later.`, false);
  }
  const address = addresses.find((a) => net.isIPv4(a)) ?? addresses[0];
  if (address === undefined) throw new ImapConnectError(`${host} has no address in DNS; check the mailbox's IMAP host.`, false);
  if (!deps.options.allowPrivateHosts && !isPublicAddress(address)) {
    throw new ImapConnectError(`${host} is ${address}, a non-public address this server does not contact (MAILBOX_ALLOW_PRIVATE_HOSTS=false).`, false);
  }
  return address;
}

/** Logs in to the mailbox's IMAP server; rejects with ImapConnectError (a person-readable reason). */
export async function openImapSession(mailbox: ReceivingMailbox, deps: ImapConnectDeps): Promise<ImapSession> {
  let pass: string;
  try {
    pass = deps.vault.decrypt(mailbox.imap_pass, passwordContext(mailbox.id, 'imap_pass'));
  } catch (error) {
    throw new ImapConnectError(`the stored IMAP password cannot be decrypted (${(error as Error).message}); delete the mailbox and add it again.`, false);
  }
  const address = await addressOf(mailbox.imap_host, deps);
  const servername = net.isIP(mailbox.imap_host) === 0 ? mailbox.imap_host : undefined;
  const { timeoutMs, ca } = deps.options;
  const client = new ImapFlow({
    host: address,
    port: mailbox.imap_port,
    secure: mailbox.imap_security === 'tls',
    doSTARTTLS: mailbox.imap_security === 'starttls' ? true : undefined,
    servername,
    auth: { user: mailbox.imap_user, pass },
    tls: { secureContext: sharedSecureContext(ca), minVersion: 'TLSv1.2' },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 4,
    disableAutoIdle: true,
    logger: false,
  });
  // Without a listener an 'error' event would be thrown out of the event loop; the pending command rejects anyway.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    client.close();
    const context = { protocol: 'IMAP' as const, host: mailbox.imap_host, port: mailbox.imap_port, security: mailbox.imap_security, provider: mailbox.provider as Provider, timeoutMs };
    const authFailed = (error as { authenticationFailed?: boolean }).authenticationFailed === true;
    throw new ImapConnectError(describeLoginFailure(error, context), authFailed);
  }
  return new ImapSession(client);
}

export class ImapSession {
  readonly client: ImapFlow;
  private folders: ListResponse[] | null = null;

  constructor(client: ImapFlow) {
    this.client = client;
  }

  /** Gmail's IMAP extensions (labels, X-GM-RAW): category search is possible. */
  get isGmail(): boolean {
    return this.client.capabilities.has('X-GM-EXT-1');
  }

  /** The server's folders (listed once per session). */
  async list(): Promise<ListResponse[]> {
    this.folders ??= await this.client.list();
    return this.folders;
  }

  async exists(path: string): Promise<boolean> {
    return (await this.list()).some((f) => f.path === path);
  }

  /** Selects `path` unless it is selected already. */
  async select(path: string): Promise<void> {
    if (this.client.mailbox === false || this.client.mailbox.path !== path) await this.client.mailboxOpen(path);
  }

  /** Selects `path` and asks the server for anything new (NOOP). */
  async open(path: string): Promise<void> {
    await this.select(path);
    await this.client.noop();
  }

  /** Creates `path` when the server does not have it (the filing folder). */
  async ensureFolder(path: string): Promise<void> {
    if (await this.exists(path)) return;
    try {
      await this.client.mailboxCreate(path);
    } catch (error) {
      // Another client (or worker) created it meanwhile: fine.
      if ((error as { serverResponseCode?: string }).serverResponseCode !== 'ALREADYEXISTS') throw error;
    }
    this.folders = null;
  }

  /** UIDs in `folder` of the messages carrying each of `tokens` (absent tokens are not in the map). */
  async findTokens(folder: string, tokens: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    if (tokens.length === 0) return found;
    await this.open(folder);
    const wanted = new Set(tokens);
    for (let start = 0; start < tokens.length; start += TOKENS_PER_SEARCH) {
      const batch = tokens.slice(start, start + TOKENS_PER_SEARCH);
      const uids = await this.client.search({ or: batch.map((token) => ({ header: { [TOKEN_HEADER]: token } })) }, { uid: true });
      if (uids === false || uids === undefined || uids.length === 0) continue;
      // HEADER search is a substring match: read the header back to know which UID carries which token.
      for await (const message of this.client.fetch(uids.join(','), { uid: true, headers: [TOKEN_HEADER] }, { uid: true })) {
        const token = TOKEN_LINE.exec(message.headers?.toString('utf8') ?? '')?.[1];
        if (token !== undefined && wanted.has(token) && !found.has(token)) found.set(token, message.uid);
      }
    }
    return found;
  }

  /** Of `uids` in `folder` (Gmail's INBOX), those Gmail files under the Promotions category. Empty elsewhere. */
  async promotions(folder: string, uids: readonly number[]): Promise<Set<number>> {
    if (!this.isGmail || uids.length === 0) return new Set();
    await this.open(folder);
    const matched = await this.client.search({ uid: uids.join(','), gmraw: 'category:promotions' }, { uid: true });
    return new Set(matched === false || matched === undefined ? [] : matched);
  }

  /** Adds flags (`\Seen`, `\Flagged`, `$NotJunk`…) to one message. */
  async addFlags(at: Found, flags: string[]): Promise<void> {
    await this.select(at.folder);
    await this.client.messageFlagsAdd(String(at.uid), flags, { uid: true });
  }

  /**
   * Moves one message; resolves with where it is now: the new UID from COPYUID, else found again by
   * `token` (null when the server gives no COPYUID and there is no token to search for).
   */
  async move(at: Found, destination: string, token?: string): Promise<Found | null> {
    await this.select(at.folder);
    const result = await this.client.messageMove(String(at.uid), destination, { uid: true });
    const uid = result === false ? undefined : result.uidMap?.get(at.uid);
    if (uid !== undefined) return { folder: destination, uid };
    if (token === undefined) return null;
    const again = (await this.findTokens(destination, [token])).get(token);
    return again === undefined ? null : { folder: destination, uid: again };
  }

  /** Logs out (bounded by the socket timeout); never throws. */
  async close(): Promise<void> {
    try {
      await this.client.logout();
    } catch {
      // The connection is going away anyway.
    } finally {
      this.client.close();
    }
  }
}
