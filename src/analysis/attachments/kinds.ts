/**
 * What kind of file something is, for risk purposes: from its name's extension (what it claims and
 * what Windows will do on double-click), from its declared MIME type, and from its bytes (the sniffed
 * type, plus a few signatures file-type does not know: ISO/VHD/VHDX disk images, OneNote, MSI).
 */

export type FileKind =
  | 'executable' | 'script' | 'java_or_android' | 'disk_image' | 'internet_shortcut' | 'mobileconfig' | 'onenote'
  | 'archive' | 'ooxml' | 'cfb' | 'rtf' | 'pdf' | 'html' | 'svg' | 'calendar' | 'image' | 'text' | 'other';

/** Kinds that run code (or install something) when opened: decisive in mail. */
export const RUNNABLE_KINDS: ReadonlySet<FileKind> = new Set(['executable', 'script', 'java_or_android']);

const EXTENSION_KINDS: Record<string, FileKind> = {
  ...kindOf('executable', ['exe', 'dll', 'scr', 'com', 'pif', 'cpl', 'msi', 'msp', 'msc', 'xll', 'sys', 'ocx', 'drv',
    'appx', 'appxbundle', 'msix', 'msixbundle', 'application', 'gadget', 'elf', 'so', 'dylib', 'pkg', 'run']),
  ...kindOf('script', ['bat', 'cmd', 'ps1', 'psm1', 'psd1', 'vbs', 'vbe', 'vb', 'js', 'jse', 'wsf', 'wsh', 'wsc', 'ws',
    'hta', 'lnk', 'scf', 'sct', 'chm', 'inf', 'reg', 'xbap', 'jnlp', 'vba', 'applescript', 'scpt', 'command']),
  ...kindOf('java_or_android', ['jar', 'apk', 'xapk', 'aab', 'class']),
  ...kindOf('disk_image', ['iso', 'img', 'vhd', 'vhdx', 'dmg', 'udf']),
  ...kindOf('internet_shortcut', ['url', 'website', 'library-ms', 'searchconnector-ms', 'settingcontent-ms', 'appref-ms', 'search-ms']),
  ...kindOf('mobileconfig', ['mobileconfig']),
  ...kindOf('onenote', ['one', 'onepkg']),
  ...kindOf('archive', ['zip', 'rar', '7z', 'gz', 'gzip', 'tgz', 'tar', 'bz2', 'xz', 'cab', 'ace', 'arj', 'lzh', 'lha', 'z',
    'zst', 'r00', 'r01', 'uue', 'xxe', 'zipx']),
  ...kindOf('ooxml', ['docx', 'docm', 'dotx', 'dotm', 'xlsx', 'xlsm', 'xltx', 'xltm', 'xlsb', 'xlam', 'pptx', 'pptm',
    'potx', 'potm', 'ppsx', 'ppsm', 'ppam', 'odt', 'ods', 'odp']),
  ...kindOf('cfb', ['doc', 'dot', 'xls', 'xlt', 'ppt', 'pps', 'pot', 'msg', 'pub', 'vsd', 'mpp', 'wbk']),
  rtf: 'rtf',
  pdf: 'pdf',
  ...kindOf('html', ['html', 'htm', 'shtml', 'xhtml', 'mht', 'mhtml', 'xht']),
  ...kindOf('svg', ['svg', 'svgz']),
  ...kindOf('calendar', ['ics', 'ical', 'icalendar', 'vcs']),
  ...kindOf('image', ['jpg', 'jpeg', 'jpe', 'jfif', 'png', 'gif', 'bmp', 'tif', 'tiff', 'webp', 'heic', 'heif', 'avif', 'ico']),
  ...kindOf('text', ['txt', 'text', 'csv', 'tsv', 'log', 'md', 'json', 'xml', 'yml', 'yaml', 'asc', 'sig', 'p7s', 'eml']),
};

/** Extensions a decoy name ends in before the real extension (`invoice.pdf.exe`). */
export const DECOY_EXTENSIONS: ReadonlySet<string> = new Set(['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'rtf',
  'txt', 'csv', 'jpg', 'jpeg', 'png', 'gif', 'bmp', 'tif', 'tiff', 'odt', 'mp3', 'mp4', 'wav', 'eml', 'msg', 'htm', 'html',
  'xml', 'zip', 'invoice', 'scan']);

function kindOf(kind: FileKind, extensions: string[]): Record<string, FileKind> {
  return Object.fromEntries(extensions.map((extension) => [extension, kind]));
}

/**
 * Lower-case extension of a name, including the compound Windows ones (`x.library-ms`), or null.
 * Trailing dots and spaces are ignored as Windows ignores them.
 */
export function extensionOfName(name: string): string | null {
  const trimmed = name.replace(/[. ]+$/u, '');
  const dot = trimmed.lastIndexOf('.');
  if (dot === -1) return null;
  const extension = trimmed.slice(dot + 1).toLowerCase();
  return /^[a-z0-9-]{1,20}$/.test(extension) ? extension : null;
}

export function kindOfExtension(extension: string | null): FileKind | null {
  return extension !== null && Object.hasOwn(EXTENSION_KINDS, extension) ? EXTENSION_KINDS[extension]! : null;
}

/** The kind a declared MIME type claims, or null when it claims nothing useful (octet-stream, unknown). */
export function kindOfDeclaredType(type: string | null): FileKind | null {
  if (!type) return null;
  const base = type.split(';')[0]!.trim().toLowerCase();
  if (base === 'application/pdf') return 'pdf';
  if (base.startsWith('image/svg')) return 'svg';
  if (base.startsWith('image/')) return 'image';
  if (base === 'text/html' || base === 'application/xhtml+xml') return 'html';
  if (base === 'text/calendar' || base === 'application/ics') return 'calendar';
  if (base.includes('openxmlformats') || base.includes('opendocument') || base.includes('macroenabled')) return 'ooxml';
  if (base === 'application/msword' || base === 'application/vnd.ms-excel' || base === 'application/vnd.ms-powerpoint') return 'cfb';
  if (/^application\/(x-)?(zip|zip-compressed|rar|rar-compressed|7z-compressed|gzip|x-tar)$/.test(base)) return 'archive';
  if (base === 'application/x-msdownload' || base === 'application/x-dosexec' || base === 'application/x-msi') return 'executable';
  if (base.startsWith('text/plain')) return 'text';
  return null;
}

/** Maps the sniffed MIME type (and a few own signatures) to a kind. */
export function kindOfBytes(bytes: Uint8Array, sniffedType: string): FileKind {
  const own = ownSignature(bytes);
  if (own) return own;
  switch (sniffedType) {
    case 'application/x-msdownload': case 'application/x-elf': case 'application/x-mach-binary':
    case 'application/wasm': case 'application/x-msi':
      return 'executable';
    case 'application/x.ms.shortcut': return 'script';
    case 'application/java-archive': case 'application/vnd.android.package-archive': case 'application/java-vm':
      return 'java_or_android';
    case 'application/x-apple-diskimage': return 'disk_image';
    case 'application/x-cfb': case 'application/vnd.ms-outlook': return 'cfb';
    case 'application/rtf': return 'rtf';
    case 'application/pdf': return 'pdf';
    case 'text/html': return 'html';
    case 'image/svg+xml': return 'svg';
    case 'text/calendar': return 'calendar';
    case 'text/plain': case 'application/xml': return 'text';
  }
  if (ARCHIVE_TYPES.has(sniffedType)) return 'archive';
  if (sniffedType.includes('openxmlformats') || sniffedType.includes('opendocument') || sniffedType.includes('macroenabled')) return 'ooxml';
  if (sniffedType.startsWith('image/')) return 'image';
  return 'other';
}

export const ARCHIVE_TYPES: ReadonlySet<string> = new Set(['application/zip', 'application/gzip', 'application/x-rar-compressed',
  'application/x-7z-compressed', 'application/x-tar', 'application/x-bzip2', 'application/x-xz', 'application/vnd.ms-cab-compressed',
  'application/x-ace-compressed', 'application/x-arj', 'application/x-lzh-compressed', 'application/x-compress', 'application/x-lzip',
  'application/zstd', 'application/x-lz4', 'application/x-cpio', 'application/x-unix-archive', 'application/x-rpm', 'application/x-deb']);

/** CLSID of an MSI installer's root storage, as stored (little-endian GUID {000C1084-0000-0000-C000-000000000046}). */
const MSI_CLSID = Buffer.from('84100c0000000000c000000000000046', 'hex');
const ONENOTE_GUID = Buffer.from('e4525c7b8cd8a74daeb15378d02996d3', 'hex');

function ownSignature(bytes: Uint8Array): FileKind | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (view.length >= 16 && view.subarray(0, 16).equals(ONENOTE_GUID)) return 'onenote';
  if (view.length >= 8 && view.toString('latin1', 0, 8) === 'vhdxfile') return 'disk_image';
  if (view.length >= 8 && view.toString('latin1', 0, 8) === 'conectix') return 'disk_image';
  // ISO 9660: "CD001" in the first volume descriptor (sector 16, 2048-byte sectors) or a later one.
  for (const offset of [0x8001, 0x8801, 0x9001]) {
    if (view.length >= offset + 5 && view.toString('latin1', offset, offset + 5) === 'CD001') return 'disk_image';
  }
  if (isCfb(view) && view.length >= 512 && cfbRootClsid(view)?.equals(MSI_CLSID)) return 'executable';
  return null;
}

export function isCfb(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0
    && bytes[4] === 0xa1 && bytes[5] === 0xb1 && bytes[6] === 0x1a && bytes[7] === 0xe1;
}

/** The root directory entry's CLSID, read directly (first directory sector, entry 0), or null. */
function cfbRootClsid(view: Buffer): Buffer | null {
  const sectorShift = view.readUInt16LE(0x1e);
  if (sectorShift !== 9 && sectorShift !== 12) return null;
  const offset = (view.readUInt32LE(0x30) + 1) * (1 << sectorShift);
  return offset + 96 <= view.length ? view.subarray(offset + 80, offset + 96) : null;
}
