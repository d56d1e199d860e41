/**
 * QR codes in attached and inline images (quishing): decoded from PNG and JPEG, on their own or on
 * a document page, on transparent backgrounds; the payload is reported, a URL payload is a finding
 * and an IOC; images without codes, tiny images and oversized images cost (almost) nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attachment, pdf } from '../fixtures/attachments/documents.ts';
import { noisePng, qrJpeg, qrPng } from '../fixtures/attachments/qr.ts';
import { description, inspect } from '../fixtures/attachments/support.ts';
import { PNG_1X1 } from '../fixtures/mime/generate.ts';

/** A PNG whose header claims `width`×`height` (the inspector reads sizes before decoding anything). */
function pngHeader(width: number, height: number): Buffer {
  const png = Buffer.from(PNG_1X1);
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  return png;
}

describe('QR codes in images', () => {
  it('decodes a QR code in an inline PNG, reports quishing and records the URL', async () => {
    const outcome = await inspect([await attachment('scan-me.png', qrPng('https://mfa-reset.evil.example/u/7'), { inline: true })]);
    assert.deepEqual(outcome.qrPayloads, ['https://mfa-reset.evil.example/u/7']);
    assert.deepEqual(outcome.types, ['qr_code_url']);
    assert.match(description(outcome, 'qr_code_url'), /"scan-me\.png" holds a QR code leading to https:\/\/mfa-reset\.evil\.example\/u\/7/);
    assert.deepEqual(outcome.iocs.urls, ['https://mfa-reset.evil.example/u/7']);
    assert.ok(outcome.points.phishing >= 25);
  });

  it('finds a code on a JPEG document page (downscaled first) and on a transparent PNG', async () => {
    const page = qrJpeg('https://docs.evil.example/sign', { scale: 10, page: { width: 2400, height: 1500, left: 1200, top: 500 } });
    const transparent = qrPng('https://evil.example/t', { transparent: true });
    const outcome = await inspect([await attachment('Document.jpg', page), await attachment('t.png', transparent, { inline: true })]);
    assert.deepEqual(outcome.qrPayloads.sort(), ['https://docs.evil.example/sign', 'https://evil.example/t']);
    assert.ok(outcome.ms < 3000, `${outcome.ms} ms`);
  });

  it('finds a code drawn as a JPEG image inside a PDF', async () => {
    const image = qrJpeg('https://invoice.evil.example/pay');
    const stream = Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width 264 /Height 264 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${image.length} >>\nstream\n`, 'latin1'), image, Buffer.from('\nendstream', 'latin1')]);
    const outcome = await inspect([await attachment('invoice.pdf', pdf(['<< /Type /Catalog >>', stream]))]);
    assert.deepEqual(outcome.qrPayloads, ['https://invoice.evil.example/pay']);
    assert.match(description(outcome, 'qr_code_url'), /"invoice\.pdf › image 1" holds a QR code/);
  });

  it('keeps a non-URL payload without a finding', async () => {
    const outcome = await inspect([await attachment('ticket.png', qrPng('TICKET-2024-0042'))]);
    assert.deepEqual(outcome.qrPayloads, ['TICKET-2024-0042']);
    assert.deepEqual(outcome.findings, []);
  });

  it('finds nothing in photo-like images and skips tiny ones', async () => {
    // 640×480 noise is skipped unread (PNG as dense as a photograph); 400×300 is decoded and rejected by the finder test.
    const outcome = await inspect([await attachment('photo.png', noisePng(640, 480), { inline: true }), await attachment('small.png', noisePng(400, 300), { inline: true }), await attachment('pixel.png', PNG_1X1, { inline: true })]);
    assert.deepEqual(outcome.qrPayloads, []);
    assert.deepEqual(outcome.findings, []);
    assert.deepEqual(outcome.cuts, []);
  });

  it('skips images above the pixel cap before decoding them, stops at the per-message allowance, and scans nothing at 0', async () => {
    const huge = await inspect([await attachment('poster.png', pngHeader(9000, 9000))]);
    assert.deepEqual(huge.cuts, ['poster.png: 9000×9000 image above the 4000000-pixel cap, not scanned for QR codes']);
    const images = await Promise.all([1, 2, 3].map((n) => attachment(`p${n}.png`, qrPng(`https://evil.example/${n}`), { inline: true })));
    // Each code image is 264×264 ≈ 70k pixels: an allowance of 150k pixels covers two of the three.
    const outcome = await inspect(images, { maxQrPixelsPerMessage: 150_000 });
    assert.equal(outcome.qrPayloads.length, 2);
    assert.deepEqual(outcome.cuts, ['QR scan: 1 of 3 images not scanned (per-message pixel allowance spent)']);
    assert.match(description(outcome, 'qr_code_url'), /The same holds for "p\d\.png"\./);
    const off = await inspect(images, { maxQrPixelsPerMessage: 0 });
    assert.deepEqual([off.qrPayloads, off.cuts], [[], []]);
  });
});
