/**
 * Vector charts for PDF reports, drawn with PDF paths (no images): a time-series area/line chart,
 * vertical bars, horizontal bars and a donut. Each draws inside the box it is given (points) and
 * labels its axes; "nice" axis steps keep the tick labels round.
 */
import { COLORS, FONT, fitText, formatCount, type Doc } from './layout.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Series {
  label: string;
  color: string;
  values: number[];
  /** Fill the area under the line (lightly). */
  area?: boolean;
}

/** A round axis maximum ≥ `max` and its step, aiming at about `ticks` intervals. */
export function niceScale(max: number, ticks = 4): { max: number; step: number } {
  if (max <= 0) return { max: ticks, step: 1 };
  const rough = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const whole = Math.max(1, Math.round(step));
  return { max: Math.ceil(max / whole) * whole, step: whole };
}

function gridAndYAxis(doc: Doc, plot: Box, scale: { max: number; step: number }): void {
  doc.font(FONT.regular).fontSize(7).lineWidth(0.5);
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step) {
    const y = plot.y + plot.height - (v / scale.max) * plot.height;
    doc.moveTo(plot.x, y).lineTo(plot.x + plot.width, y).strokeColor(v === 0 ? COLORS.faint : COLORS.rule).stroke();
    doc.fillColor(COLORS.muted).text(formatCount(v), plot.x - 42, y - 3.5, { width: 38, align: 'right', lineBreak: false });
  }
}

function legend(doc: Doc, x: number, y: number, items: Array<{ label: string; color: string }>): void {
  doc.font(FONT.regular).fontSize(8);
  let cursor = x;
  for (const item of items) {
    doc.rect(cursor, y + 1, 8, 8).fillColor(item.color).fill();
    doc.fillColor(COLORS.ink).text(item.label, cursor + 11, y + 1, { lineBreak: false });
    cursor += 11 + doc.widthOfString(item.label) + 14;
  }
}

/**
 * Lines (optionally filled) over `labels` on the x axis. At most ~8 x labels are written, evenly
 * spaced, so long series stay readable.
 */
export function timeSeriesChart(doc: Doc, box: Box, labels: string[], series: Series[]): void {
  const plot: Box = { x: box.x + 46, y: box.y + 18, width: box.width - 56, height: box.height - 40 };
  legend(doc, plot.x, box.y, series);
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const scale = niceScale(max);
  gridAndYAxis(doc, plot, scale);
  const n = labels.length;
  const xAt = (i: number) => (n <= 1 ? plot.x + plot.width / 2 : plot.x + (i / (n - 1)) * plot.width);
  const yAt = (v: number) => plot.y + plot.height - (v / scale.max) * plot.height;
  for (const s of series) {
    if (s.values.length === 0) continue;
    if (s.area === true && n > 1) {
      doc.moveTo(xAt(0), yAt(0));
      s.values.forEach((v, i) => doc.lineTo(xAt(i), yAt(v)));
      doc.lineTo(xAt(n - 1), yAt(0)).closePath().fillColor(s.color).fillOpacity(0.15).fill().fillOpacity(1);
    }
    doc.moveTo(xAt(0), yAt(s.values[0]!));
    s.values.forEach((v, i) => doc.lineTo(xAt(i), yAt(v)));
    doc.lineWidth(1.6).strokeColor(s.color).lineJoin('round').stroke();
    if (n <= 40) for (const [i, v] of s.values.entries()) doc.circle(xAt(i), yAt(v), 1.8).fillColor(s.color).fill();
  }
  doc.font(FONT.regular).fontSize(7).fillColor(COLORS.muted);
  const every = Math.max(1, Math.ceil(n / 8));
  for (let i = 0; i < n; i += every) {
    const label = labels[i]!;
    const w = 60;
    const x = Math.min(Math.max(xAt(i) - w / 2, plot.x - 20), plot.x + plot.width - w + 20);
    doc.text(label, x, plot.y + plot.height + 5, { width: w, align: 'center', lineBreak: false });
  }
}

export interface Bar {
  label: string;
  value: number;
  color: string;
}

/** Vertical bars with their values on top and labels underneath. */
export function columnChart(doc: Doc, box: Box, bars: Bar[]): void {
  const plot: Box = { x: box.x + 46, y: box.y + 8, width: box.width - 52, height: box.height - 30 };
  const scale = niceScale(Math.max(0, ...bars.map((b) => b.value)));
  gridAndYAxis(doc, plot, scale);
  const slot = plot.width / Math.max(1, bars.length);
  const barWidth = Math.min(36, slot * 0.64);
  for (const [i, bar] of bars.entries()) {
    const h = (bar.value / scale.max) * plot.height;
    const x = plot.x + i * slot + (slot - barWidth) / 2;
    if (h > 0) doc.rect(x, plot.y + plot.height - h, barWidth, h).fillColor(bar.color).fill();
    doc.font(FONT.bold).fontSize(7).fillColor(COLORS.ink);
    doc.text(formatCount(bar.value), plot.x + i * slot, plot.y + plot.height - h - 10, { width: slot, align: 'center', lineBreak: false });
    doc.font(FONT.regular).fontSize(7).fillColor(COLORS.muted);
    doc.text(fitText(doc, bar.label, slot - 2), plot.x + i * slot, plot.y + plot.height + 5, { width: slot, align: 'center', lineBreak: false });
  }
}

/** Horizontal bars, one row each: label on the left, bar, value at its end. */
export function barList(doc: Doc, box: Box, bars: Bar[], labelWidth = 150): void {
  const rowHeight = Math.min(18, box.height / Math.max(1, bars.length));
  const max = Math.max(1, ...bars.map((b) => b.value));
  const barSpace = box.width - labelWidth - 50;
  for (const [i, bar] of bars.entries()) {
    const y = box.y + i * rowHeight;
    doc.font(FONT.regular).fontSize(8).fillColor(COLORS.ink);
    doc.text(fitText(doc, bar.label, labelWidth - 8), box.x, y + (rowHeight - 8) / 2, { width: labelWidth - 8, lineBreak: false });
    const w = Math.max(1, (bar.value / max) * barSpace);
    doc.rect(box.x + labelWidth, y + rowHeight * 0.18, w, rowHeight * 0.64).fillColor(bar.color).fill();
    doc.font(FONT.bold).fontSize(8).fillColor(COLORS.ink);
    doc.text(formatCount(bar.value), box.x + labelWidth + w + 5, y + (rowHeight - 8) / 2, { width: 45, lineBreak: false });
  }
}

/** Point on a circle at `angle` radians (0 = 12 o'clock, clockwise). */
function polar(cx: number, cy: number, r: number, angle: number): [number, number] {
  return [cx + r * Math.sin(angle), cy - r * Math.cos(angle)];
}

/** A donut of `slices` with the total in the middle and a legend (label, count, share) to its right; needs about 2r + 170 points of width. */
export function donutChart(doc: Doc, box: Box, slices: Bar[], centreLabel: string): void {
  const r = Math.min(box.height, box.width * 0.45) / 2 - 4;
  const cx = box.x + r + 4;
  const cy = box.y + box.height / 2;
  const inner = r * 0.58;
  const total = slices.reduce((sum, s) => sum + s.value, 0);
  if (total === 0) {
    doc.circle(cx, cy, r).fillColor(COLORS.rule).fill();
  } else {
    let angle = 0;
    for (const slice of slices.filter((s) => s.value > 0)) {
      const sweep = (slice.value / total) * Math.PI * 2;
      if (sweep >= Math.PI * 2 - 1e-6) {
        doc.circle(cx, cy, r).fillColor(slice.color).fill();
      } else {
        // Approximate the arc with short segments (one every ~3 degrees): exact enough at this size.
        const steps = Math.max(2, Math.ceil(sweep / 0.05));
        doc.moveTo(cx, cy);
        for (let k = 0; k <= steps; k++) doc.lineTo(...polar(cx, cy, r, angle + (sweep * k) / steps));
        doc.closePath().fillColor(slice.color).fill();
      }
      angle += sweep;
    }
  }
  doc.circle(cx, cy, inner).fillColor('#ffffff').fill();
  doc.font(FONT.bold).fontSize(13).fillColor(COLORS.ink).text(formatCount(total), cx - inner, cy - 10, { width: inner * 2, align: 'center', lineBreak: false });
  doc.font(FONT.regular).fontSize(7).fillColor(COLORS.muted).text(centreLabel, cx - inner, cy + 5, { width: inner * 2, align: 'center', lineBreak: false });

  const lx = cx + r + 18;
  const rowHeight = 16;
  let ly = cy - (slices.length * rowHeight) / 2;
  for (const slice of slices) {
    doc.rect(lx, ly + 1, 9, 9).fillColor(slice.color).fill();
    doc.font(FONT.regular).fontSize(9).fillColor(COLORS.ink).text(slice.label, lx + 14, ly, { width: 56, lineBreak: false });
    const share = total === 0 ? '0%' : `${((slice.value / total) * 100).toFixed(1)}%`;
    doc.font(FONT.bold).text(formatCount(slice.value), lx + 68, ly, { width: 42, align: 'right', lineBreak: false });
    doc.font(FONT.regular).fillColor(COLORS.muted).text(share, lx + 112, ly, { width: 38, align: 'right', lineBreak: false });
    ly += rowHeight;
  }
}
