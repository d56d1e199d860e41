/**
 * A cheap test for "could this image hold a QR code?", run before jsQR (which costs ~100 ns a pixel
 * and far more on busy screenshots). A QR code has three finder patterns: squares whose rows and
 * columns through the centre read dark:light:dark:light:dark in the ratio 1:1:3:1:1. We scan every
 * row of the (already downscaled) grey image against a global threshold, confirm each horizontal
 * hit vertically, cluster the confirmed centres and look for three in QR layout. None means no code
 * jsQR could read either (it locates codes by the same patterns); otherwise jsQR only reads the box
 * around them, which on a busy screenshot is a small part of the image.
 */

export interface GreyPixels { width: number; height: number; data: Uint8Array; mean: number }

interface Center { x: number; y: number; module: number; hits: number }

/** Allowed deviation of each run from its expected length, as a share of the module size. */
const TOLERANCE = 0.7;
/** Candidates kept before giving up counting (a busy image): enough to say "maybe". */
const MAX_CENTERS = 200;

/** Where a code could be: a box (pixels) around three finder patterns in QR layout. */
export interface CodeRegion { left: number; top: number; right: number; bottom: number }

/** Boxes around possible QR codes (at most MAX_REGIONS); none means jsQR would find nothing either. */
export function findCodeRegions(image: GreyPixels): CodeRegion[] {
  const threshold = Math.min(image.mean, 160);
  const centers: Center[] = [];
  for (let y = 0; y < image.height; y++) {
    scanRow(image, threshold, y, centers);
    if (centers.length >= MAX_CENTERS) break;
  }
  return codeTriangles(centers.filter((c) => c.hits >= 2).slice(0, MAX_CONFIRMED)).map((t) => regionOf(t, image));
}

const MAX_REGIONS = 3;
/** Modules kept around the finder centres: 3.5 to the code's edge, 4 of quiet zone, and slack. */
const MARGIN_MODULES = 9;

/** The box spanning the three centres and the fourth corner they imply, plus margin, inside the image. */
function regionOf([a, b, c]: [Center, Center, Center], image: GreyPixels): CodeRegion {
  const fourth = { x: b.x + c.x - a.x, y: b.y + c.y - a.y };
  const xs = [a.x, b.x, c.x, fourth.x];
  const ys = [a.y, b.y, c.y, fourth.y];
  const margin = ((a.module + b.module + c.module) / 3) * MARGIN_MODULES;
  return {
    left: Math.max(0, Math.floor(Math.min(...xs) - margin)),
    top: Math.max(0, Math.floor(Math.min(...ys) - margin)),
    right: Math.min(image.width, Math.ceil(Math.max(...xs) + margin)),
    bottom: Math.min(image.height, Math.ceil(Math.max(...ys) + margin)),
  };
}

/** Confirmed centres checked pairwise for a QR layout (bounded: 40 → ~10k triples). */
const MAX_CONFIRMED = 40;

/**
 * Three finder patterns of one code have similar module sizes and sit at the corners of an
 * isosceles right triangle (two equal sides, the third √2 longer), at least 14 modules apart.
 * Each triangle comes back with its right-angle corner first.
 */
function codeTriangles(centers: Center[]): [Center, Center, Center][] {
  const found: [Center, Center, Center][] = [];
  for (let i = 0; i < centers.length; i++) {
    for (let j = i + 1; j < centers.length; j++) {
      for (let k = j + 1; k < centers.length; k++) {
        const triangle = asCodeTriangle(centers[i]!, centers[j]!, centers[k]!);
        if (triangle) found.push(triangle);
        if (found.length >= MAX_REGIONS) return found;
      }
    }
  }
  return found;
}

function asCodeTriangle(a: Center, b: Center, c: Center): [Center, Center, Center] | null {
  const modules = [a.module, b.module, c.module];
  if (Math.max(...modules) > Math.min(...modules) * 1.6) return null;
  // The right angle is opposite the longest side.
  const options: [Center, Center, Center][] = [[a, b, c], [b, a, c], [c, a, b]];
  const [corner, p, q] = options.sort((x, y) => distance(y[1], y[2]) - distance(x[1], x[2]))[0]!;
  const legs = [distance(corner, p), distance(corner, q)].sort((x, y) => x - y) as [number, number];
  const long = distance(p, q);
  const module = (a.module + b.module + c.module) / 3;
  const isCode = legs[0] >= module * 14 && legs[1] <= legs[0] * 1.25 && Math.abs(long - Math.hypot(legs[0], legs[1])) <= long * 0.15;
  return isCode ? [corner, p, q] : null;
}

function distance(a: Center, b: Center): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function scanRow(image: GreyPixels, threshold: number, y: number, centers: Center[]): void {
  const { width, data } = image;
  const row = y * width;
  const counts = [0, 0, 0, 0, 0];
  let state = 0;
  for (let x = 0; x < width; x++) {
    const dark = data[row + x]! < threshold;
    if (dark) {
      if (state % 2 === 1) state++;
      counts[state]!++;
      continue;
    }
    if (state % 2 === 1) {
      counts[state]!++;
      continue;
    }
    if (state === 0 && counts[0] === 0) continue; // light before the first dark run
    if (state < 4) {
      state++;
      counts[state]!++;
      continue;
    }
    // state 4 just ended: five runs are complete.
    if (ratioMatches(counts)) {
      const centerX = x - counts[4]! - counts[3]! - Math.floor(counts[2]! / 2) - 1;
      const total = counts.reduce((a, b) => a + b, 0);
      if (verticalMatches(image, threshold, centerX, y, total)) addCenter(centers, centerX, y, total / 7);
    }
    counts[0] = counts[2]!;
    counts[1] = counts[3]!;
    counts[2] = counts[4]!;
    counts[3] = 1;
    counts[4] = 0;
    state = 3;
  }
}

function ratioMatches(counts: number[]): boolean {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total < 7) return false;
  const module = total / 7;
  const variance = module * TOLERANCE;
  return Math.abs(counts[0]! - module) < variance && Math.abs(counts[1]! - module) < variance
    && Math.abs(counts[2]! - 3 * module) < 3 * variance && Math.abs(counts[3]! - module) < variance
    && Math.abs(counts[4]! - module) < variance;
}

/** Reads the column through (x, y) outwards: dark centre, light, dark on each side, in 1:1:3:1:1. */
function verticalMatches(image: GreyPixels, threshold: number, x: number, y: number, horizontalTotal: number): boolean {
  const { width, height, data } = image;
  const dark = (yy: number): boolean => data[yy * width + x]! < threshold;
  if (x < 0 || !dark(y)) return false;
  const limit = horizontalTotal * 2;
  const run = (from: number, step: number, wantDark: boolean): number => {
    let n = 0;
    for (let yy = from; yy >= 0 && yy < height && dark(yy) === wantDark && n <= limit; yy += step) n++;
    return n;
  };
  const upCenter = run(y, -1, true);
  const downCenter = run(y + 1, 1, true);
  const upLight = run(y - upCenter, -1, false);
  const downLight = run(y + 1 + downCenter, 1, false);
  const upDark = run(y - upCenter - upLight, -1, true);
  const downDark = run(y + 1 + downCenter + downLight, 1, true);
  const counts = [upDark, upLight, upCenter + downCenter, downLight, downDark];
  const total = counts.reduce((a, b) => a + b, 0);
  return ratioMatches(counts) && total < horizontalTotal * 2 && total * 2 > horizontalTotal;
}

function addCenter(centers: Center[], x: number, y: number, module: number): void {
  for (const center of centers) {
    if (Math.abs(center.x - x) <= center.module * 3 && Math.abs(center.y - y) <= center.module * 3) {
      center.hits++;
      return;
    }
  }
  centers.push({ x, y, module, hits: 1 });
}
