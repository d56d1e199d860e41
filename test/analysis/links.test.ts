/**
 * The link inspector: extraction from text and HTML (with the HTML facts), every finding type on
 * small hand-written messages, IOCs, defanging, the time budget, and normal mail that must stay quiet.
 * Pure code: no database.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defang, domainShownIn, extractLinks, inspectLinks, refang, type Link } from '../../src/analysis/links/index.ts';
import { budgetOf, type Budget } from '../../src/analysis/types.ts';

const budget = (): Budget & { cuts: string[] } => budgetOf(10_000);
const extract = (html: string | null, text: string | null = null) => extractLinks({ text, html }, budget());
const types = (links: Link[], senderDomain: string | null = 'shop.example.com'): string[] =>
  inspectLinks(links, { senderDomain }, budget()).findings.map((f) => f.type).sort();
const inspectHtml = (html: string, senderDomain: string | null = 'shop.example.com') => {
  const { links } = extract(html);
  return inspectLinks(links, { senderDomain }, budget());
};
const findingOf = (html: string, type: string, senderDomain: string | null = 'shop.example.com') =>
  inspectHtml(html, senderDomain).findings.find((f) => f.type === type);

describe('extractLinks', () => {
  it('finds href, form action, src, background, CSS url(), <style>, meta refresh and link href, with anchor text', () => {
    const { links, html } = extract(`<html><head><meta http-equiv="refresh" content="5; url=https://next.example.org/go">
      <link rel="stylesheet" href="https://cdn.example.net/s.css"><style>.x{background:url('https://img.example.net/bg.png')}</style></head>
      <body background="https://img.example.net/body.jpg"><a href="https://www.example.com/a?x=1&amp;y=2">Read <b>more</b></a>
      <form action="https://collect.example.biz/post"><input name="q"></form><img src="https://img.example.net/p.gif">
      <div style="background-image:url(https://img.example.net/div.png)">x</div></body></html>`);
    const bySource = (source: string) => links.filter((l) => l.source === source).map((l) => l.url);
    assert.deepEqual(bySource('href'), ['https://www.example.com/a?x=1&y=2']);
    assert.equal(links.find((l) => l.source === 'href')?.anchorText, 'Read more');
    assert.deepEqual(bySource('form'), ['https://collect.example.biz/post']);
    assert.deepEqual(bySource('meta-refresh'), ['https://next.example.org/go']);
    assert.deepEqual(bySource('src').sort(), ['https://cdn.example.net/s.css', 'https://img.example.net/body.jpg', 'https://img.example.net/p.gif']);
    assert.deepEqual(bySource('css').sort(), ['https://img.example.net/bg.png', 'https://img.example.net/div.png']);
    assert.equal(html?.metaRefreshUrl, 'https://next.example.org/go');
    assert.equal(html?.formCount, 1);
  });

  it('resolves relative links against <base href> and drops mailto:, cid: and fragments', () => {
    const { links, html } = extract(`<base href="https://portal.example.org/app/"><a href="login.php">Sign in</a>
      <a href="mailto:a@example.org">mail</a><img src="cid:logo@x"><a href="#top">top</a>`);
    assert.equal(html?.baseHref, 'https://portal.example.org/app/');
    assert.deepEqual(links.map((l) => l.url), ['https://portal.example.org/app/login.php']);
  });

  it('finds URLs in plain text and in the visible text of HTML, but not file names or bare private IPs', () => {
    const { links } = extract('<p>Copy this: https://visible.example.com/x</p>', 'See www.example.org and http://evil.example.net/p, README.md, setup.py, 192.168.10.2');
    assert.deepEqual(links.map((l) => `${l.source} ${l.url}`).sort(), [
      'text http://evil.example.net/p', 'text http://www.example.org/', 'text https://visible.example.com/x',
    ]);
  });

  it('measures visible and hidden text: display:none, visibility, font-size, opacity, zero size, colour on same background', () => {
    const { html } = extract(`<body><p>Hello reader</p>
      <div style="display:none">aaaaa</div><span style="visibility:hidden">bbbbb</span>
      <span style="font-size:0px">ccccc</span><span style="font-size:1px">ddddd</span><span style="opacity:0">eeeee</span>
      <div style="width:0;height:0;overflow:hidden">fffff</div>
      <td bgcolor="#ffffff"><font color="white">ggggg</font></td><div style="background:#000"><span style="color:#000000">hhhhh</span></div>
      <span hidden>iiiii</span><script>var s = "not text";</script><span style="color:#fff">shown on unknown bg</span></body>`);
    assert.equal(html?.hiddenTextChars, 45);
    assert.equal(html?.visibleText, 'Hello reader shown on unknown bg');
    assert.equal(html?.scriptCount, 1);
  });

  it('counts password inputs, external images, tracking pixels and flags the form link with a password field', () => {
    const { links, html } = extract(`<form action="https://x.example.net/p"><input type="password" name="p"></form><input type="PASSWORD">
      <img src="https://t.example.net/o.gif" width="1" height="1"><img src="//img.example.net/a.png" style="width:1px;height:1px">
      <img src="https://img.example.net/big.png" width="600"><img src="data:image/png;base64,AAAA">`);
    assert.equal(html?.passwordInputs, 2);
    assert.equal(html?.externalImages, 3);
    assert.equal(html?.trackingPixels, 2);
    assert.equal(links.find((l) => l.source === 'form')?.passwordField, true);
  });

  it('detects HTML smuggling: a Blob saved through createObjectURL, msSaveOrOpenBlob, or a download link to a data: URI', () => {
    const blob = extract('<script>var b = new Blob([bytes], {type: "application/zip"}); a.href = URL.createObjectURL(b); a.download = "x.zip";</script>');
    assert.equal(blob.html?.smuggling, true);
    const ms = extract('<script>window.navigator.msSaveOrOpenBlob(b, "invoice.iso")</script>');
    assert.equal(ms.html?.smuggling, true);
    const anchor = extract('<a href="data:application/octet-stream;base64,TVqQ" download="a.exe">get</a>');
    assert.equal(anchor.html?.smuggling, true);
    const plain = extract('<script>document.getElementById("x").click()</script>');
    assert.equal(plain.html?.smuggling, false);
  });

  it('stops when the budget has run out, says what was cut, and finishes a 20 MB body within budget', () => {
    const spent = budgetOf(-1);
    const result = extractLinks({ text: 'http://a.example.com', html: '<a href="https://b.example.com">b</a>' }, spent);
    assert.deepEqual(result.links, []);
    assert.ok(spent.cuts.some((c) => c.startsWith('HTML link extraction')));

    const huge = '<div><a href="https://x.example.com/p">link</a> text text text</div>'.repeat(300_000);
    assert.ok(huge.length > 20_000_000);
    const small = budgetOf(200);
    const started = performance.now();
    const big = extractLinks({ text: null, html: huge }, small);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 1_500, `took ${elapsed} ms`);
    assert.ok(small.cuts.length > 0);
    assert.ok(big.links.length >= 1);
  });

  it('keeps at most 2,000 links and reports the rest as cut', () => {
    const html = Array.from({ length: 2_500 }, (_, i) => `<a href="https://h${i}.example.com/">x</a>`).join('');
    const b = budget();
    const { links } = extractLinks({ text: null, html }, b);
    assert.equal(links.length, 2_000);
    assert.ok(b.cuts.some((c) => c.includes('2000')));
  });
});

describe('inspectLinks findings', () => {
  it('link text showing one domain while the href opens another registered domain', () => {
    const f = findingOf('<a href="https://secure-login.example.net/pp">https://www.paypal.com/signin</a>', 'link_text_domain_mismatch');
    assert.match(f?.description ?? '', /paypal\.com.*secure-login\.example\.net/);
    assert.ok((f?.points.phishing ?? 0) >= 10);
    // Same registered domain, same brand on another country domain, or words that are no domain: quiet.
    assert.equal(findingOf('<a href="https://mail.paypal.com/x">www.paypal.com</a>', 'link_text_domain_mismatch'), undefined);
    assert.equal(findingOf('<a href="https://www.amazon.co.uk/x">amazon.com</a>', 'link_text_domain_mismatch'), undefined);
    assert.equal(findingOf('<a href="https://elsewhere.example.net/">Click here to read more</a>', 'link_text_domain_mismatch'), undefined);
  });

  it('IP-literal hosts, and IPs hidden in decimal, hex and octal notation', () => {
    // Private, loopback and documentation ranges are devices on the reader's network, not sites.
    assert.equal(findingOf('<a href="http://192.168.10.2/">x</a>', 'ip_literal_link'), undefined);
    assert.match(findingOf('<a href="http://45.42.160.27/login">x</a>', 'ip_literal_link')?.description ?? '', /45\.42\.160\.27/);
    assert.match(findingOf('<a href="http://[2a00:1450:4001::1]/x">x</a>', 'ip_literal_link')?.description ?? '', /2a00:1450:4001::1/);
    for (const host of ['3232235777', '0xC0A80101', '0300.0250.01.01']) {
      const f = findingOf(`<a href="http://${host}/login">x</a>`, 'obfuscated_ip_link');
      assert.match(f?.description ?? '', /192\.168\.1\.1/, host);
    }
  });

  it('punycode hosts, and host labels mixing scripts', () => {
    const r = inspectHtml('<a href="https://xn--pypal-4ve.com/login">x</a>');
    const idn = r.findings.find((f) => f.type === 'idn_link_host');
    assert.match(idn?.description ?? '', /xn--pypal-4ve\.com \(shown as pаypal\.com\)/);
    assert.ok(r.findings.some((f) => f.type === 'mixed_script_link_host'));
    assert.ok(r.findings.some((f) => f.type === 'brand_lookalike_link'));
  });

  it('URL shorteners, data: and javascript: URIs, non-standard ports, suspicious TLDs', () => {
    assert.match(findingOf('<a href="https://bit.ly/3abc">x</a>', 'url_shortener_link')?.description ?? '', /bit\.ly/);
    assert.ok(findingOf('<a href="data:text/html;base64,PGgxPkhp">open</a>', 'data_uri_link'));
    assert.ok(findingOf('<a href="javascript:alert(1)">open</a>', 'script_uri_link'));
    assert.match(findingOf('<a href="https://files.example.org:8443/x">x</a>', 'nonstandard_port_link')?.description ?? '', /:8443/);
    const tld = findingOf('<a href="https://account-check.xyz/">x</a>', 'suspicious_tld_link');
    assert.ok(tld && (tld.points.phishing ?? 0) <= 8, 'suspicious TLDs weigh little');
    // An image loaded from a data: URI is ordinary.
    assert.equal(findingOf('<img src="data:image/png;base64,AAAA">', 'data_uri_link'), undefined);
  });

  it('open redirects: known redirectors and redirect parameters, reporting the final target', () => {
    const google = findingOf('<a href="https://www.google.com/url?q=https://evil-login.example.net/x&sa=D">x</a>', 'known_redirector_link');
    assert.match(google?.description ?? '', /Google.*evil-login\.example\.net/);
    const bingTarget = Buffer.from('https://phish.example.net/p').toString('base64url');
    assert.match(findingOf(`<a href="https://www.bing.com/ck/a?!&&p=abc&u=a1${bingTarget}&ntb=1">x</a>`, 'known_redirector_link')?.description ?? '', /phish\.example\.net/);
    const param = findingOf('<a href="https://site.example.org/out?url=https%3A%2F%2Fevil.example.net%2Flogin">x</a>', 'open_redirect_link');
    assert.match(param?.description ?? '', /url=.*evil\.example\.net/);
    // The target is inspected too and lands in the IOCs.
    const r = inspectHtml('<a href="https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fbit.ly%2Fabc&data=x">x</a>');
    assert.ok(r.findings.some((f) => f.type === 'url_shortener_link'));
    assert.ok(!r.findings.some((f) => f.type === 'open_redirect_link' || f.type === 'known_redirector_link'), 'Safe Links wrapping is not itself a finding');
    assert.ok(r.iocs.urls.includes('https://bit.ly/abc'));
  });

  it('credential forms: password posting off-domain, to a free host, or to the sender itself; other forms', () => {
    const off = findingOf('<form action="https://collect.example.net/p"><input type="password"></form>', 'credential_form');
    assert.match(off?.description ?? '', /collect\.example\.net.*not the sender's example\.com/);
    assert.ok((off?.points.phishing ?? 0) >= 25);
    assert.ok(findingOf('<form action="https://my-login.web.app/p"><input type="password"></form>', 'credential_form', 'web.app.example.com'));
    assert.ok(findingOf('<form action="https://www.example.com/p"><input type="password"></form>', 'password_form'));
    assert.ok(findingOf('<form action="https://survey.example.net/p"><input name="q"></form>', 'external_form'));
  });

  it('free hosting, @-userinfo tricks, many domains, meta refresh and brand look-alike hosts', () => {
    assert.match(findingOf('<a href="https://docs.google.com/forms/d/e/1FAIp/viewform">x</a>', 'free_hosting_link')?.description ?? '', /docs\.google\.com\/forms/);
    assert.ok(findingOf('<a href="https://pay-update.pages.dev/">x</a>', 'free_hosting_link'));
    assert.equal(findingOf('<a href="https://docs.google.com/document/d/1">x</a>', 'free_hosting_link'), undefined);
    assert.match(findingOf('<a href="https://paypal.com@evil.example.net/login">x</a>', 'userinfo_link')?.description ?? '', /paypal\.com@evil\.example\.net/);
    const many = Array.from({ length: 13 }, (_, i) => `<a href="https://site${i}.example${i}.com/">x</a>`).join('');
    assert.match(findingOf(many, 'many_link_domains')?.description ?? '', /13 different/);
    assert.ok(findingOf('<meta http-equiv="refresh" content="0;url=https://next.example.net/">', 'meta_refresh_link'));
    assert.match(findingOf('<a href="https://paypal-secure-login.com/">x</a>', 'brand_lookalike_link')?.description ?? '', /PayPal/);
  });

  it('links from QR codes and attachments given as bare URLs are inspected (raw IP notation included)', () => {
    const found = types([{ url: 'http://0x2D2AA01B/login', host: null, source: 'qr' }, { url: 'https://bit.ly/x', host: 'bit.ly', source: 'attachment' }]);
    assert.deepEqual(found, ['obfuscated_ip_link', 'url_shortener_link']);
  });

  it('IOCs: every URL normalised, hosts and registered domains, IPs', () => {
    const { iocs } = inspectHtml('<a href="HTTPS://Login.Example.NET:443/a">x</a><img src="http://45.42.160.27/p.gif">');
    assert.deepEqual(iocs.urls, ['https://login.example.net/a', 'http://45.42.160.27/p.gif']);
    assert.deepEqual(iocs.domains, ['login.example.net', 'example.net']);
    assert.deepEqual(iocs.ips, ['45.42.160.27']);
  });

  it('each finding type fires once per message, naming the first few values', () => {
    const html = ['a', 'b', 'c', 'd', 'e'].map((s) => `<a href="https://bit.ly/${s}">x</a><a href="https://tinyurl.com/${s}">y</a>`).join('');
    const r = inspectHtml(html);
    const shorteners = r.findings.filter((f) => f.type === 'url_shortener_link');
    assert.equal(shorteners.length, 1);
    assert.match(shorteners[0]?.description ?? '', /bit\.ly; tinyurl\.com/);
  });
});

describe('normal mail stays quiet', () => {
  it('a newsletter with click-tracking redirects whose text shows the shop', () => {
    const html = `<a href="https://u1234.ct.sendgrid.net/ls/click?upn=abc">www.shop.example.com</a>
      <a href="https://example.us5.list-manage.com/track/click?u=1&id=2&e=3">Shop the sale</a>
      <a href="https://click.e.shop.example.com/?qs=abc&url=https%3A%2F%2Fwww.shop.example.com%2Fsale">Sale</a>
      <a href="https://www.facebook.com/shop">Facebook</a><a href="https://twitter.com/shop">Twitter</a>
      <img src="https://u1234.ct.sendgrid.net/wf/open?upn=x" width="1" height="1">`;
    assert.deepEqual(inspectHtml(html, 'news.shop.example.com').findings, []);
  });

  it('a GitHub notification', () => {
    const html = `<p>@alice commented on this pull request.</p><a href="https://github.com/org/repo/pull/12#issuecomment-1">View it on GitHub</a>
      <a href="https://github.com/notifications/unsubscribe-auth/AAA">unsubscribe</a>
      <img src="https://github.com/notifications/beacon/AAA.gif" height="1" width="1">`;
    const text = 'Reply to this email directly, view it on GitHub:\nhttps://github.com/org/repo/pull/12#issuecomment-1';
    const { links } = extractLinks({ text, html }, budget());
    assert.deepEqual(inspectLinks(links, { senderDomain: 'github.com' }, budget()).findings, []);
  });

  it('a mailing-list post with documentation links and device IPs', () => {
    const text = `Try setting addr=192.168.10.2 in the args, see https://files.ettus.com/manual/page_usrp_x3x0.html
and https://github.com/EttusResearch/uhd/issues/123 or the wiki at kb.ettus.com.\n_______________________________________________\nusers mailing list -- users@lists.example.org\nTo unsubscribe send an email to users-leave@lists.example.org`;
    const { links } = extractLinks({ text, html: null }, budget());
    assert.deepEqual(inspectLinks(links, { senderDomain: 'gmail.com' }, budget()).findings, []);
  });

  it('a receipt from amazon.com with links to amazon.com', () => {
    const html = `<a href="https://www.amazon.com/gp/css/order-history?ref_=pe_1">Your Orders</a>
      <a href="https://www.amazon.com/gp/r.html?C=ABC&R=DEF&T=C&U=https%3A%2F%2Fwww.amazon.com%2Fyour-account&A=XYZ">amazon.com</a>
      <img src="https://m.media-amazon.com/images/G/01/x.png">`;
    assert.deepEqual(inspectHtml(html, 'amazon.com').findings, []);
  });
});

describe('defang and domainShownIn', () => {
  it('defangs URLs, domains and IPs and refang reverses it', () => {
    assert.equal(defang('https://evil.example/path?x=1'), 'hxxps://evil[.]example/path?x=1');
    assert.equal(defang('evil.example'), 'evil[.]example');
    assert.equal(defang('192.168.1.1'), '192.168.1[.]1');
    assert.equal(defang('http://paypal.com@evil.example:8080/'), 'hxxp://paypal.com[@]evil[.]example:8080/');
    assert.equal(refang('hxxps://evil[.]example/path'), 'https://evil.example/path');
    assert.equal(refang('192.168.1[.]1'), '192.168.1.1');
  });

  it('reads a domain only from text that shows one', () => {
    assert.equal(domainShownIn('https://www.PayPal.com/signin'), 'paypal.com');
    assert.equal(domainShownIn('Visit www.example.co.uk today'), 'example.co.uk');
    assert.equal(domainShownIn('amazon.com'), 'amazon.com');
    assert.equal(domainShownIn('Click here'), null);
    assert.equal(domainShownIn('you@example.net'), null);
    assert.equal(domainShownIn('report.pdf'), null);
  });
});
