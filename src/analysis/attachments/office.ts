/**
 * Office documents: VBA and Excel 4.0 macros, auto-run procedures, remote templates and OLE objects
 * (Equation Editor, Package), encrypted documents, in the three containers Office uses — CFB/OLE2
 * (.doc/.xls/.ppt), OOXML zips (.docx/.xlsm …, whose `vbaProject.bin` is itself CFB) and RTF.
 * A plain .docx/.xlsx with no macros, no external template and no OLE object adds nothing.
 */
import { openCfb, type CfbFile } from './cfb.ts';
import { cleanUrl, quoteName, type FileNode, type InspectionContext } from './context.ts';
import { findVbaProject } from './vba.ts';
import { extractCounted, type Nested } from './extract.ts';
import type { ZipListing } from './zip.ts';

/** Bytes of the Excel workbook stream walked for BIFF records. */
const MAX_WORKBOOK_BYTES = 4 * 1024 * 1024;
/** Bytes of one OOXML XML part read (relationships, content types, workbook). */
const MAX_PART_BYTES = 1024 * 1024;
const MAX_RELS_PARTS = 200;
/** Relationship types that load content from the Target when the document opens. */
const REMOTE_LOADING_TYPES = /\/(attachedTemplate|oleObject|frame|subDocument|externalLinkPath|aFChunk|package)$/i;

/** CFB/OLE2 documents (and OLE objects embedded in documents). */
export async function inspectCfb(node: FileNode, ctx: InspectionContext, nested: Nested): Promise<void> {
  const cfb = openCfb(node.bytes);
  if (typeof cfb === 'string') {
    if (!node.partial) ctx.budget.cut(`${node.label}: Office (OLE) structure not inspected, ${cfb}`);
    return;
  }
  reportVba(cfb, node, ctx);
  const names = new Set(cfb.entries.map((e) => e.name.toLowerCase()));
  if (names.has('equation native')) {
    ctx.add('office_equation_object', node.label, `${quoteName(node.label)} embeds an Equation Editor object, the component exploited by CVE-2017-11882 to run code when the document opens.`);
  }
  if (names.has('encryptedpackage') && names.has('encryptioninfo')) {
    ctx.add('office_encrypted', node.label, `${quoteName(node.label)} is a password-encrypted Office document: nothing inside it can be scanned, and the password usually comes in the same message.`);
  }
  const workbook = cfb.entries.find((e) => e.parent === 0 && e.type === 2 && /^(workbook|book)$/i.test(e.name));
  if (workbook) inspectWorkbookStream(cfb.read(workbook, MAX_WORKBOOK_BYTES), node, ctx);
  const native = cfb.entries.find((e) => e.type === 2 && e.name === '\u0001Ole10Native');
  if (native) await inspectPackage(cfb.read(native, ctx.limits.maxEntryBytes), node, ctx, nested);
}

function reportVba(cfb: CfbFile, node: FileNode, ctx: InspectionContext): void {
  const project = findVbaProject(cfb);
  if (!project) return;
  const modules = project.modules.length > 0 ? ` (modules: ${project.modules.slice(0, 5).join(', ')})` : '';
  if (project.autoExec) {
    ctx.add('macro_auto_exec', node.label, `${quoteName(node.label)} contains VBA macros${modules} with ${project.autoExec}, which runs by itself as soon as macros are enabled.`);
  } else {
    ctx.add('macro_document', node.label, `${quoteName(node.label)} contains VBA macros${modules}; documents from strangers asking to "enable content" are how macro malware runs.`);
  }
}

/** BIFF8 records of an .xls workbook: macro sheets (Excel 4.0/XLM), the Auto_Open name, FILEPASS encryption. */
function inspectWorkbookStream(stream: Buffer | null, node: FileNode, ctx: InspectionContext): void {
  if (!stream) return;
  let macroSheet = false;
  let autoOpen = false;
  for (let at = 0; at + 4 <= stream.length;) {
    const type = stream.readUInt16LE(at);
    const length = stream.readUInt16LE(at + 2);
    const data = stream.subarray(at + 4, Math.min(stream.length, at + 4 + length));
    if (type === 0x0085 && data.length >= 6 && data[5] === 0x01) macroSheet = true; // BOUNDSHEET, dt = macro sheet
    if (type === 0x0018 && data.length >= 16 && (data.readUInt16LE(0) & 0x20) && data[15] === 0x01) autoOpen = true; // built-in NAME Auto_Open
    if (type === 0x002f) {
      ctx.add('office_encrypted', node.label, `${quoteName(node.label)} is an encrypted Excel workbook (often with Excel's default "VelvetSweatshop" password, which hides macros from scanners yet opens without a prompt).`);
    }
    at += 4 + length;
  }
  if (macroSheet && autoOpen) {
    ctx.add('macro_auto_exec', node.label, `${quoteName(node.label)} contains an Excel 4.0 (XLM) macro sheet with an Auto_Open name: its formulas run when the workbook opens.`);
  } else if (macroSheet) {
    ctx.add('macro_document', node.label, `${quoteName(node.label)} contains an Excel 4.0 (XLM) macro sheet, an old macro language malware still uses to evade VBA checks.`);
  }
}

/**
 * An OLE Package (`\x01Ole10Native`): size, flags, label, source path, then the file itself
 * (layout as Office writes it; documented by the community, not by [MS-OLEDS]).
 */
async function inspectPackage(stream: Buffer | null, node: FileNode, ctx: InspectionContext, nested: Nested): Promise<void> {
  if (!stream || stream.length < 12) return;
  // uint32 total size, uint16 flags, label\0, source path\0, uint16 flags, uint16, uint32 n, temp path (n bytes), uint32 size, data.
  let at = 6;
  const label = zeroTerminated(stream, at);
  at += label.length + 1;
  const path = zeroTerminated(stream, at);
  at += path.length + 1 + 4;
  const name = label || path.split(/[\\/]/).pop() || 'embedded package';
  ctx.add('office_embedded_package', node.label, `${quoteName(node.label)} embeds a file as an OLE Package ("${name}"): double-clicking its icon in the document runs or opens it.`);
  if (at + 4 > stream.length) return;
  at += 4 + stream.readUInt32LE(at);
  if (at + 4 > stream.length) return;
  const size = stream.readUInt32LE(at);
  const bytes = stream.subarray(at + 4, Math.min(stream.length, at + 4 + size));
  if (bytes.length === 0) return;
  await nested({ label: `${node.label} › ${name}`, name, bytes, partial: bytes.length < size, depth: node.depth + 1, archiveDepth: node.archiveDepth, inline: false });
}

function zeroTerminated(bytes: Buffer, at: number): string {
  const end = bytes.indexOf(0, at);
  return end === -1 || end - at > 1024 ? '' : bytes.toString('latin1', at, end);
}

/** OOXML (and ODF) zips: macros, macro-enabled types, relationships that load remote content, embedded objects. */
export async function inspectOoxml(node: FileNode, listing: ZipListing, ctx: InspectionContext, nested: Nested): Promise<void> {
  const byName = new Map(listing.entries.map((e) => [e.name.toLowerCase(), e]));
  const part = (name: string): string | null => {
    const entry = byName.get(name);
    const data = entry ? extractCounted(node, entry, MAX_PART_BYTES, ctx) : null;
    return data ? Buffer.from(data.bytes).toString('utf8') : null;
  };
  let macros = false;
  for (const entry of listing.entries) {
    const lower = entry.name.toLowerCase();
    if (lower.endsWith('vbaproject.bin')) {
      macros = true;
      const data = extractCounted(node, entry, ctx.limits.maxEntryBytes, ctx);
      const cfb = data ? openCfb(data.bytes) : 'not extracted';
      if (typeof cfb !== 'string') reportVba(cfb, node, ctx);
      else ctx.add('macro_document', node.label, `${quoteName(node.label)} carries a VBA project (${entry.name}); documents from strangers asking to "enable content" are how macro malware runs.`);
    } else if (lower.startsWith('xl/macrosheets/')) {
      macros = true;
      const autoOpen = /_xlnm\.Auto_Open/i.test(part('xl/workbook.xml') ?? '');
      ctx.add(autoOpen ? 'macro_auto_exec' : 'macro_document', node.label, `${quoteName(node.label)} contains an Excel 4.0 (XLM) macro sheet${autoOpen ? ' with an Auto_Open name that runs its formulas on opening' : ''}.`);
    } else if (/^(basic|scripts)\/.+\.xml$/.test(lower) && byName.has('mimetype')) {
      macros = true;
      ctx.add('macro_document', node.label, `${quoteName(node.label)} is an OpenDocument file with embedded macros (${entry.name}).`);
    }
  }
  if (!macros && /macroEnabled/i.test(part('[content_types].xml') ?? '')) {
    ctx.add('macro_enabled_type', node.label, `${quoteName(node.label)} is a macro-enabled Office type (its content types say macroEnabled) although no macro project was found.`);
  }
  inspectRelationships(node, listing, part, ctx);
  for (const entry of listing.entries) {
    if (!/\/embeddings\/[^/]+$/i.test(entry.name) || ctx.budget.expired()) continue;
    const data = extractCounted(node, entry, ctx.limits.maxEntryBytes, ctx);
    const name = entry.name.split('/').pop()!;
    if (data) await nested({ label: `${node.label} › ${name}`, name, bytes: data.bytes, partial: !data.complete, depth: node.depth + 1, archiveDepth: node.archiveDepth, inline: false });
  }
}

/** `<Relationship …>` tags, found with indexOf so that unterminated tags cost one pass in all. */
function* relationshipTags(xml: string): Generator<string> {
  for (let at = xml.indexOf('<Relationship'); at !== -1; at = xml.indexOf('<Relationship', at)) {
    const close = xml.indexOf('>', at);
    if (close === -1) return;
    yield xml.slice(at, close + 1);
    at = close + 1;
  }
}

function inspectRelationships(node: FileNode, listing: ZipListing, part: (name: string) => string | null, ctx: InspectionContext): void {
  const rels = listing.entries.filter((e) => e.name.toLowerCase().endsWith('.rels')).slice(0, MAX_RELS_PARTS);
  for (const entry of rels) {
    const xml = part(entry.name.toLowerCase());
    if (!xml) continue;
    for (const tag of relationshipTags(xml)) {
      const attrs = attributes(tag.slice(0, 8192));
      if ((attrs.targetmode ?? '').toLowerCase() !== 'external') continue;
      const target = decodeXml(attrs.target ?? '');
      const url = cleanUrl(target.replace(/^mhtml:/i, '').replace(/!.*$/, ''));
      if (url) ctx.addUrl(url);
      if (REMOTE_LOADING_TYPES.test(attrs.type ?? '') && /^(https?:|mhtml:|file:|\\\\|\/\/)/i.test(target)) {
        const kind = /\/(\w+)$/.exec(attrs.type ?? '')?.[1] ?? 'object';
        ctx.add('office_remote_template', node.label, `${quoteName(node.label)} loads a remote ${kind} from ${target.slice(0, 200)} when opened (remote template injection): the payload is fetched after the mail was scanned.`);
      }
    }
  }
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of tag.matchAll(/([\w:]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) out[match[1]!.toLowerCase()] = match[3] ?? match[4] ?? '';
  return out;
}

function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Math.min(0x10ffff, parseInt(lower.slice(2), 16)));
    if (lower.startsWith('#')) return String.fromCodePoint(Math.min(0x10ffff, parseInt(lower.slice(1), 10)));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[lower] ?? entity;
  });
}

/** RTF: embedded OLE objects (`\objdata`), and the Equation Editor class among them. */
export function inspectRtf(node: FileNode, ctx: InspectionContext): void {
  const text = Buffer.from(node.bytes.buffer, node.bytes.byteOffset, Math.min(node.bytes.length, ctx.limits.maxPdfBytes)).toString('latin1').toLowerCase();
  if (!/\\objdata|\\objupdate|\\objemb|\\objlink/.test(text)) return;
  if (/equation\.3|4571756174696f6e2e33/.test(text)) {
    ctx.add('office_equation_object', node.label, `${quoteName(node.label)} is an RTF document embedding an Equation Editor object, the component exploited by CVE-2017-11882.`);
  }
  ctx.add('rtf_embedded_object', node.label, `${quoteName(node.label)} is an RTF document with embedded OLE objects, the usual carrier of Office exploits.`);
}
