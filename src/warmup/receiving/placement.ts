/**
 * Where a warm-up message can be, and what finding it there means.
 *
 * Folders searched, in order: INBOX, the spam folder(s), then the filing folder (a message a previous
 * pass moved there before it could record it). The spam folder is the one found at verification
 * (`imap_folders.junk`, from the special-use `\Junk` flag or a known name) when the server still has it,
 * else whatever the server lists now as `\Junk` or under a provider's name (Gmail's `[Gmail]/Spam`,
 * Outlook's `Junk E-mail`/`Junk Email`, Yahoo's `Bulk Mail`/`Bulk`, `Spam`, `Junk`, `INBOX.Junk`…).
 *
 * Gmail's categories are not folders: a message in the Promotions tab is in INBOX with the category,
 * which only X-GM-RAW "category:promotions" tells (checked for Gmail servers, X-GM-EXT-1). This cannot
 * be exercised on Dovecot; the harness covers INBOX and Junk only.
 */
import { foldersByRole, type ImapFolders } from '../../mailboxes/verification/login-probes.ts';
import type { LandedIn } from '../types.ts';
import type { Found, ImapSession } from './imap-session.ts';
import type { ReceivingMailbox } from './receiving.repo.ts';

export interface PlacementFolders {
  inbox: string;
  /** Spam folders present on the server (usually one; none when the server has no spam folder). */
  spam: string[];
  /** WARMUP_FOLDER. */
  filing: string;
}

/** Spam folder names beyond those `foldersByRole` knows (it covers junk, spam, junk e-mail, bulk mail, [gmail]/spam, inbox.junk/spam). */
const MORE_SPAM_NAMES = /^(junk email|bulk|\[google mail\]\/spam|inbox[./]junk e-?mail|inbox[./]bulk mail)$/i;

function storedFolders(mailbox: ReceivingMailbox): ImapFolders {
  if (mailbox.imap_folders === null) return {};
  try {
    return JSON.parse(mailbox.imap_folders) as ImapFolders;
  } catch {
    return {};
  }
}

/** The folders to search for this mailbox, checked against what the server lists now. */
export async function placementFolders(session: ImapSession, mailbox: ReceivingMailbox, filing: string): Promise<PlacementFolders> {
  const stored = storedFolders(mailbox);
  const list = await session.list();
  const paths = new Set(list.map((f) => f.path));
  const current = foldersByRole(list);
  const inbox = stored.inbox !== undefined && paths.has(stored.inbox) ? stored.inbox : (current.inbox ?? 'INBOX');
  const spam: string[] = [];
  if (stored.junk !== undefined && paths.has(stored.junk)) spam.push(stored.junk);
  else if (current.junk !== undefined) spam.push(current.junk);
  else {
    const named = list.find((f) => MORE_SPAM_NAMES.test(f.path));
    if (named !== undefined) spam.push(named.path);
  }
  return { inbox, spam, filing };
}

/** What finding a message at `at` says about where it landed; `previous` is kept for the filing folder. */
export function placementOf(at: Found, folders: PlacementFolders, inPromotions: boolean, previous: LandedIn | null): LandedIn {
  if (folders.spam.includes(at.folder)) return 'spam';
  if (at.folder === folders.inbox) return inPromotions ? 'promotions' : 'inbox';
  // Found in the filing folder (or elsewhere): a previous pass got it there, so it reached the mailbox.
  return previous !== null && previous !== 'missing' ? previous : 'inbox';
}

/**
 * Finds each token's message: INBOX first, then spam, then — only for `placedTokens`, messages a
 * previous pass already located (and so may have moved before it could record the move) — the filing
 * folder. A folder that fails (deleted meanwhile, server error) is skipped and reported through
 * `onFolderError`; the others still count. Also says which INBOX finds Gmail files under Promotions.
 */
export async function locate(
  session: ImapSession,
  folders: PlacementFolders,
  tokens: readonly string[],
  placedTokens: ReadonlySet<string>,
  onFolderError: (folder: string, error: unknown) => void,
): Promise<{ found: Map<string, Found>; promotions: Set<string> }> {
  const found = new Map<string, Found>();
  const order = [folders.inbox, ...folders.spam, folders.filing];
  for (const folder of new Set(order)) {
    const left = tokens.filter((t) => !found.has(t) && (folder !== folders.filing || placedTokens.has(t)));
    if (left.length === 0) continue;
    if (folder === folders.filing && !(await session.exists(folder))) continue;
    try {
      for (const [token, uid] of await session.findTokens(folder, left)) found.set(token, { folder, uid });
    } catch (error) {
      onFolderError(folder, error);
    }
  }
  const promotions = new Set<string>();
  const inInbox = [...found].filter(([, at]) => at.folder === folders.inbox);
  if (inInbox.length > 0 && session.isGmail) {
    try {
      const promoted = await session.promotions(folders.inbox, inInbox.map(([, at]) => at.uid));
      for (const [token, at] of inInbox) if (promoted.has(at.uid)) promotions.add(token);
    } catch (error) {
      onFolderError(`${folders.inbox} (category:promotions)`, error);
    }
  }
  return { found, promotions };
}
