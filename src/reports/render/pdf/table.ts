/**
 * Simple tables for PDF reports: a header row, zebra rows, cells cut with an ellipsis to fit their
 * column (one line per row). Continues on a new page with the header repeated.
 */
import { COLORS, CONTENT_WIDTH, FONT, PAGE, fitText, type Cursor } from './layout.ts';

export interface Column {
  header: string;
  /** Share of the content width (the shares are normalised). */
  width: number;
  align?: 'left' | 'right';
}

const ROW_HEIGHT = 16;
const HEADER_HEIGHT = 18;

function drawHeader(cursor: Cursor, columns: Column[], widths: number[]): void {
  const { doc } = cursor;
  doc.rect(PAGE.margin, cursor.y, CONTENT_WIDTH, HEADER_HEIGHT).fillColor(COLORS.band).fill();
  doc.font(FONT.bold).fontSize(8).fillColor('#ffffff');
  let x = PAGE.margin;
  for (const [i, column] of columns.entries()) {
    doc.text(fitText(doc, column.header, widths[i]! - 10), x + 5, cursor.y + 5, { width: widths[i]! - 10, align: column.align ?? 'left', lineBreak: false });
    x += widths[i]!;
  }
  cursor.y += HEADER_HEIGHT;
}

export function table(cursor: Cursor, columns: Column[], rows: string[][]): void {
  const { doc } = cursor;
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * CONTENT_WIDTH);
  cursor.need(HEADER_HEIGHT + ROW_HEIGHT * Math.min(rows.length, 3));
  drawHeader(cursor, columns, widths);
  for (const [r, row] of rows.entries()) {
    if (cursor.y + ROW_HEIGHT > cursor.bottom) {
      cursor.newPage();
      drawHeader(cursor, columns, widths);
    }
    if (r % 2 === 1) doc.rect(PAGE.margin, cursor.y, CONTENT_WIDTH, ROW_HEIGHT).fillColor(COLORS.zebra).fill();
    doc.font(FONT.regular).fontSize(8).fillColor(COLORS.ink);
    let x = PAGE.margin;
    for (const [i, cell] of row.entries()) {
      doc.text(fitText(doc, cell, widths[i]! - 10), x + 5, cursor.y + 4.5, { width: widths[i]! - 10, align: columns[i]?.align ?? 'left', lineBreak: false });
      x += widths[i]!;
    }
    cursor.y += ROW_HEIGHT;
  }
  doc.moveTo(PAGE.margin, cursor.y).lineTo(PAGE.margin + CONTENT_WIDTH, cursor.y).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
  cursor.y += 12;
}
