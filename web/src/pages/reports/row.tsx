/** One report in the list: status with progress or error, period, schedule, and its actions. */
import { Button, StatusBadge } from '../../ui/components.tsx';
import { formatBytes, formatDate, formatDateTime, formatRelative } from '../../ui/format.ts';
import { typeLabel, WEEKDAYS, type Report } from './types.ts';

export interface RowActions {
  busyId: string | undefined;
  onGenerate: (report: Report) => void;
  onDownload: (report: Report) => void;
  onDelete: (report: Report) => void;
}

/** The period as whole days: the API's end is exclusive. */
function periodText(period: Report['period']): string {
  const lastDay = new Date(new Date(period.end).getTime() - 1).toISOString();
  const first = formatDate(period.start);
  const last = formatDate(lastDay);
  return first === last ? first : `${first} – ${last}`;
}

function scheduleText(report: Report): string {
  const s = report.schedule;
  if (s === null) return 'once';
  const when = s.frequency === 'daily' ? 'daily' : s.frequency === 'weekly' ? `weekly on ${WEEKDAYS[(s.day ?? 1) - 1] ?? s.day}` : `monthly on day ${s.day ?? 1}`;
  return `${when} at ${s.time} (${s.timezone})`;
}

function StatusCell(props: { report: Report; estimate: string | undefined }) {
  const r = props.report;
  if (r.status === 'generating' || (r.status === 'pending' && r.schedule === null)) {
    return (
      <div role="status">
        <span className="progress-line"><span className="spinner" aria-hidden="true" /> {r.status === 'generating' ? 'Generating…' : 'Queued…'}</span>
        {props.estimate !== undefined && <div className="muted small">expected {formatRelative(props.estimate)}</div>}
      </div>
    );
  }
  return (
    <div>
      <StatusBadge status={r.status} />
      {r.status === 'ready' && r.generated_at !== null && <div className="muted small">{formatRelative(r.generated_at)} · {formatBytes(r.file_size)}</div>}
      {r.status === 'failed' && <div className="field-error report-error">{r.error ?? 'The generation failed.'}</div>}
      {r.status === 'pending' && r.next_run_at !== null && <div className="muted small">first run {formatRelative(r.next_run_at)}</div>}
    </div>
  );
}

export function ReportRow(props: { report: Report; estimate: string | undefined; actions: RowActions }) {
  const r = props.report;
  const busy = props.actions.busyId === r.id;
  const working = r.status === 'generating';
  return (
    <tr data-report={r.name} data-generated-at={r.generated_at ?? ''}>
      <td>
        <strong>{r.name}</strong>
        <div className="muted small">{typeLabel(r.type)} · {r.format.toUpperCase()}</div>
        {r.description !== null && <div className="muted small">{r.description}</div>}
      </td>
      <td><StatusCell report={r} estimate={props.estimate} /></td>
      <td title={`${formatDateTime(r.period.start)} – ${formatDateTime(r.period.end)} (end exclusive)`}>{periodText(r.period)}</td>
      <td>
        {scheduleText(r)}
        {r.schedule !== null && r.next_run_at !== null && <div className="muted small">next {formatRelative(r.next_run_at)}</div>}
        {r.recipients.length > 0 && <div className="muted small">to {r.recipients.join(', ')}</div>}
      </td>
      <td>
        <div className="row-actions">
          {r.status === 'ready' && <Button className="btn-small" variant="primary" busy={busy} onClick={() => props.actions.onDownload(r)}>Download</Button>}
          <Button className="btn-small" disabled={working || busy} onClick={() => props.actions.onGenerate(r)}>
            {r.status === 'failed' ? 'Retry' : r.status === 'ready' ? 'Regenerate' : 'Generate now'}
          </Button>
          <Button className="btn-small" variant="danger" onClick={() => props.actions.onDelete(r)}>Delete</Button>
        </div>
      </td>
    </tr>
  );
}
