/**
 * Webhooks: the list (status, events, last delivery, failures), create (the secret shown once), edit,
 * enable/disable and delete with confirmation. The delivery log and "Send test" live on the detail page.
 */
import { useState } from 'react';
import { threat, threatPage } from '../api.ts';
import { Link, navigate, useQueryState, useTitle } from '../router.tsx';
import type { PageProps } from '../routes.ts';
import { Button, ConfirmDialog, EmptyState, ErrorNotice, Loading, PageHeader, Pager, StatusBadge } from '../ui/components.tsx';
import { formatRelative } from '../ui/format.ts';
import { useApi, useSubmit } from '../ui/hooks.ts';
import { SecretDialog, WebhookFormDialog } from './webhooks/form.tsx';
import type { Webhook, WebhookWithSecret } from './webhooks/types.ts';

export default function WebhooksPage(_props: PageProps) {
  useTitle('Webhooks');
  const [query, setQuery] = useQueryState();
  const page = Number(query.get('page') ?? '1') || 1;
  const list = useApi((signal) => threatPage<Webhook>('/webhooks', { page, limit: 25, sort: 'id:desc' }, signal), [page]);
  const [editing, setEditing] = useState<Webhook | 'new' | undefined>(undefined);
  const [created, setCreated] = useState<WebhookWithSecret | undefined>(undefined);
  const [deleting, setDeleting] = useState<Webhook | undefined>(undefined);
  const action = useSubmit();

  const toggle = (webhook: Webhook) =>
    void action.run(async () => {
      await threat(`/webhooks/${encodeURIComponent(webhook.id)}/${webhook.status === 'active' ? 'disable' : 'enable'}`, { method: 'POST' });
      list.reload();
    });
  const remove = () =>
    void action.run(async () => {
      await threat(`/webhooks/${encodeURIComponent(deleting!.id)}`, { method: 'DELETE' });
      setDeleting(undefined);
      list.reload();
    });

  const rows = list.data?.data ?? [];
  return (
    <>
      <PageHeader
        title="Webhooks"
        subtitle="Mailwarden POSTs signed JSON events to your URLs as mail arrives and threats are found."
        actions={<Button variant="primary" onClick={() => setEditing('new')}>New webhook</Button>}
      />
      <ErrorNotice error={list.error} onRetry={list.reload} />
      <ErrorNotice error={deleting === undefined ? action.error : undefined} />
      {list.data === undefined && list.loading && <Loading label="Loading webhooks…" />}
      {list.data !== undefined && rows.length === 0 && page === 1 && (
        <EmptyState title="No webhooks yet" action={<Button variant="primary" onClick={() => setEditing('new')}>Create your first webhook</Button>}>
          Add a URL to be told about new mail, detected threats and campaigns the moment they happen.
        </EmptyState>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="wide">
            <thead>
              <tr><th>URL</th><th>Events</th><th>Status</th><th>Last delivery</th><th>Failures</th><th><span className="visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>
              {rows.map((webhook) => (
                <tr key={webhook.id}>
                  <td className="truncate">
                    <Link to={`/webhooks/${encodeURIComponent(webhook.id)}`} title={webhook.url}>{webhook.url}</Link>
                    {webhook.description !== null && <div className="muted small">{webhook.description}</div>}
                  </td>
                  <td><span className="tag-list">{webhook.events.map((e) => <code key={e}>{e}</code>)}</span></td>
                  <td>
                    <StatusBadge status={webhook.status} />
                    {webhook.disabled_reason !== null && <div className="muted small">{webhook.disabled_reason}</div>}
                  </td>
                  <td>{webhook.last_delivery_at === null ? <span className="muted">never</span> : formatRelative(webhook.last_delivery_at)}</td>
                  <td>{webhook.failure_count}</td>
                  <td>
                    <div className="row-actions">
                      <Button className="btn-small" onClick={() => setEditing(webhook)}>Edit</Button>
                      <Button className="btn-small" onClick={() => toggle(webhook)} disabled={action.busy}>{webhook.status === 'active' ? 'Disable' : 'Enable'}</Button>
                      <Button className="btn-small" variant="danger" onClick={() => setDeleting(webhook)}>Delete</Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager pagination={list.data?.pagination} onPage={(p) => setQuery({ page: p === 1 ? undefined : p })} />

      {editing !== undefined && (
        <WebhookFormDialog
          open
          webhook={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            setEditing(undefined);
            if ('secret' in saved) setCreated(saved);
            list.reload();
          }}
        />
      )}
      <SecretDialog
        webhook={created}
        onClose={() => {
          const id = created?.id;
          setCreated(undefined);
          if (id !== undefined) navigate(`/webhooks/${encodeURIComponent(id)}`);
        }}
      />
      <ConfirmDialog
        open={deleting !== undefined}
        title="Delete this webhook?"
        message={
          <>
            <p>Deliveries to <strong className="break">{deleting?.url}</strong> stop at once.</p>
            <p>Its pending deliveries and its delivery history are deleted too. This cannot be undone.</p>
            <ErrorNotice error={action.error} />
          </>
        }
        confirmLabel="Delete webhook"
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
