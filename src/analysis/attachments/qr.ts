/**
 * QR codes in attached and inline images (PNG through pngjs, JPEG through jpeg-js, decoded with jsQR).
 * A QR code that leads to a URL is "quishing": the reader scans it with a phone, outside every link
 * check of the mail system.
 *
 * Cost control (decoding is ~30–60 ns a pixel, jsQR ~100): image size is read from the header before
 * decoding; images under MIN_SIDE pixels (icons, spacers, tracking pixels), over `maxQrPixels`, or
 * PNGs as dense as photographs are skipped; the rest are scanned smallest first within a per-message
 * pixel allowance, reduced to grey, box-downscaled to at most MAX_SIDE pixels a side, and handed to
 * jsQR only when a quick finder-pattern test (qr-finder.ts) sees a possible code.
 */
import jsQRModule from 'jsqr';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { cleanUrl, quoteName, type FileNode, type InspectionContext } from './context.ts';
import { pngToGrey, type Grey } from './png-grey.ts';
import { findCodeRegions, type GreyPixels } from './qr-finder.ts';

// jsqr is CommonJS with an ES-style `default` export: Node's default import is the module object.
const jsQR = jsQRModule.default;

/** Smallest side worth scanning: a version-1 code needs 21 modules plus a quiet zone. */
const MIN_SIDE = 48;
/** Longest side handed to jsQR; bigger images are downscaled (QR codes in mail are rendered large). */
const MAX_SIDE = 1000;
/**
 * PNGs this dense (compressed bytes per pixel) are photographs or renders with gradients: a QR code,
 * even on a text page, compresses to under 0.1. Below PHOTO_MIN_PIXELS decoding is cheap anyway.
 */
const PHOTO_PNG_BYTES_PER_PIXEL = 0.45;
const PHOTO_MIN_PIXELS = 250_000;

export interface ImageSize { width: number; height: number }

/** An image waiting for its QR scan; images are scanned smallest first once every attachment was inspected. */
export interface QueuedImage { node: FileNode; format: 'png' | 'jpeg'; pixels: number }

/** Queues `node` for a QR scan when its header size is plausible; oversized images are recorded as cut. */
export function queueImageForQr(node: FileNode, format: 'png' | 'jpeg', ctx: InspectionContext): void {
  const size = format === 'png' ? pngSize(node.bytes) : jpegSize(node.bytes);
  if (!size || Math.min(size.width, size.height) < MIN_SIDE) return;
  const pixels = size.width * size.height;
  // Flat-colour codes compress to a few hundredths of a byte per pixel as PNG; photos take half a byte or more.
  if (format === 'png' && pixels >= PHOTO_MIN_PIXELS && node.bytes.length / pixels > PHOTO_PNG_BYTES_PER_PIXEL) return;
  // Inline pictures of newsletters (banners, photos) are the bulk of the decoding cost and rarely carry a
  // code; a QR lure shown inline is a small image. Skipped without a note: nothing suspicious was missed.
  if (node.inline && node.depth === 0 && pixels > ctx.limits.maxInlineQrPixels) return;
  if (pixels > ctx.limits.maxQrPixels) {
    ctx.budget.cut(`${node.label}: ${size.width}×${size.height} image above the ${ctx.limits.maxQrPixels}-pixel cap, not scanned for QR codes`);
    return;
  }
  ctx.qrQueue.push({ node, format, pixels });
}

/**
 * Scans the queued images, smallest first (a QR lure is usually a small image of its own), until
 * the message's pixel allowance or time budget is spent; what was skipped is recorded as cut.
 */
export function scanQueuedImages(ctx: InspectionContext): void {
  if (ctx.limits.maxQrPixelsPerMessage === 0) return; // QR scanning switched off
  const queue = [...ctx.qrQueue].sort((a, b) => a.pixels - b.pixels);
  let allowance = ctx.limits.maxQrPixelsPerMessage;
  for (const [index, image] of queue.entries()) {
    if (ctx.budget.expired() || image.pixels > allowance) {
      ctx.budget.cut(`QR scan: ${queue.length - index} of ${queue.length} images not scanned (${ctx.budget.expired() ? 'time budget' : 'per-message pixel allowance'} spent)`);
      return;
    }
    allowance -= image.pixels;
    scanImage(image.node, image.format, ctx);
  }
}

function scanImage(node: FileNode, format: 'png' | 'jpeg', ctx: InspectionContext): void {
  const size = format === 'png' ? pngSize(node.bytes) : jpegSize(node.bytes);
  if (!size) return;
  // Shrink while decoding: one pixel in `factor` each way keeps the longest side at most MAX_SIDE.
  const factor = Math.max(1, Math.ceil(Math.max(size.width, size.height) / MAX_SIDE));
  const grey = decodeGrey(node.bytes, format, factor, ctx.limits.maxQrPixels);
  if (!grey || ctx.budget.expired()) return;
  const payload = readQr(withMean(grey));
  if (payload === null) return;
  ctx.qrPayloads.push(payload);
  const url = cleanUrl(/^www\./i.test(payload) ? `http://${payload}` : payload);
  if (!url) return;
  ctx.addUrl(url);
  ctx.add('qr_code_url', node.label, `The image ${quoteName(node.label)} holds a QR code leading to ${url.slice(0, 200)}; scanned with a phone, it opens outside every protection of the mail system (quishing).`);
}

function decodeGrey(bytes: Uint8Array, format: 'png' | 'jpeg', factor: number, maxPixels: number): Grey | null {
  try {
    if (format === 'png') {
      const fast = pngToGrey(bytes, factor);
      if (fast) return fast;
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
      return sampleGrey(png.data, png.width, png.height, 4, factor, rgbaLuma);
    }
    // Without the colour transform the first channel of a YCbCr JPEG is its luma: grey for free.
    // (Adobe-marked and CMYK files come out as RGB; their red channel still shows a dark code.)
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, colorTransform: false, tolerantDecoding: true, maxResolutionInMP: maxPixels / 1e6, maxMemoryUsageInMB: 256 });
    return sampleGrey(image.data, image.width, image.height, 3, factor, (data, p) => data[p]!);
  } catch {
    return null; // Corrupt or unsupported image data: nothing to scan.
  }
}

/** RGBA luma, composited over white (see png-grey.ts). */
function rgbaLuma(rgba: Uint8Array, p: number): number {
  const alpha = rgba[p + 3]!;
  const luma = (rgba[p]! * 77 + rgba[p + 1]! * 150 + rgba[p + 2]! * 29) >> 8;
  return alpha === 255 ? luma : (luma * alpha + 255 * (255 - alpha)) / 255;
}

/** Every `factor`-th pixel of every `factor`-th row of interleaved pixel data, as grey. */
function sampleGrey(data: Uint8Array, width: number, height: number, channels: number, factor: number, luma: (data: Uint8Array, p: number) => number): Grey {
  const outWidth = Math.max(1, Math.floor(width / factor));
  const outHeight = Math.max(1, Math.floor(height / factor));
  const offset = factor >> 1;
  const grey = new Uint8Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) grey[y * outWidth + x] = luma(data, ((y * factor + offset) * width + x * factor + offset) * channels);
  }
  return { width: outWidth, height: outHeight, data: grey };
}

function withMean(image: Grey): GreyPixels {
  let total = 0;
  for (let i = 0; i < image.data.length; i++) total += image.data[i]!;
  return { ...image, mean: total / image.data.length };
}

/** Runs jsQR on each region where finder patterns were seen (never on the whole image). */
function readQr(grey: GreyPixels): string | null {
  for (const region of findCodeRegions(grey)) {
    const width = region.right - region.left;
    const height = region.bottom - region.top;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0, p = y * width * 4; x < width; x++, p += 4) {
        rgba[p] = rgba[p + 1] = rgba[p + 2] = grey.data[(region.top + y) * grey.width + region.left + x]!;
        rgba[p + 3] = 255;
      }
    }
    const text = jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' })?.data.trim();
    if (text) return text;
  }
  return null;
}

/** PNG width/height from the IHDR chunk, or null. */
export function pngSize(bytes: Uint8Array): ImageSize | null {
  if (bytes.length < 24 || bytes[12] !== 0x49 || bytes[13] !== 0x48 || bytes[14] !== 0x44 || bytes[15] !== 0x52) return null;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

/** JPEG width/height from the first SOFn marker, or null. */
export function jpegSize(bytes: Uint8Array): ImageSize | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let at = 2; at + 9 < view.length;) {
    if (view[at] !== 0xff) return null;
    const marker = view[at + 1]!;
    if (marker === 0xff) { at++; continue; }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.readUInt16BE(at + 5), width: view.readUInt16BE(at + 7) };
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { at += 2; continue; }
    at += 2 + view.readUInt16BE(at + 2);
  }
  return null;
}
