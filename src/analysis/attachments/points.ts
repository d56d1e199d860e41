/**
 * Every weight the attachment inspector gives, in one table so they can be tuned in one place.
 *
 * Scale (points per category, summed by the scorer and squashed to 0–100 with SCALE 40):
 * weak 3–8, moderate 10–20, strong 25–40, decisive 60+. Decisive is kept for what is almost never
 * innocent in mail: a known-malware hit (EICAR, ClamAV), an executable or script attached or packed
 * in an archive, a macro document that runs code when opened.
 *
 * Each finding type appears at most once per message (the strongest instance, naming the others),
 * so three QR images or two macro documents do not triple the score.
 */
import type { ScoreCategory } from '../types.ts';

export type Points = Partial<Record<ScoreCategory, number>>;

export const ATTACHMENT_POINTS = {
  /** The EICAR anti-virus test file: every scanner treats it as malware by convention. */
  eicar_test_file: { malware: 100 },
  /** ClamAV found a signature. */
  clamav_detection: { malware: 100 },

  /** A Windows/Linux/macOS executable, installer or DLL attached directly. */
  attachment_executable: { malware: 60 },
  /** A script Windows runs on double-click (js, vbs, ps1, hta, bat, wsf …) or a .lnk shortcut. */
  attachment_script: { malware: 60 },
  /** Java or Android packages: run with one click where a runtime is installed. */
  attachment_java_or_android: { malware: 40 },
  /** ISO/IMG/VHD disk images: mount on double-click and bypass Mark-of-the-Web. */
  attachment_disk_image: { malware: 40 },
  /** .url / .library-ms / .searchConnector-ms pointing Windows at files on a remote share (SMB/WebDAV, file://). */
  attachment_internet_shortcut: { malware: 35 },
  /** A .url shortcut to an ordinary web page: a link in disguise, and how browsers shared favourites. */
  attachment_web_shortcut: { phishing: 8 },
  /** Apple configuration profile: installs certificates, VPNs or MDM when accepted. */
  attachment_mobileconfig: { malware: 35 },
  /** OneNote notebook: the 2023 carrier of embedded scripts behind a "double-click to view" button. */
  attachment_onenote: { malware: 30 },
  /** A decoy extension before a risky one (`invoice.pdf.exe`, `scan.pdf.html`). */
  attachment_double_extension: { malware: 30, phishing: 5 },
  /** The same, where the risky extension is an archive (`invoice.pdf.zip`): often innocent. */
  attachment_double_extension_archive: { malware: 12 },
  /** Unicode bidi controls in a file name (U+202E turns `exe.pdf` into `fdp.exe` on screen). */
  attachment_bidi_name: { malware: 40, phishing: 10 },
  /** The bytes are a riskier kind than the name/declared type claims (a zip or HTML named .pdf). */
  attachment_type_mismatch: { malware: 15 },

  /** Any executable or script inside an archive, at any depth. */
  archive_executable: { malware: 70 },
  /** Password-protected entries: the classic way to get a payload past gateway scanners. */
  archive_encrypted: { malware: 25 },
  /** Compression ratio or declared size far beyond real documents: built to exhaust scanners. */
  archive_bomb: { malware: 30 },
  /** Archives nested deeper than the inspection limit. */
  archive_too_deep: { malware: 20 },
  /** RAR, 7z, ACE, ARJ, CAB, LZH …: formats Mailwarden cannot open and malware favours. */
  archive_unsupported: { malware: 12 },
  /** A zip that does not parse. */
  archive_corrupt: { malware: 5 },

  /** An Office document carrying a VBA project. */
  macro_document: { malware: 40 },
  /** … whose code runs when the document opens (AutoOpen, Document_Open, Workbook_Open …). */
  macro_auto_exec: { malware: 65 },
  /** A macro-enabled OOXML type (docm/xlsm/pptm) even where no VBA project was found. */
  macro_enabled_type: { malware: 15 },
  /** A relationship pulling a template or OLE object from the network (remote template injection, Follina). */
  office_remote_template: { malware: 45 },
  /** The Equation Editor object exploited by CVE-2017-11882 / CVE-2018-0802. */
  office_equation_object: { malware: 45 },
  /** An OLE Package object: a file (often a script) embedded in the document. */
  office_embedded_package: { malware: 30 },
  /** An RTF document embedding OLE objects (`\objdata`): the usual exploit carrier. */
  rtf_embedded_object: { malware: 25 },
  /** A password-encrypted Office document: scanners cannot see inside. */
  office_encrypted: { malware: 20 },

  pdf_javascript: { malware: 35 },
  pdf_launch_action: { malware: 45 },
  /** /OpenAction or /AA together with JavaScript or /Launch: runs without a click. Alone it is ordinary. */
  pdf_auto_action: { malware: 15 },
  pdf_embedded_file: { malware: 20 },
  /** An encrypted PDF (/Encrypt): weak alone, banks protect statements this way; see attachment_password_in_body. */
  pdf_encrypted: { malware: 3 },
  /** A form that submits its fields to a URL. */
  pdf_form_submit: { phishing: 25 },
  /** Clickable links: most phishing PDFs are one big button, but so are many invoices. */
  pdf_links: { phishing: 5 },

  /** An HTML page attached: the standard credential-phishing carrier. */
  html_attachment: { phishing: 15 },
  html_attachment_script: { phishing: 10, malware: 5 },
  /** A password field in an attached page. */
  html_attachment_credential_form: { phishing: 35 },
  /** A form in an attached page posting to a remote URL. */
  html_attachment_remote_form: { phishing: 25 },
  /** An attached page that redirects the browser (meta refresh / location assignment). */
  html_attachment_redirect: { phishing: 20 },
  /** Script that assembles a file from a Blob/data URI and downloads it. */
  html_smuggling: { malware: 45 },
  svg_attachment: { phishing: 10 },
  svg_attachment_script: { phishing: 25, malware: 10 },
  /** A calendar invitation with links: invitations are a known way around link scanning. */
  calendar_links: { phishing: 5 },

  /** A QR code that decodes to a URL: the phone opens it outside any mail protection (quishing). */
  qr_code_url: { phishing: 30 },
} as const satisfies Record<string, Points>;

export type AttachmentFindingType = keyof typeof ATTACHMENT_POINTS;
