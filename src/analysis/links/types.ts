/**
 * The link inspector's shapes: a link as found in the message, and the facts learnt while walking the
 * HTML (handed to the content inspector).
 */

export type LinkSource = 'text' | 'href' | 'form' | 'src' | 'css' | 'meta-refresh' | 'qr' | 'attachment';

export interface Link {
  /** Normalised (WHATWG) URL; `data:`/`javascript:` URIs as written, cut to 300 characters. */
  url: string;
  /** Lower-case ASCII host (IDN as punycode, IPs canonical), or null when the scheme has none. */
  host: string | null;
  source: LinkSource;
  /** Text the reader sees for an `<a>`/`<area>` link (whitespace collapsed, at most 300 characters). */
  anchorText?: string;
  /** For `form` links: the form has a password input. */
  passwordField?: boolean;
  /** The host exactly as written when it differs from `host` (`0xc0a80101` for 192.168.1.1): normalisation erases it. */
  rawHost?: string;
}

/** What the HTML walk learnt, for the content inspector. Counts are over the whole body. */
export interface HtmlFacts {
  /** Text a reader sees: not hidden, not script/style/head; whitespace collapsed; capped (see MAX_VISIBLE_CHARS). */
  visibleText: string;
  /** Non-space characters of text hidden by styling (display:none, visibility:hidden, font-size 0/1px, opacity 0, zero size, text colour = background). */
  hiddenTextChars: number;
  formCount: number;
  passwordInputs: number;
  scriptCount: number;
  /** `<img>` elements loading from http(s). */
  externalImages: number;
  /** External images sized at most 1×1 (attributes or inline style). */
  trackingPixels: number;
  /** Script that builds a file in the browser and saves it (Blob/createObjectURL, msSaveOrOpenBlob, atob or a data: URI with download), or a download link to a data:/blob: URI. */
  smuggling: boolean;
  baseHref: string | null;
  metaRefreshUrl: string | null;
}
