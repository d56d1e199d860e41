/**
 * Mailboxes (Deliverability API, Pro and Enterprise plans): the connected mailboxes with status,
 * health, daily limit and warm-up day, and "Add a mailbox". A free-plan account gets an explanation
 * instead of the API's 403.
 */
import { useState } from 'react';
import { deliverability } from '../api.ts';
import { Link, navigate, useTitle } from '../router.tsx';
import type { PageProps } from '../routes.ts';
import { Button, EmptyState, ErrorNotice, Loading, PageHeader, StatusBadge } from '../ui/components.tsx';
import { formatDate } from '../ui/format.ts';
import { useApi } from '../ui/hooks.ts';
import { AddMailboxDialog } from './mailboxes/add-form.tsx';
import { HealthBadge } from './mailboxes/health.tsx';
import { PlanRequired } from './mailboxes/plan-gate.tsx';
import { isPlanError, type MailboxListItem } from './mailboxes/types.ts';

export default function MailboxesPage(_props: PageProps) {
  useTitle('Mailboxes');
  const list = useApi((signal) => deliverability<{ mailboxes: MailboxListItem[] }>('/mailboxes', { signal }), []);
  const [adding, setAdding] = useState(false);

  if (isPlanError(list.error)) {
    return (
      <>
        <PageHeader title="Mailboxes" />
        <PlanRequired />
      </>
    );
  }
  const rows = list.data?.mailboxes ?? [];
  return (
    <>
      <PageHeader
        title="Mailboxes"
        subtitle="Connected mailboxes are warmed up automatically: they exchange real mail with each other so providers learn to trust them."
        actions={<Button variant="primary" onClick={() => setAdding(true)}>Add a mailbox</Button>}
      />
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.data === undefined && list.loading && <Loading label="Loading mailboxes…" />}
      {list.data !== undefined && rows.length === 0 && (
        <EmptyState title="No mailboxes connected" action={<Button variant="primary" onClick={() => setAdding(true)}>Add your first mailbox</Button>}>
          Connect a sending mailbox with its SMTP and IMAP settings. Warm-up starts by itself, and its health, DNS records and blacklist status show up here.
        </EmptyState>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="wide">
            <thead>
              <tr><th>Mailbox</th><th>Provider</th><th>Status</th><th>Health</th><th>Daily limit</th><th>Warm-up day</th><th>Added</th></tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id}>
                  <td><Link to={`/mailboxes/${m.id}`}>{m.email}</Link></td>
                  <td>{m.provider}</td>
                  <td><StatusBadge status={m.status} /></td>
                  <td><HealthBadge score={m.health_score} /></td>
                  <td>{m.daily_limit} / day</td>
                  <td>{m.warmup_day}</td>
                  <td>{formatDate(m.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {adding && (
        <AddMailboxDialog
          onClose={() => setAdding(false)}
          onCreated={(id) => {
            setAdding(false);
            navigate(`/mailboxes/${id}`);
          }}
        />
      )}
    </>
  );
}
