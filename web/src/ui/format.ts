/** Display formatting shared by the pages. Dates are shown in the browser's time zone. */
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const number = new Intl.NumberFormat();

export function formatDateTime(iso: string | null | undefined): string {
  return iso === null || iso === undefined ? '—' : dateTime.format(new Date(iso));
}

export function formatDate(iso: string | null | undefined): string {
  return iso === null || iso === undefined ? '—' : dateOnly.format(new Date(iso));
}

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : number.format(value);
}

/** "3 min ago", "in 2 h", for times near now; the full date otherwise. */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (iso === null || iso === undefined) return '—';
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const units: [number, string][] = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min']];
  if (abs < 60_000) return diff < 0 ? 'just now' : 'in a moment';
  if (abs > 7 * 86_400_000) return formatDateTime(iso);
  for (const [size, label] of units) {
    if (abs >= size) {
      const amount = Math.round(abs / size);
      return diff < 0 ? `${amount} ${label} ago` : `in ${amount} ${label}`;
    }
  }
  return formatDateTime(iso);
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A change against the previous period as "+12.5 %", or "new" when there was nothing before. */
export function formatChange(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? '±0 %' : 'new';
  const percent = ((current - previous) / previous) * 100;
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)} %`;
}
