// End-to-end: SMTP AUTH submission -> postfix -> LMTP -> dovecot/sieve -> IMAP.
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { authenticate } from 'mailauth';
import { DnsResolver } from '../../../src/platform/dns/index.ts';
import { harness, ca, password, dkimKey, ms } from './harness.ts';

// Always an IP literal: with a hostname, nodemailer calls dns.resolve4() on the system resolver.
const H = harness.host;

function smtpFor(address: string) {
  const domain = address.split('@')[1] ?? '';
  return nodemailer.createTransport({
    host: H,
    port: harness.ports.submission,
    secure: false,
    requireTLS: true, // STARTTLS, certificate verified against run/tls/cert.pem
    tls: { ca },
    auth: { user: address, pass: password(address) },
    dkim: { domainName: domain, keySelector: harness.dkim.selector, privateKey: dkimKey(domain) },
  });
}

async function imapFor(address: string) {
  const client = new ImapFlow({
    host: H,
    port: harness.ports.imap,
    secure: false,
    doSTARTTLS: true,
    tls: { ca },
    auth: { user: address, pass: password(address) },
    logger: false,
  });
  await client.connect();
  return client;
}

/** Poll the given mailboxes until a message with this Message-ID shows up; returns where. */
async function findByMessageId(client: ImapFlow, messageId: string, mailboxes: string[], timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const mbox of mailboxes) {
      const lock = await client.getMailboxLock(mbox);
      try {
        // NOOP = full mailbox sync. Dovecot answers SEARCH/FETCH after a "fast" sync that
        // skips the maildir rescan for 5 s after the last full one, so without this a new
        // message can stay invisible to an already-selected mailbox for up to ~5 s.
        await client.noop();
        const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
        if (uids && uids.length) return { mailbox: mbox, uid: uids[0] as number };
      } finally {
        lock.release();
      }
    }
    if (Date.now() > deadline) throw new Error(`${messageId} not found in ${mailboxes.join(',')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// The project's resolver, pointed at the harness's Unbound (mailauth would otherwise use the system DNS).
const resolver = new DnsResolver({ servers: [harness.dnsServer], timeoutMs: 1000 });
const round = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v * 10) / 10]));

async function main() {
  const timings: Record<string, number> = {};
  const from = 'user1@alpha.test';
  const to = 'user2@beta.test';
  const alpha = smtpFor(from);
  const beta = smtpFor(to);

  let t = process.hrtime.bigint();
  await alpha.verify();
  timings.smtp_connect_starttls_auth_ms = ms(t);
  t = process.hrtime.bigint();
  const imap = await imapFor(to);
  timings.imap_connect_starttls_login_ms = ms(t);

  const folders = await imap.list();
  console.log('folders', folders.map((f) => `${f.path} ${f.specialUse ?? ''} [${[...f.flags].join(' ')}]`));
  const junkPath = folders.find((f) => f.specialUse === '\\Junk')!.path;

  // 1) normal message, 2) one that the global sieve rule files into Junk
  t = process.hrtime.bigint();
  const ok = await alpha.sendMail({ from, to, subject: 'Quarterly report', text: 'Hello from alpha.\n' });
  timings.smtp_send_normal_ms = ms(t); // new connection + STARTTLS + AUTH + DKIM + DATA
  let tq = process.hrtime.bigint();
  const a = await findByMessageId(imap, ok.messageId, ['INBOX', junkPath]);
  timings.normal_queued_to_imap_visible_ms = ms(tq);
  timings.normal_submit_to_imap_visible_ms = ms(t);

  t = process.hrtime.bigint();
  const spam = await alpha.sendMail({
    from, to, subject: 'Cheap pills', text: 'Buy now!\n', headers: { 'X-Spam-Flag': 'YES' },
  });
  timings.smtp_send_spam_ms = ms(t);
  tq = process.hrtime.bigint();
  const b = await findByMessageId(imap, spam.messageId, ['INBOX', junkPath]);
  timings.spam_queued_to_imap_visible_ms = ms(tq);
  timings.spam_submit_to_imap_visible_ms = ms(t);
  console.log('landed_in', { [ok.messageId]: a.mailbox, [spam.messageId]: b.mailbox });
  if (a.mailbox !== 'INBOX' || b.mailbox !== junkPath) throw new Error('unexpected placement');

  // move Junk -> INBOX ("not spam"), then flag it
  t = process.hrtime.bigint();
  let lock = await imap.getMailboxLock(junkPath);
  let newUid: number | undefined;
  try {
    const moved = await imap.messageMove(String(b.uid), 'INBOX', { uid: true });
    newUid = moved && moved.uidMap ? moved.uidMap.get(b.uid) : undefined;
  } finally {
    lock.release();
  }
  timings.imap_move_ms = ms(t);
  lock = await imap.getMailboxLock('INBOX');
  try {
    await imap.messageFlagsAdd(String(newUid), ['\\Seen', '\\Flagged'], { uid: true });
    const msg = await imap.fetchOne(String(newUid), { flags: true }, { uid: true });
    console.log('after move+flag', { mailbox: 'INBOX', uid: newUid, flags: msg ? [...(msg.flags ?? [])] : null });
  } finally {
    lock.release();
  }
  console.log('Junk now holds', ((await imap.status(junkPath, { messages: true })) || { messages: -1 }).messages, 'messages');

  // read the original, check SPF/DKIM/DMARC against the harness DNS, reply to it
  lock = await imap.getMailboxLock('INBOX');
  let raw: Buffer = Buffer.alloc(0);
  try {
    const m = await imap.fetchOne(String(a.uid), { source: true }, { uid: true });
    if (m && m.source) raw = m.source;
  } finally {
    lock.release();
  }
  const parsed = await simpleParser(raw);
  t = process.hrtime.bigint();
  const auth = await authenticate(raw, {
    ip: '127.0.0.1', helo: 'client.alpha.test', sender: from, mta: 'mx.harness.test',
    resolver: resolver.mailauthResolver() as never,
  });
  timings.mailauth_ms = ms(t);
  console.log('auth of received message', {
    spf: auth.spf && auth.spf.status.result,
    dkim: auth.dkim.results.map((r) => `${r.status.result} d=${r.signingDomain} s=${r.selector}`),
    dmarc: auth.dmarc && auth.dmarc.status.result,
  });

  const replyMail = {
    from: to,
    to: parsed.from?.value[0]?.address ?? '',
    subject: `Re: ${parsed.subject}`,
    inReplyTo: parsed.messageId,
    references: [...(parsed.references ? [parsed.references].flat() : []), parsed.messageId ?? ''],
    text: 'Thanks!\n',
  };
  const replyRaw = await new MailComposer(replyMail).compile().build();
  const imap1 = await imapFor(from);
  t = process.hrtime.bigint();
  const reply = await beta.sendMail({ envelope: { from: to, to: replyMail.to }, raw: replyRaw });
  const replyId = (await simpleParser(replyRaw)).messageId ?? '';
  const r = await findByMessageId(imap1, replyId, ['INBOX', 'Junk']);
  timings.reply_submit_to_imap_visible_ms = ms(t);
  await imap.append('Sent', replyRaw, ['\\Seen']); // what a real client does after sending
  lock = await imap1.getMailboxLock(r.mailbox);
  try {
    const m = await imap1.fetchOne(String(r.uid), { headers: ['in-reply-to', 'references', 'subject', 'dkim-signature'] }, { uid: true });
    console.log(`reply ${reply.response} landed_in ${r.mailbox}\n` + (m && m.headers ? m.headers.toString().trim() : ''));
  } finally {
    lock.release();
  }
  console.log('sender Sent folder holds', ((await imap.status('Sent', { messages: true })) || { messages: -1 }).messages, 'messages');

  // negative / inbound checks
  const bad = nodemailer.createTransport({ host: H, port: harness.ports.submission, tls: { ca }, auth: { user: from, pass: 'wrong' } });
  console.log('bad password ->', await bad.verify().then(() => 'accepted?!', (e: { code?: string; response?: string }) => `${e.code} ${e.response}`));
  const mx = nodemailer.createTransport({ host: H, port: harness.ports.mx, tls: { ca } });
  const noauth = nodemailer.createTransport({ host: H, port: harness.ports.submission, tls: { ca } });
  console.log('submission without AUTH ->', await noauth.sendMail({ from: 'x@spammer.test', to, subject: 'x', text: 'x' }).then((i) => i.response, (e: { response?: string }) => e.response));
  console.log('MX port, external rcpt ->', await mx.sendMail({ from: 'x@spammer.test', to: 'someone@example.com', subject: 'x', text: 'x' }).then((i) => i.response, (e: { response?: string }) => e.response));
  console.log('MX port, unknown local user ->', await mx.sendMail({ from: 'x@spammer.test', to: 'nobody@beta.test', subject: 'x', text: 'x' }).then((i) => i.response, (e: { response?: string }) => e.response));
  t = process.hrtime.bigint();
  const inbound = await mx.sendMail({ from: 'bulk@spammer.test', to: 'random-trap-42@trap.test', subject: 'Hello trap', text: 'x' });
  const trap = await imapFor('catchall@trap.test');
  const tr = await findByMessageId(trap, inbound.messageId, ['INBOX', 'Junk']);
  timings.mx_to_catchall_visible_ms = ms(t);
  console.log('MX port, any address @trap.test ->', inbound.response, 'landed_in catchall', tr.mailbox);

  // latency distribution over a pooled (already authenticated) SMTP connection
  const pool = nodemailer.createTransport({
    pool: true, maxConnections: 1, host: H, port: harness.ports.submission, requireTLS: true, tls: { ca },
    auth: { user: from, pass: password(from) },
  });
  const lat: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t1 = process.hrtime.bigint();
    const info = await pool.sendMail({ from, to, subject: `bench ${i}`, text: 'x', headers: i % 2 ? { 'X-Harness-Route': 'junk' } : {} });
    const sendMs = ms(t1);
    const where = await findByMessageId(imap, info.messageId, [i % 2 ? junkPath : 'INBOX']);
    if (where.mailbox !== (i % 2 ? junkPath : 'INBOX')) throw new Error('bench placement');
    lat.push(ms(t1));
    const total = lat.at(-1) ?? 0;
    if (total > 1000) console.log(`slow bench ${i} at ${new Date().toISOString()}: smtp ${sendMs.toFixed(1)} ms, total ${total.toFixed(1)} ms, ${info.response}`);
  }
  lat.sort((x, y) => x - y);
  timings.pooled_submit_to_visible_p50_ms = lat[10] ?? NaN;
  timings.pooled_submit_to_visible_max_ms = lat[19] ?? NaN;

  await Promise.all([imap.logout(), imap1.logout(), trap.logout()]);
  for (const tr of [alpha, beta, bad, mx, noauth, pool]) tr.close();
  console.log('timings_ms', round(timings));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
