import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspectContent, type ContentInput } from '../../src/analysis/content/index.ts';
import { budgetOf } from '../../src/analysis/types.ts';

function input(overrides: Partial<ContentInput> & { headers?: Record<string, string> }): ContentInput {
  const headers = { 'message-id': '<a@b.example>', to: 'someone@example.org', ...overrides.headers };
  return {
    subject: null, text: null, html: null, htmlVisibleText: null, hiddenTextChars: 0, passwordInputs: 0, imageCount: 0, smuggling: false, rawHead: '',
    header: (name) => (headers as Record<string, string>)[name] ?? null,
    ...overrides,
  };
}

const types = (findings: ReturnType<typeof inspectContent>) => findings.map((f) => f.type).sort();

describe('content inspector', () => {
  test('lure families in several languages, each naming the phrases it saw', () => {
    const findings = inspectContent(input({
      subject: 'Ação necessária',
      text: 'Your account has been suspended. Verify your account within 24 hours. Sua conta foi bloqueada, verifique sua conta. Claim your reward now!',
    }), budgetOf(1000));
    assert.deepEqual(types(findings).filter((t) => t.endsWith('_lure')), ['credential_lure', 'prize_lure', 'urgency_lure']);
    const credential = findings.find((f) => f.type === 'credential_lure')!;
    assert.match(credential.description, /"verify your account"/);
    assert.match(credential.description, /"verifique sua conta"/);
    assert.ok((credential.points.phishing ?? 0) >= 20);
  });

  test('ordinary mail has no findings', () => {
    const findings = inspectContent(input({
      subject: 'Re: notes from the design review',
      text: 'Thanks for the notes. I pushed the fix for the parser and updated the tests; the release can go out on Friday.',
      headers: { 'in-reply-to': '<x@y.example>' },
    }), budgetOf(1000));
    assert.deepEqual(findings, []);
  });

  test('a reply that answers nothing, shouting, HTML-only, base64 HTML, hidden text, image-only and smuggling', () => {
    const rawHead = 'Content-Type: multipart/alternative; boundary=x\r\n\r\n--x\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nPGh0bWw+';
    const findings = inspectContent(input({
      subject: 'RE: YOUR PAYMENT IS WAITING!!',
      html: '<img src="https://cdn.example/a.png">',
      htmlVisibleText: '',
      hiddenTextChars: 500,
      imageCount: 1,
      smuggling: true,
      rawHead,
      headers: { to: 'undisclosed-recipients:;' },
    }), budgetOf(1000));
    for (const type of ['fake_reply', 'subject_shouting', 'subject_exclamations', 'html_only', 'base64_html', 'hidden_text', 'image_only', 'html_smuggling', 'undisclosed_recipients']) {
      assert.ok(types(findings).includes(type), `${type} in ${types(findings).join(',')}`);
    }
    assert.ok((findings.find((f) => f.type === 'html_smuggling')!.points.malware ?? 0) >= 30);
  });

  test('base64 on another part does not count as base64 HTML', () => {
    const rawHead = '--x\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>hi</p>\r\n--x\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBOR';
    const findings = inspectContent(input({ text: 'hi', html: '<p>hi</p>', rawHead }), budgetOf(1000));
    assert.ok(!types(findings).includes('base64_html'));
  });

  test('a huge pathological body stays fast', () => {
    const text = 'verify your '.repeat(200_000) + 'a'.repeat(1_000_000);
    const started = performance.now();
    inspectContent(input({ text }), budgetOf(5000));
    assert.ok(performance.now() - started < 2000);
  });
});

describe('header inspector', () => {
  test('mail claiming to come from the recipient, and a From domain that cannot exist', async () => {
    const { inspectHeaders } = await import('../../src/analysis/headers.ts');
    const me = { address: 'Jane@Example.org', name: 'Jane' };
    assert.deepEqual(inspectHeaders(me, [{ address: 'jane@example.org', name: '' }]).map((f) => f.type), ['from_is_recipient']);
    assert.deepEqual(inspectHeaders({ address: 'aviso176705@correios', name: 'Correios' }, []).map((f) => f.type), ['sender_domain_invalid']);
    assert.deepEqual(inspectHeaders({ address: 'ana@colleague.example', name: 'Ana' }, [me]), []);
    assert.deepEqual(inspectHeaders({ address: 'root@[192.0.2.1]', name: '' }, [me]), []);
    assert.deepEqual(inspectHeaders(null, [me]), []);
  });

  test('a mailing list that rewrites From to its own address is not "from the recipient"', async () => {
    const { inspectHeaders } = await import('../../src/analysis/headers.ts');
    const list = { address: 'apparmor@lists.ubuntu.com', name: 'John Johansen via AppArmor' };
    const to = [{ address: 'apparmor@lists.ubuntu.com', name: '' }];
    assert.deepEqual(inspectHeaders(list, to, [{ name: 'List-Post', value: '<mailto:apparmor@lists.ubuntu.com>' }]), []);
    assert.deepEqual(inspectHeaders(list, to, [{ name: 'List-Id', value: 'AppArmor discussion <apparmor.lists.ubuntu.com>' }]), []);
    // A member's own address as From and To, distributed by a list manager (Yahoo Groups' Mailing-List).
    const member = { address: 'ann@isp.example', name: 'Ann' };
    assert.deepEqual(inspectHeaders(member, [member], [{ name: 'Mailing-List', value: 'list zzz@yahoogroups.com; contact zzz-owner@yahoogroups.com' }]), []);
    // Bulk mail's List-Unsubscribe is not list traffic.
    assert.deepEqual(inspectHeaders(member, [member], [{ name: 'List-Unsubscribe', value: '<mailto:u@esp.example>' }]).map((f) => f.type), ['from_is_recipient']);
  });
});

describe('brand sender without the brand\'s signature', () => {
  const verified = (dkim: 'pass' | 'fail' | 'none', dkimDomain: string | null, dmarc: 'pass' | 'fail' | 'none' = 'none') => ({
    spf: 'none' as const, dkim, dkim_domain: dkimDomain, dmarc, dmarc_policy: null, arc: 'none' as const,
  });

  test('offline: a From at the brand\'s own domain with no DKIM-Signature from the brand is flagged; a signature header clears it', async () => {
    const { inspectBrandSignature } = await import('../../src/analysis/sender/brand-signature.ts');
    const unsigned = inspectBrandSignature({ fromAddress: 'service@paypal.com', headers: [], auth: null });
    assert.deepEqual(unsigned.map((f) => f.type), ['brand_sender_unsigned']);
    assert.match(unsigned[0]!.description, /paypal\.com, PayPal's own domain/);
    const otherSigner = [{ name: 'DKIM-Signature', value: 'v=1; a=rsa-sha256; d=mailer.example; s=s1; b=abc' }];
    assert.equal(inspectBrandSignature({ fromAddress: 'service@paypal.com', headers: otherSigner, auth: null }).length, 1);
    const brandSigner = [{ name: 'DKIM-Signature', value: 'v=1; a=rsa-sha256; d=paypal.com; s=pp; b=abc' }];
    assert.deepEqual(inspectBrandSignature({ fromAddress: 'service@paypal.com', headers: brandSigner, auth: null }), []);
  });

  test('verified: an aligned DKIM pass or a DMARC verdict decides; unverifiable headers do not', async () => {
    const { inspectBrandSignature } = await import('../../src/analysis/sender/brand-signature.ts');
    const forgedHeader = [{ name: 'DKIM-Signature', value: 'v=1; d=paypal.com; s=pp; b=forged' }];
    assert.equal(inspectBrandSignature({ fromAddress: 'service@paypal.com', headers: forgedHeader, auth: verified('none', null) }).length, 1);
    assert.deepEqual(inspectBrandSignature({ fromAddress: 'service@paypal.com', headers: [], auth: verified('pass', 'paypal.com') }), []);
    assert.equal(inspectBrandSignature({ fromAddress: 'service@paypal.com', headers: [], auth: verified('pass', 'esp.example') }).length, 1);
    // A DMARC failure is scored by the authentication findings, a pass clears the sender.
    assert.deepEqual(inspectBrandSignature({ fromAddress: 'service@paypal.com', headers: [], auth: verified('fail', 'paypal.com', 'fail') }), []);
    assert.deepEqual(inspectBrandSignature({ fromAddress: 'service@paypal.com', headers: [], auth: verified('none', null, 'pass') }), []);
  });

  test('free-mail and unlisted domains are left alone (slack.net is not Slack)', async () => {
    const { inspectBrandSignature } = await import('../../src/analysis/sender/brand-signature.ts');
    assert.deepEqual(inspectBrandSignature({ fromAddress: 'someone@gmail.com', headers: [], auth: null }), []);
    assert.deepEqual(inspectBrandSignature({ fromAddress: 'user@slack.net', headers: [], auth: null }), []);
    assert.deepEqual(inspectBrandSignature({ fromAddress: 'ceo@small-company.example', headers: [], auth: null }), []);
    // An employee writing to a mailing list: the list re-sent it.
    assert.deepEqual(inspectBrandSignature({ fromAddress: 'engineer@hp.com', headers: [{ name: 'List-Id', value: '<devel.lists.example.org>' }], auth: null }), []);
    assert.equal(inspectBrandSignature({ fromAddress: 'engineer@hp.com', headers: [], auth: null }).length, 1);
  });
});
