/**
 * Reports: the list with each report's status (a spinner while it generates, polled every second until
 * ready or failed; a failed one shows its error and a Retry), create, generate, download and delete.
 */
import { useState } from 'react';
import { download, threat, threatPage } from '../api.ts';
import { useQueryState, useTitle } from '../router.tsx';
import type { PageProps } from '../routes.ts';
import { Button, ConfirmDialog, EmptyState, ErrorNotice, Loading, PageHeader, Pager, SelectField } from '../ui/components.tsx';
import { useApi, useSubmit } from '../ui/hooks.ts';
import { ReportFormDialog } from './reports/form.tsx';
import { usePolling } from './reports/poll.ts';
import { ReportRow } from './reports/row.tsx';
import type { Report } from './reports/types.ts';

const STATUS_FILTERS = [
  { value: '', label: 'Any status' },
  { value: 'ready', label: 'Ready' },
  { value: 'generating', label: 'Generating' },
  { value: 'pending', label: 'Pending' },
  { value: 'failed', label: 'Failed' },
];

/** A report the worker is about to produce or is producing: worth polling. */
function inFlight(report: Report): boolean {
  return report.status === 'generating' || (report.status === 'pending' && report.schedule === null);
}

export default function ReportsPage(_props: PageProps) {
  useTitle('Reports');
  const [query, setQuery] = useQueryState();
  const page = Number(query.get('page') ?? '1') || 1;
  const status = query.get('status') ?? '';
  const list = useApi((signal) => threatPage<Report>('/reports', { page, limit: 25, sort: 'id:desc', status: status === '' ? undefined : status }, signal), [page, status]);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Report | undefined>(undefined);
  const [busyId, setBusyId] = useState<string | undefined>(undefined);
  const [estimates, setEstimates] = useState<Record<string, string>>({});
  const action = useSubmit();
  const rows = list.data?.data ?? [];
  usePolling(rows.some(inFlight), list.reload);

  const withBusy = (report: Report, work: () => Promise<void>) => {
    setBusyId(report.id);
    void action.run(work).finally(() => setBusyId(undefined));
  };
  const generate = (report: Report) =>
    withBusy(report, async () => {
      const accepted = await threat<{ estimated_completion: string }>(`/reports/${encodeURIComponent(report.id)}/generate`, { method: 'POST' });
      setEstimates((e) => ({ ...e, [report.id]: accepted.estimated_completion }));
      list.reload();
    });
  const fetchFile = (report: Report) =>
    withBusy(report, () => download(report.download_url ?? `/v1/reports/${encodeURIComponent(report.id)}/download`, `${report.name}.${report.format}`));
  const remove = () =>
    void action.run(async () => {
      await threat(`/reports/${encodeURIComponent(deleting!.id)}`, { method: 'DELETE' });
      setDeleting(undefined);
      list.reload();
    });

  return (
    <>
      <PageHeader
        title="Reports"
        subtitle="PDF, CSV or JSON reports of what your honeypots caught, once or on a schedule."
        actions={<Button variant="primary" onClick={() => setCreating(true)}>New report</Button>}
      />
      <div className="toolbar">
        <SelectField label="Status" name="status" value={status} onChange={(e) => setQuery({ status: e.target.value, page: undefined })} options={STATUS_FILTERS} />
      </div>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      <ErrorNotice error={deleting === undefined ? action.error : undefined} />
      {list.data === undefined && list.loading && <Loading label="Loading reports…" />}
      {list.data !== undefined && rows.length === 0 && (
        status === '' && page === 1 ? (
          <EmptyState title="No reports yet" action={<Button variant="primary" onClick={() => setCreating(true)}>Create a report</Button>}>
            A report sums up a period: threats found, top senders, geography, campaigns. Create one now, or schedule a weekly summary for your team.
          </EmptyState>
        ) : (
          <EmptyState title="No reports match" action={<Button onClick={() => setQuery({ status: undefined, page: undefined })}>Show all reports</Button>} />
        )
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="wide">
            <thead>
              <tr><th>Report</th><th>Status</th><th>Period</th><th>Schedule</th><th><span className="visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>
              {rows.map((report) => (
                <ReportRow key={report.id} report={report} estimate={estimates[report.id]} actions={{ busyId, onGenerate: generate, onDownload: fetchFile, onDelete: setDeleting }} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager pagination={list.data?.pagination} onPage={(p) => setQuery({ page: p === 1 ? undefined : p })} />

      {creating && (
        <ReportFormDialog
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            if (page !== 1 || status !== '') setQuery({ page: undefined, status: undefined });
            else list.reload();
          }}
        />
      )}
      <ConfirmDialog
        open={deleting !== undefined}
        title="Delete this report?"
        message={
          <>
            <p><strong>{deleting?.name}</strong> and its generated file are deleted{deleting?.schedule !== null && deleting?.schedule !== undefined ? ', and its schedule stops' : ''}.</p>
            <p>This cannot be undone.</p>
            <ErrorNotice error={action.error} />
          </>
        }
        confirmLabel="Delete report"
        busy={action.busy}
        onConfirm={remove}
        onCancel={() => {
          action.clear();
          setDeleting(undefined);
        }}
      />
    </>
  );
}
