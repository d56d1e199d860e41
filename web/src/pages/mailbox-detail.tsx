/**
 * One mailbox: verification and connection state, health score with its reasons, daily stats chart,
 * DNS and blacklist status (each with Refresh), warm-up settings, recent warm-up emails, pause/resume
 * and delete. While the login check runs (`verification: verifying`) the page polls every second.
 */
import { useState } from 'react';
import { ApiError, deliverability } from '../api.ts';
import { Link, navigate, useTitle } from '../router.tsx';
import type { PageProps } from '../routes.ts';
import { Button, ConfirmDialog, EmptyState, ErrorNotice, Loading, PageHeader, StatusBadge } from '../ui/components.tsx';
import { formatDateTime } from '../ui/format.ts';
import { useApi, useSubmit } from '../ui/hooks.ts';
import { BlacklistCard, DnsCard } from './mailboxes/checks.tsx';
import { ConfigForm } from './mailboxes/config-form.tsx';
import { HealthCard } from './mailboxes/health.tsx';
import { PlanRequired } from './mailboxes/plan-gate.tsx';
import { RecentEmails } from './mailboxes/recent-emails.tsx';
import { StatsChart } from './mailboxes/stats-chart.tsx';
import { isPlanError, type MailboxDetail, type WarmupStatus } from './mailboxes/types.ts';
import { usePolling } from './reports/poll.ts';

function ConnectionNotices(props: { mailbox: MailboxDetail; warmup: WarmupStatus | undefined }) {
  const m = props.mailbox;
  return (
    <>
      {m.verification === 'verifying' && (
        <div className="notice" role="status"><p><span className="spinner" aria-hidden="true" /> Checking the SMTP and IMAP logins… this takes a few seconds.</p></div>
      )}
      {m.status === 'error' && (
        <div className="notice notice-error" role="alert">
          <p><strong>The mailbox cannot connect, so warm-up is stopped.</strong></p>
          <p className="break">{m.connection_error ?? 'A login failed.'}</p>
          <p className="muted small">Fix the password or server settings at the provider, then delete this mailbox and add it again with the right settings.</p>
        </div>
      )}
      {m.status === 'paused' && (
        <div className="notice notice-warn"><p><strong>Warm-up is paused.</strong> {props.warmup?.paused_reason ?? ''} Resume it to continue the ramp.</p></div>
      )}
    </>
  );
}

export default function MailboxDetailPage(props: PageProps) {
  const id = props.params.id!;
  const mailbox = useApi((signal) => deliverability<MailboxDetail>(`/mailboxes/${encodeURIComponent(id)}`, { signal }), [id]);
  const warmup = useApi((signal) => deliverability<WarmupStatus>('/warmup', { query: { mailbox_id: id }, signal }), [id]);
  const [deleting, setDeleting] = useState(false);
  const action = useSubmit();
  useTitle(mailbox.data?.email ?? 'Mailbox');
  usePolling(mailbox.data?.verification === 'verifying', () => {
    mailbox.reload();
    warmup.reload();
  });

  if (isPlanError(mailbox.error)) return <><PageHeader title="Mailbox" /><PlanRequired /></>;
  if (mailbox.error instanceof ApiError && mailbox.error.status === 404) {
    return (
      <EmptyState title="Mailbox not found" action={<Link to="/mailboxes" className="btn">Back to mailboxes</Link>}>
        It may have been disconnected.
      </EmptyState>
    );
  }
  if (mailbox.data === undefined) return mailbox.error === undefined ? <Loading label="Loading mailbox…" /> : <ErrorNotice error={mailbox.error} onRetry={mailbox.reload} />;
  const m = mailbox.data;
  const w = warmup.data;

  const pauseOrResume = () =>
    void action.run(async () => {
      await deliverability('/warmup', { method: 'POST', body: { mailbox_id: id, action: m.status === 'paused' ? 'resume' : 'pause' } });
      mailbox.reload();
      warmup.reload();
    });
  const remove = () =>
    void action.run(async () => {
      await deliverability(`/mailboxes/${encodeURIComponent(id)}`, { method: 'DELETE' });
      navigate('/mailboxes');
    });

  return (
    <>
      <p className="breadcrumb"><Link to="/mailboxes">← Mailboxes</Link></p>
      <PageHeader
        title={m.email}
        subtitle={<><StatusBadge status={m.status} /> <span className="muted">{m.provider} · {m.verification === 'verified' ? 'logins verified' : m.verification === 'failed' ? 'login check failed' : 'checking logins'}</span></>}
        actions={
          <>
            {m.status !== 'error' && <Button onClick={pauseOrResume} busy={action.busy && !deleting}>{m.status === 'paused' ? 'Resume warm-up' : 'Pause warm-up'}</Button>}
            <Button variant="danger" onClick={() => setDeleting(true)}>Delete</Button>
          </>
        }
      />
      <ErrorNotice error={deleting ? undefined : action.error} />
      <ConnectionNotices mailbox={m} warmup={w} />
      <ErrorNotice error={warmup.error} onRetry={warmup.reload} />
      <div className="grid-2">
        {w === undefined ? <div className="card"><Loading label="Loading health…" /></div> : <HealthCard warmup={w} />}
        <div className="card">
          <h2>Warm-up</h2>
          <dl className="details">
            <dt>Mode</dt><dd>{w?.warmup_mode ?? '—'}</dd>
            <dt>Today's limit</dt><dd>{m.daily_limit} messages</dd>
            <dt>Warm-up day</dt><dd>{m.warmup_day}{m.warmup_started_at === null ? ' (not started yet)' : ` · since ${formatDateTime(m.warmup_started_at)}`}</dd>
            <dt>SMTP</dt><dd className="break">{m.smtp.host}:{m.smtp.port} ({m.smtp.security}) as {m.smtp.user}</dd>
            <dt>IMAP</dt><dd className="break">{m.imap.host}:{m.imap.port} ({m.imap.security}) as {m.imap.user}</dd>
            {m.imap.folders !== null && <><dt>Folders</dt><dd className="small">{Object.entries(m.imap.folders).map(([role, path]) => `${role}: ${path}`).join(' · ')}</dd></>}
            <dt>Added</dt><dd>{formatDateTime(m.created_at)}</dd>
          </dl>
        </div>
      </div>
      <StatsChart mailboxId={id} />
      <div className="grid-2 section">
        <DnsCard mailboxId={id} />
        <BlacklistCard mailboxId={id} />
      </div>
      {w !== undefined && <ConfigForm key={w.mailbox_id} warmup={w} onSaved={warmup.reload} />}
      {w !== undefined && <RecentEmails emails={w.recent_emails} />}

      <ConfirmDialog
        open={deleting}
        title="Delete this mailbox?"
        message={
          <>
            <p>Warm-up of <strong>{m.email}</strong> stops, its stored passwords are erased, and its stats and warm-up history are deleted.</p>
            <p>The mailbox itself, at your provider, is not touched. This cannot be undone.</p>
            <ErrorNotice error={action.error} />
          </>
        }
        confirmLabel="Delete mailbox"
        busy={action.busy}
        onConfirm={remove}
        onCancel={() => {
          action.clear();
          setDeleting(false);
        }}
      />
    </>
  );
}
