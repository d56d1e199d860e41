/**
 * Real logins against a mailbox's servers: SMTP AUTH (nodemailer `verify()`) and IMAP LOGIN (imapflow),
 * each over TLS from the first byte or a required STARTTLS upgrade, with the certificate always
 * verified. Both connect to an address resolved beforehand through the project's resolver and check
 * the certificate against the host name the user gave.
 *
 * Time limits: every step (connect, greeting, TLS, each command) is limited to `timeoutMs`, and the
 * whole probe to twice that, so a server that answers slowly but steadily cannot hold a worker forever.
 */
import net from 'node:net';
import { ImapFlow, type ListResponse } from 'imapflow';
import nodemailer from 'nodemailer';
import type { Security } from '../mailboxes.model.ts';
import { sharedSecureContext } from '../../platform/tls-trust.ts';

export interface ServerTarget {
  /** The host name (or IP) the user gave: the name the certificate must carry. */
  host: string;
  /** The address to connect to. */
  address: string;
  port: number;
  security: Security;
  user: string;
  pass: string;
}

export interface ProbeOptions {
  /** Limit per step, in ms. */
  timeoutMs: number;
  /** CA certificates to trust (PEM), or undefined for Node's default set. */
  ca: string[] | undefined;
}

/** Folder paths by role, as found over IMAP. */
export type ImapFolders = Partial<Record<'inbox' | 'junk' | 'sent' | 'drafts' | 'trash' | 'archive' | 'all', string>>;

export class ProbeDeadlineError extends Error {
  readonly code = 'DEADLINE';
}

/** Rejects with ProbeDeadlineError after `ms`, calling `abort` to drop the connection. */
async function withDeadline<T>(work: Promise<T>, ms: number, abort: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      abort();
      reject(new ProbeDeadlineError(`gave up after ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** SNI and certificate name: the host name, unless the user gave an IP address. */
function serverName(target: ServerTarget): string | undefined {
  return net.isIP(target.host) === 0 ? target.host : undefined;
}

/** Resolves when the SMTP server accepted the login; rejects with nodemailer's error otherwise. */
export async function probeSmtp(target: ServerTarget, options: ProbeOptions): Promise<void> {
  const transport = nodemailer.createTransport({
    host: target.address,
    port: target.port,
    secure: target.security === 'tls',
    // STARTTLS is mandatory: the password never crosses the wire in clear text.
    requireTLS: target.security === 'starttls',
    servername: serverName(target),
    auth: { user: target.user, pass: target.pass },
    tls: { secureContext: sharedSecureContext(options.ca), servername: serverName(target), minVersion: 'TLSv1.2' },
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    // Above the greeting limit, as for IMAP below: with equal timers a silent server is reported as an
    // idle socket ("no answer") or as "no greeting" depending on which timer fires first.
    socketTimeout: options.timeoutMs + 1_000,
    dnsTimeout: options.timeoutMs,
    logger: false,
    debug: false,
  });
  try {
    await withDeadline(transport.verify(), options.timeoutMs * 2, () => transport.close());
  } finally {
    transport.close();
  }
}

const SPECIAL_USE_ROLES: Record<string, keyof ImapFolders> = {
  '\\Inbox': 'inbox',
  '\\Junk': 'junk',
  '\\Sent': 'sent',
  '\\Drafts': 'drafts',
  '\\Trash': 'trash',
  '\\Archive': 'archive',
  '\\All': 'all',
};

/** Names used for spam folders by servers that do not announce special-use flags. */
const JUNK_NAMES = /^(junk|spam|junk e-?mail|bulk mail|\[gmail\]\/spam|inbox[./](junk|spam))$/i;

export function foldersByRole(list: readonly ListResponse[]): ImapFolders {
  const folders: ImapFolders = {};
  for (const entry of list) {
    const role = entry.specialUse === undefined ? undefined : SPECIAL_USE_ROLES[entry.specialUse];
    if (role !== undefined && folders[role] === undefined) folders[role] = entry.path;
  }
  folders.inbox ??= list.find((entry) => entry.path.toUpperCase() === 'INBOX')?.path ?? 'INBOX';
  folders.junk ??= list.find((entry) => JUNK_NAMES.test(entry.path))?.path;
  return folders;
}

/** Logs in, lists the folders, logs out; resolves with the folders by role. */
export async function probeImap(target: ServerTarget, options: ProbeOptions): Promise<ImapFolders> {
  const client = new ImapFlow({
    host: target.address,
    port: target.port,
    secure: target.security === 'tls',
    doSTARTTLS: target.security === 'starttls' ? true : undefined,
    servername: serverName(target),
    auth: { user: target.user, pass: target.pass },
    tls: { secureContext: sharedSecureContext(options.ca), minVersion: 'TLSv1.2' },
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    // Above the greeting limit, so a silent server is reported as "no greeting" rather than an idle socket.
    socketTimeout: options.timeoutMs + 1_000,
    disableAutoIdle: true,
    logger: false,
  });
  // Without a listener an 'error' event would be thrown out of the event loop; connect() rejects anyway.
  client.on('error', () => {});
  const work = async () => {
    await client.connect();
    const list = await client.list();
    await client.logout();
    return foldersByRole(list);
  };
  try {
    return await withDeadline(work(), options.timeoutMs * 2, () => client.close());
  } finally {
    client.close();
  }
}
