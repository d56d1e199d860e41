// Extra paths: IMAPS (implicit TLS), direct LMTP injection, per-user sieve rule.
import nodemailer from 'nodemailer';
import { ImapFlow } from 'imapflow';
import { mkdirSync, writeFileSync, chownSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { harness, ca, password, ms } from './harness.ts';

const H = harness.host;
const user = 'user1@gamma.test';

async function main() {
  // per-user sieve: ~/.dovecot.sieve, home = <mailRoot>/<domain>/<local>, owned by vmail
  const home = path.join(harness.mailRoot, 'gamma.test', 'user1');
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(home, '.dovecot.sieve'),
    'require ["fileinto"];\nif address :domain :is "from" "spammer.test" { fileinto "Junk"; stop; }\n');
  const uid = Number(execFileSync('id', ['-u', 'vmail']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'vmail']).toString().trim());
  for (const p of [path.dirname(home), home, path.join(home, '.dovecot.sieve')]) chownSync(p, uid, gid);

  // direct LMTP delivery (bypasses postfix; what a test can use to plant messages quickly)
  const lmtp = nodemailer.createTransport({ host: H, port: harness.ports.lmtp, lmtp: true, tls: { ca } });
  let t = process.hrtime.bigint();
  const a = await lmtp.sendMail({ from: 'promo@spammer.test', to: user, subject: 'per-user rule', text: 'x' });
  const b = await lmtp.sendMail({ from: 'friend@beta.test', to: user, subject: 'hello', text: 'x' });
  console.log('lmtp', a.response, '|', b.response, ms(t).toFixed(1), 'ms');

  // IMAPS on the implicit-TLS port
  t = process.hrtime.bigint();
  const imap = new ImapFlow({ host: H, port: harness.ports.imaps, secure: true, tls: { ca }, auth: { user, pass: password(user) }, logger: false });
  await imap.connect();
  console.log('imaps login', ms(t).toFixed(1), 'ms, secure =', imap.secureConnection);
  for (const [mid, label] of [[a.messageId, 'spammer.test sender'], [b.messageId, 'beta.test sender']]) {
    for (const box of ['INBOX', 'Junk']) {
      const lock = await imap.getMailboxLock(box);
      try {
        const uids = await imap.search({ header: { 'message-id': mid ?? '' } }, { uid: true });
        if (uids && uids.length) console.log(`${label} -> ${box}`);
      } finally { lock.release(); }
    }
  }
  await imap.logout();
  lmtp.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
