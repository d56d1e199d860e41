/** One honeypot: its settings and alerts, its latest captured emails; edit and delete. */
import { useState } from 'react';
import { ApiError, threat, threatPage } from '../api.ts';
import { Link, navigate, useTitle } from '../router.tsx';
import type { PageProps } from '../routes.ts';
import { Button, ConfirmDialog, CopyButton, Dialog, EmptyState, ErrorNotice, Loading, PageHeader, ScoreBadge, StatusBadge } from '../ui/components.tsx';
import { formatDateTime, formatNumber, formatRelative } from '../ui/format.ts';
import { useApi, useSubmit } from '../ui/hooks.ts';
import { ClassificationBadge } from './emails/list-tools.tsx';
import type { EmailListItem } from './emails/types.ts';
import { HoneypotForm } from './honeypots/form.tsx';
import { STATUS_HELP, type Honeypot } from './honeypots/types.ts';

const RECENT = 10;

export default function HoneypotDetailPage(props: PageProps) {
  const id = props.params.id!;
  const honeypot = useApi((signal) => threat<Honeypot>(`/honeypots/${encodeURIComponent(id)}`, { signal }), [id]);
  const emails = useApi((signal) => threatPage<EmailListItem>('/emails', { honeypot_id: id, sort: 'received_at:desc', limit: RECENT }, signal), [id]);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const remove = useSubmit();
  useTitle(honeypot.data?.email_address ?? 'Honeypot');

  if (honeypot.data === undefined) {
    if (honeypot.error === undefined) return <Loading label="Loading the honeypot…" />;
    return honeypot.error instanceof ApiError && honeypot.error.status === 404 ? (
      <EmptyState title="This honeypot does not exist" action={<Link to="/honeypots" className="btn">Back to honeypots</Link>}>It may have been deleted.</EmptyState>
    ) : (
      <ErrorNotice error={honeypot.error} onRetry={honeypot.reload} />
    );
  }
  const h = honeypot.data;
  const doDelete = async () => {
    const ok = await remove.run(() => threat(`/honeypots/${encodeURIComponent(id)}`, { method: 'DELETE' }));
    if (ok) navigate('/honeypots');
  };
  return (
    <>
      <p className="breadcrumb"><Link to="/honeypots">← Honeypots</Link></p>
      <PageHeader
        title={h.email_address}
        subtitle={<><StatusBadge status={h.status} /> {STATUS_HELP[h.status]} · created {formatDateTime(h.created_at)}</>}
        actions={
          <>
            <CopyButton text={h.email_address} label="Copy address" />
            <Button onClick={() => setEditing(true)}>Edit</Button>
            <Button variant="danger" onClick={() => { remove.clear(); setConfirming(true); }}>Delete…</Button>
          </>
        }
      />
      <div className="grid-2">
        <section className="card" aria-labelledby="settings-title">
          <h2 id="settings-title">Settings</h2>
          <dl className="details">
            <dt>Purpose</dt><dd>{h.purpose}</dd>
            <dt>Priority</dt><dd><span className={`priority priority-${h.priority}`}>{h.priority}</span></dd>
            <dt>Category</dt><dd>{h.category ?? '—'}</dd>
            <dt>Tags</dt><dd>{h.tags.length === 0 ? '—' : h.tags.map((t) => <span key={t} className="tag">{t}</span>)}</dd>
            <dt>Description</dt><dd>{h.description ?? '—'}</dd>
            <dt>Emails</dt><dd>{formatNumber(h.email_count)}{h.last_email_at !== null && ` · last ${formatRelative(h.last_email_at)}`}</dd>
            <dt>Updated</dt><dd>{formatDateTime(h.updated_at)}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="alerts-title">
          <h2 id="alerts-title">Alerts</h2>
          <dl className="details">
            <dt>Alerts</dt><dd>{h.alerts.enabled ? 'on' : 'off'}</dd>
            <dt>Threshold</dt><dd>threat score ≥ {h.alerts.threat_threshold}</dd>
            <dt>E-mail</dt><dd>{h.alerts.email_notifications ? 'notify me by e-mail' : 'no e-mail'}</dd>
            <dt>Webhook</dt><dd className="mono">{h.alerts.webhook_url ?? '—'}</dd>
            {h.alerts.webhook_url !== null && <><dt>Secret</dt><dd className="mono">{h.alerts.webhook_secret ?? '—'}</dd></>}
            {h.alerts.webhook_status !== null && <><dt>Webhook status</dt><dd><StatusBadge status={h.alerts.webhook_status} /></dd></>}
          </dl>
          {h.alerts.webhook_status === 'disabled' && (
            <div className="notice notice-error small">Disabled: {h.alerts.webhook_disabled_reason ?? 'it kept failing'}. Edit the URL or secret, or re-enable alerts, to turn it back on.</div>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="recent-title">
        <div className="card-head">
          <h2 id="recent-title">Latest emails</h2>
          {emails.data !== undefined && emails.data.pagination.total > 0 && <Link to={`/emails?honeypot_id=${encodeURIComponent(id)}`}>All {formatNumber(emails.data.pagination.total)} emails →</Link>}
        </div>
        <ErrorNotice error={emails.error} onRetry={emails.reload} />
        {emails.data === undefined ? (
          emails.error === undefined && <Loading />
        ) : emails.data.data.length === 0 ? (
          <p className="muted">Nothing captured yet. {h.status === 'active' ? 'Publish the address where harvesters will find it; mail sent to it appears here within seconds.' : `This honeypot is ${h.status}, so it does not accept mail: set it to active.`}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead><tr><th>Score</th><th>Subject</th><th>From</th><th>Received</th></tr></thead>
              <tbody>
                {emails.data.data.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap"><ScoreBadge score={e.threat_score} /> <ClassificationBadge classification={e.classification} status={e.analysis_status} /></td>
                    <td className="truncate"><Link to={`/emails/${e.id}`}>{e.subject ?? '(no subject)'}</Link></td>
                    <td className="truncate">{e.from ?? '—'}</td>
                    <td className="nowrap" title={formatDateTime(e.received_at)}>{formatRelative(e.received_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <Dialog open={editing} title={`Edit ${h.email_address}`} onClose={() => setEditing(false)}>
        {editing && <HoneypotForm honeypot={h} onSaved={() => { setEditing(false); honeypot.reload(); }} onCancel={() => setEditing(false)} />}
      </Dialog>
      <ConfirmDialog
        open={confirming}
        title={`Delete ${h.email_address}?`}
        message={<><p>The address stops receiving mail at once (senders get 550). Its settings, alerts and <strong>the {formatNumber(h.email_count)} email{h.email_count === 1 ? '' : 's'} it captured</strong> are deleted. This cannot be undone.</p><ErrorNotice error={remove.error} /></>}
        confirmLabel="Delete honeypot"
        busy={remove.busy}
        onConfirm={() => void doDelete()}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}
