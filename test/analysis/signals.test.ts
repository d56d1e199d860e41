/**
 * The phishing signals added from the evaluation's misses, each on a generated message (never a corpus
 * file): raw server and storage-bucket links, the recipient's address in links and subjects, brand
 * names spelt with look-alike letters, over-encoded headers, encrypted attachments with their password
 * in the body, and multilingual "unusual sign-in" lures. Each also has the ordinary mail it must leave alone.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Analyzer } from '../../src/analysis/analyzer.ts';
import { isRawServerHost } from '../../src/analysis/links/index.ts';
import { brandImitatedInDisplayName, brandInDisplayName, mixedScriptWord } from '../../src/analysis/sender/display-name.ts';

const analyzer = new Analyzer({ budgetMs: 5_000 });

interface Draft {
  from?: string;
  to?: string;
  subject?: string;
  extra?: string[];
  text?: string;
  html?: string;
  attachment?: { name: string; type: string; bytes: Buffer };
}

/** A generated message: plain text, HTML, or both, optionally with one base64 attachment. */
function mail(draft: Draft): Buffer {
  const head = [
    `From: ${draft.from ?? 'Shop News <news@mail.shopdemo.com>'}`,
    `To: ${draft.to ?? 'jane.doe@example.org'}`,
    `Subject: ${draft.subject ?? 'Hello'}`,
    'Date: Tue, 01 Jul 2025 10:52:37 +0200',
    'Message-ID: <signals-1@mail.shopdemo.com>',
    'MIME-Version: 1.0',
    ...(draft.extra ?? []),
  ];
  const parts: string[] = [];
  if (draft.text !== undefined) parts.push(['Content-Type: text/plain; charset=utf-8', '', draft.text].join('\r\n'));
  if (draft.html !== undefined) parts.push(['Content-Type: text/html; charset=utf-8', '', draft.html].join('\r\n'));
  if (draft.attachment) {
    const { name, type, bytes } = draft.attachment;
    parts.push([`Content-Type: ${type}; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`, 'Content-Transfer-Encoding: base64', '', bytes.toString('base64')].join('\r\n'));
  }
  const boundary = 'sig-boundary-1';
  const body = [...parts.map((p) => `--${boundary}\r\n${p}`), `--${boundary}--`, ''].join('\r\n');
  return Buffer.from([...head, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', body].join('\r\n'), 'utf8');
}

async function types(draft: Draft): Promise<string[]> {
  return (await analyzer.analyze(mail(draft), null)).indicators.map((i) => i.type);
}

describe('links to raw servers and storage buckets', () => {
  test('dynamic-DNS names and host names built from an IP address count; the services’ own sites do not', () => {
    assert.ok(isRawServerHost('login-portal.duckdns.org'));
    assert.ok(isRawServerHost('ec2-3-88-12-200.compute-1.amazonaws.com'));
    assert.ok(isRawServerHost('142.132.167.72.host.secureserver.net'));
    assert.ok(!isRawServerHost('www.dyndns.org'));
    assert.ok(!isRawServerHost('members.dyndns.org'));
    assert.ok(!isRawServerHost('www.example.com'));
    assert.ok(!isRawServerHost('release-2-0-1.example.com'));
  });

  test('a link to a cloud machine’s raw host name is reported with the host', async () => {
    const result = await analyzer.analyze(mail({ text: 'Review the document: http://ec2-3-88-12-200.compute-1.amazonaws.com/doc/view' }), null);
    const finding = result.indicators.find((i) => i.type === 'raw_server_link');
    assert.ok(finding, JSON.stringify(result.indicators));
    assert.match(finding.description, /ec2-3-88-12-200\.compute-1\.amazonaws\.com/);
  });

  test('a web page in a storage bucket counts; an image in one does not', async () => {
    assert.ok((await types({ text: 'Open: https://storage.googleapis.com/bkt-8812/invoice/index.html#ref=1' })).includes('storage_bucket_page_link'));
    assert.ok((await types({ text: 'Open: https://bucket-8812.s3.eu-west-1.amazonaws.com/portal.htm' })).includes('storage_bucket_page_link'));
    assert.ok(!(await types({ html: '<p>Our logo</p><a href="https://storage.googleapis.com/bkt-8812/logo.png">logo</a>' })).includes('storage_bucket_page_link'));
  });
});

describe('the recipient’s address in a link', () => {
  test('plain, %-encoded or base64 in the query of another site’s link', async () => {
    const plain = await analyzer.analyze(mail({ text: 'Confirm: https://docs-verify.example.net/s/x.php?email=jane.doe@example.org' }), null);
    const finding = plain.indicators.find((i) => i.type === 'recipient_address_in_link');
    assert.ok(finding, JSON.stringify(plain.indicators));
    assert.match(finding.description, /jane\.doe@example\.org/);
    const encoded = Buffer.from('jane.doe@example.org').toString('base64');
    assert.ok((await types({ text: `Open https://docs-verify.example.net/a/?u=${encoded}` })).includes('recipient_address_in_link'));
    assert.ok((await types({ text: 'Open https://docs-verify.example.net/a/?u=jane.doe%40example.org' })).includes('recipient_address_in_link'));
  });

  test('not on the sender’s own site, not in unsubscribe links, not in list mail', async () => {
    assert.ok(!(await types({ text: 'Your order: https://www.shopdemo.com/orders?email=jane.doe@example.org' })).includes('recipient_address_in_link'));
    assert.ok(!(await types({ text: 'Leave the list: https://mailer.example.net/unsubscribe?e=jane.doe@example.org' })).includes('recipient_address_in_link'));
    const list = await types({ to: 'users@lists.example.org', extra: ['List-Id: Users <users.lists.example.org>'], text: 'Archive: https://archive.example.net/search?l=users@lists.example.org' });
    assert.ok(!list.includes('recipient_address_in_link'), list.join());
  });
});

describe('the recipient’s address in the subject', () => {
  test('bulk mail merging the bare address into the subject', async () => {
    assert.ok((await types({ subject: 'jane.doe@example.org, your reward is waiting', text: 'Claim it today.' })).includes('recipient_in_subject'));
  });

  test('not a calendar invitation naming the invitee in brackets', async () => {
    const invite = await types({ subject: 'Invitation: Weekly sync @ Mon 10am (jane.doe@example.org)', text: 'Join us.' });
    assert.ok(!invite.includes('recipient_in_subject'), invite.join());
  });
});

describe('display names that imitate a brand', () => {
  test('a Cyrillic letter, a capital I for an l, a digit for a letter', () => {
    assert.equal(brandImitatedInDisplayName('Meta\u041Cask')?.name, 'MetaMask');
    assert.equal(brandImitatedInDisplayName('Iedger')?.name, 'Ledger');
    assert.equal(brandImitatedInDisplayName('PayPaI Service')?.name, 'PayPal');
    assert.equal(brandImitatedInDisplayName('Amaz0n Support')?.name, 'Amazon');
  });

  test('plain spellings and ordinary names are not imitations', () => {
    assert.equal(brandImitatedInDisplayName('Ledger'), null);
    assert.equal(brandImitatedInDisplayName('Appie'), null);
    assert.equal(brandImitatedInDisplayName('Ian Clarke'), null);
    assert.equal(brandImitatedInDisplayName('Zoë Müller'), null);
  });

  test('the finding names the brand and the real sender domain', async () => {
    const result = await analyzer.analyze(mail({ from: '"Meta\u041Cask" <kundklubb@shoes-outlet.net>', subject: 'Your wallet is disabled', text: 'Restore access today.' }), null);
    const finding = result.indicators.find((i) => i.type === 'display_name_brand_lookalike');
    assert.ok(finding, JSON.stringify(result.indicators));
    assert.match(finding.description, /MetaMask/);
    assert.match(finding.description, /shoes-outlet\.net/);
  });

  test('a word mixing alphabets is reported even without a brand', async () => {
    assert.equal(mixedScriptWord('Support a\u1974count team'), 'a\u1974count');
    assert.equal(mixedScriptWord('Борис Иванов'), null);
    assert.ok((await types({ from: '"Support a\u1974count team" <noreply@uni.example>', text: 'Read the agreement.' })).includes('display_name_mixed_script'));
  });

  test('"Name from Brand" and "Brand News" claim the brand', () => {
    assert.equal(brandInDisplayName('Hiba from Ledger')?.name, 'Ledger');
    assert.equal(brandInDisplayName('Ledger News')?.name, 'Ledger');
    assert.equal(brandInDisplayName('Chase Miller'), null);
    assert.equal(brandInDisplayName('Ann Smith via Target'), null);
  });
});

describe('over-encoded headers', () => {
  test('a subject hex-escaping plain letters is reported; ordinary encoded accents are not', async () => {
    assert.ok((await types({ subject: '=?UTF-8?Q?=50=61=79=6D=65=6E=74_=72=65=63=65=69=76=65=64?=', text: 'See attached.' })).includes('header_excess_encoding'));
    assert.ok(!(await types({ subject: '=?UTF-8?Q?Caf=C3=A9_ce_soir=3F?=', text: 'See you.' })).includes('header_excess_encoding'));
  });
});

describe('an encrypted attachment with its password in the message', () => {
  const encryptedPdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R /Encrypt 2 0 R >>\n%%EOF\n', 'latin1');

  test('reported with the phrase that gives the password', async () => {
    const result = await analyzer.analyze(mail({ text: 'Veja o arquivo em anexo. Para visualizar, use a senha: 4455', attachment: { name: 'fatura.pdf', type: 'application/pdf', bytes: encryptedPdf } }), null);
    const kinds = result.indicators.map((i) => i.type);
    assert.ok(kinds.includes('pdf_encrypted') && kinds.includes('attachment_password_in_body'), kinds.join());
    assert.match(result.indicators.find((i) => i.type === 'attachment_password_in_body')!.description, /senha: 4455/);
    assert.ok(result.scores.malware_score > 0);
  });

  test('an encrypted statement without a password in the message is only noted weakly', async () => {
    const kinds = await types({ text: 'Your monthly statement is attached; open it with your date of birth.', attachment: { name: 'statement.pdf', type: 'application/pdf', bytes: encryptedPdf } });
    assert.ok(kinds.includes('pdf_encrypted'));
    assert.ok(!kinds.includes('attachment_password_in_body'), kinds.join());
  });
});

describe('"unusual sign-in" lures in other languages', () => {
  test('French, Portuguese and Spanish wording count as credential lures', async () => {
    for (const text of ['Nous avons détecté une connexion inhabituelle sur votre compte.', 'Detectamos atividade suspeita na sua conta.', 'Hemos detectado un inicio de sesión inusual.']) {
      assert.ok((await types({ text })).includes('credential_lure'), text);
    }
  });
});

describe('scores do not depend on corpus artefacts', () => {
  const phish = (extra: string[], date: string, to: string): Buffer => {
    const raw = mail({
      from: '"Meta\u041Cask" <kundklubb@shoes-outlet.net>', to, subject: 'Unusual sign-in activity',
      extra, text: 'Verify your account: https://bucket-1.s3.amazonaws.com/verify.html and http://ec2-3-88-12-200.compute-1.amazonaws.com/',
    });
    return Buffer.from(raw.toString('utf8').replace('Tue, 01 Jul 2025 10:52:37 +0200', date), 'utf8');
  };

  test('the same message with another date, another recipient, and third-party Authentication-Results/ARC headers scores the same', async () => {
    const base = await analyzer.analyze(phish([], 'Tue, 01 Jul 2025 10:52:37 +0200', 'jane.doe@example.org'), null);
    const variants = [
      phish([], 'Mon, 02 Sep 2002 08:00:00 -0700', 'jane.doe@example.org'),
      phish([], 'Tue, 01 Jul 2025 10:52:37 +0200', 'someone.else@example.net'),
      phish(['Authentication-Results: mx.example.net; spf=pass; dkim=pass header.d=shoes-outlet.net; dmarc=pass', 'ARC-Seal: i=1; a=rsa-sha256; cv=none; d=example.net; s=arc; b=AAAA'], 'Tue, 01 Jul 2025 10:52:37 +0200', 'jane.doe@example.org'),
    ];
    for (const raw of variants) {
      const other = await analyzer.analyze(raw, null);
      assert.deepEqual(other.scores, base.scores);
    }
  });
});
