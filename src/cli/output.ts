/**
 * Where the commands write, and the shared shapes of what they write: aligned tables, CSV rows and a
 * progress display on stderr (a redrawn bar when stderr is a terminal, otherwise one line every N
 * items so logs and CI output stay readable).
 */
export interface CliIO {
  /** One line of the command's result (stdout). */
  out(line: string): void;
  /** One line for the person (stderr): progress, notes, warnings. */
  err(line: string): void;
  /** Redraws the current stderr line (a progress bar); only called when `errIsTTY`. */
  redraw(text: string): void;
  /** Whether stderr is a terminal (progress bar) or not (a progress line per N items). */
  errIsTTY: boolean;
  /** Environment the configuration is read from. */
  env: Record<string, string | undefined>;
}

export function processIO(): CliIO {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    redraw: (text) => process.stderr.write(`\r\x1b[2K${text}`),
    errIsTTY: process.stderr.isTTY === true,
    env: process.env,
  };
}

/** Rows as aligned columns; numbers and percentages (and the header above them) align right. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number' || /^\d+(\.\d+)? ?%$/.test(String(row[i]))));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) => row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** One CSV record (RFC 4180): fields with commas, quotes or line breaks are quoted. */
export function csvRecord(fields: ReadonlyArray<string | number | boolean | null>): string {
  return fields.map((field) => {
    const text = field === null ? '' : String(field);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(',');
}

export interface ProgressOptions {
  /** What is counted, e.g. "analysed". */
  verb: string;
  /** Without a terminal: one line every `every` items. Default 100. */
  every?: number;
  /** Show items per second (meaningless when waiting on work done elsewhere). Default true. */
  rate?: boolean;
}

/**
 * Progress of a long command on stderr. `update(done, fraction)`: items done so far and, when known,
 * the fraction of the whole (0–1; by items or by bytes read); `finish()` ends the bar's line.
 */
export class Progress {
  private readonly io: CliIO;
  private readonly options: ProgressOptions;
  private readonly startedAt = Date.now();
  private lastLineAt = 0;
  private lastDrawAt = 0;
  private drawn = false;

  constructor(io: CliIO, options: ProgressOptions) {
    this.io = io;
    this.options = options;
  }

  update(done: number, fraction: number | null, detail = ''): void {
    const rate = done / Math.max(0.001, (Date.now() - this.startedAt) / 1000);
    const rateText = this.options.rate === false ? '' : `, ${rate.toFixed(1)}/s`;
    const text = `${done} ${this.options.verb}${fraction === null ? '' : ` (${Math.floor(fraction * 100)} %)`}${rateText}${detail === '' ? '' : `, ${detail}`}`;
    if (this.io.errIsTTY) {
      // Redrawing more than ~10 times a second only costs time.
      if (Date.now() - this.lastDrawAt < 100 && fraction !== 1) return;
      this.lastDrawAt = Date.now();
      this.drawn = true;
      this.io.redraw(`${bar(fraction)} ${text}`);
      return;
    }
    const every = this.options.every ?? 100;
    if (done > 0 && Math.floor(done / every) > this.lastLineAt) {
      this.lastLineAt = Math.floor(done / every);
      this.io.err(text);
    }
  }

  finish(): void {
    if (this.drawn) this.io.redraw('');
  }

  /** Seconds since the progress started. */
  get elapsedSeconds(): number {
    return (Date.now() - this.startedAt) / 1000;
  }
}

const BAR_WIDTH = 30;

function bar(fraction: number | null): string {
  if (fraction === null) return '[' + ' '.repeat(BAR_WIDTH) + ']';
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
}

/** Aborts on the first SIGINT/SIGTERM so a long command can stop cleanly (a second one ends the process as usual). */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}
