/**
 * Content sniffing from bytes: the type never comes from the name or the declared Content-Type,
 * and a name whose extension promises something else is flagged.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extensionOf, sniffContentType } from '../../src/emails/parsing/index.ts';
import { PDF_MINIMAL, PNG_1X1, windowsExecutable, zipArchive } from '../fixtures/mime/generate.ts';

const ZIP = zipArchive('a.txt', Buffer.from('hello'));
const DOCX_LIKE = zipArchive('[Content_Types].xml', Buffer.from(
  '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
));

describe('sniffContentType', () => {
  const cases: Array<[label: string, bytes: Buffer, filename: string | null, type: string, mismatch: boolean]> = [
    ['a PDF named .pdf', PDF_MINIMAL, 'invoice.pdf', 'application/pdf', false],
    ['a zip named .pdf', ZIP, 'invoice.pdf', 'application/zip', true],
    ['a zip named .zip', ZIP, 'files.ZIP', 'application/zip', false],
    ['a zip named .docx (a docx is a zip inside)', ZIP, 'letter.docx', 'application/zip', false],
    ['an OOXML document named .docx', DOCX_LIKE, 'letter.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', false],
    ['a Windows executable named .txt', windowsExecutable(), 'readme.txt', 'application/x-msdownload', true],
    ['a Windows executable named .scr', windowsExecutable(), 'photo.scr', 'application/x-msdownload', false],
    ['a Windows executable named .dat', windowsExecutable(), 'data.dat', 'application/x-msdownload', true],
    ['a PNG named .jpg', PNG_1X1, 'photo.jpg', 'image/png', true],
    ['a PNG without a name', PNG_1X1, null, 'image/png', false],
    ['HTML named .pdf', Buffer.from('<html><body><form action="https://x.example/login"></form></body></html>'), 'scan.pdf', 'text/html', true],
    ['HTML named .htm', Buffer.from('  <!DOCTYPE html><title>x</title>'), 'page.htm', 'text/html', false],
    ['HTML with a script after some text', Buffer.from('Loading...\n<script>location="https://x.example"</script>'), 'a.html', 'text/html', false],
    ['plain text named .txt', Buffer.from('Dear customer,\r\nplease find attached.\r\n'), 'note.txt', 'text/plain', false],
    ['plain text named .csv', Buffer.from('a,b,c\n1,2,3\n'), 'data.csv', 'text/plain', false],
    ['SVG', Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'logo.svg', 'image/svg+xml', false],
    ['UTF-16 text with a BOM', Buffer.from('\ufeffhello', 'utf16le'), 'u.txt', 'text/plain', false],
    ['unknown binary named .dat', Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0x80]), 'blob.dat', 'application/octet-stream', false],
    ['unknown binary named .txt', Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0x80]), 'notes.txt', 'application/octet-stream', true],
    ['unknown binary named .pdf', Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0x80]), 'doc.pdf', 'application/octet-stream', true],
    ['empty content', Buffer.alloc(0), 'empty.pdf', 'application/octet-stream', false],
    ['a corrupt zip (signature only)', Buffer.from('PK\x03\x04garbage', 'latin1'), 'x.zip', 'application/zip', false],
  ];
  for (const [label, bytes, filename, type, mismatch] of cases) {
    it(`${label} → ${type}${mismatch ? ', extension mismatch' : ''}`, async () => {
      const result = await sniffContentType(bytes, filename);
      assert.equal(result.contentType, type);
      assert.equal(result.extensionMismatch, mismatch);
    });
  }

  it('reads the extension as Windows does (case, trailing dots and spaces, right-to-left override)', () => {
    assert.equal(extensionOf('Invoice.PDF'), 'pdf');
    assert.equal(extensionOf('invoice.pdf.exe. . '), 'exe');
    assert.equal(extensionOf('photo\u202Egpj.exe'), 'exe');
    assert.equal(extensionOf('README'), null);
    assert.equal(extensionOf('weird.ext!'), null);
  });

  it('accepts a Uint8Array view into a larger buffer', async () => {
    const padded = Buffer.concat([Buffer.from('xxxx'), PDF_MINIMAL]);
    const result = await sniffContentType(new Uint8Array(padded.buffer, padded.byteOffset + 4, PDF_MINIMAL.length), 'a.pdf');
    assert.equal(result.contentType, 'application/pdf');
  });
});
