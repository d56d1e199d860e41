/**
 * What a file name alone gives away: a risky real extension (executable, script, disk image …), a
 * decoy extension in front of it (`invoice.pdf.exe`, `scan.pdf      .html`), and bidi control
 * characters that make Windows show `invoice‮fdp.exe` as `invoiceexe.pdf`.
 */
import { quoteName, type InspectionContext } from './context.ts';
import { DECOY_EXTENSIONS, extensionOfName, kindOfExtension, type FileKind } from './kinds.ts';

/** Bidi embedding/override/isolate controls and the invisible marks used to pad names. */
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const HAS_BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export interface NameFacts {
  /** The name with bidi controls removed: what the system acts on. */
  effectiveName: string;
  extension: string | null;
  /** The kind the extension makes Windows treat the file as, or null for an unknown extension. */
  kind: FileKind | null;
}

/** Characters of a name looked at: the end, where extensions are (names can be 32 KB of padding). */
const MAX_NAME_CHARS = 1024;

export function nameFacts(name: string): NameFacts {
  // Long runs of padding shrink to three blanks, which still read as padding below.
  const effectiveName = name.replace(/[\s_]{3,}/gu, (run) => run.slice(0, 3)).slice(-MAX_NAME_CHARS).replace(BIDI, '');
  const extension = extensionOfName(effectiveName);
  return { effectiveName, extension, kind: kindOfExtension(extension) };
}

/** Kinds that make a decoy extension in front of them a disguise. */
const DISGUISED_KINDS: ReadonlySet<FileKind> = new Set(['executable', 'script', 'java_or_android', 'disk_image',
  'internet_shortcut', 'html', 'svg', 'onenote', 'mobileconfig']);

/** Records the name-based findings for `label` (a file named `name`). Returns the facts for later checks. */
export function inspectName(name: string, label: string, ctx: InspectionContext): NameFacts {
  const facts = nameFacts(name);
  if (HAS_BIDI.test(name)) {
    ctx.add('attachment_bidi_name', label,
      `The file name ${quoteName(name)} contains Unicode direction controls that make it display differently from what it is: `
      + `its real extension is ".${facts.extension ?? '(none)'}". Legitimate senders have no reason to do this.`);
  }
  const decoy = decoyExtension(facts.effectiveName);
  if (decoy && facts.kind !== null && kindOfExtension(decoy) !== facts.kind && (DISGUISED_KINDS.has(facts.kind) || facts.kind === 'archive')) {
    const padded = /[\s_]{3,}\.[^.]+$/u.test(facts.effectiveName.replace(/[. ]+$/u, '')) ? ', padded with blanks to push the real extension out of view' : '';
    if (facts.kind === 'archive') {
      ctx.add('attachment_double_extension_archive', label,
        `The archive ${quoteName(label)} is named like a ".${decoy}" file${padded}; opening it unpacks whatever it really holds.`);
    } else {
      ctx.add('attachment_double_extension', label,
        `The file ${quoteName(label)} poses as a ".${decoy}" file${padded} but its real extension is ".${facts.extension}": `
        + `a double extension hides what opening it will do.`);
    }
  }
  return facts;
}

/** The decoy extension in `name.decoy.real` (blanks and underscores around it ignored), or null. */
function decoyExtension(name: string): string | null {
  const parts = name.replace(/[. ]+$/u, '').split('.');
  if (parts.length < 3) return null;
  const decoy = parts[parts.length - 2]!.replace(/[\s_-]+$/u, '').toLowerCase();
  return DECOY_EXTENSIONS.has(decoy) ? decoy : null;
}

/** A human phrase for what a kind of file does, for descriptions. */
export function kindPhrase(kind: FileKind): string {
  switch (kind) {
    case 'executable': return 'a program that runs when opened';
    case 'script': return 'a script or shortcut Windows runs when it is opened';
    case 'java_or_android': return 'a Java or Android package that runs when opened';
    case 'disk_image': return 'a disk image that mounts on double-click (and hides its contents from mail scanners)';
    case 'internet_shortcut': return 'a Windows shortcut that opens a remote location';
    case 'mobileconfig': return 'an Apple configuration profile that installs settings or certificates';
    case 'onenote': return 'a OneNote notebook, a common carrier of embedded scripts';
    default: return `a ${kind} file`;
  }
}
