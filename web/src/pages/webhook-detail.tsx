/**
 * One webhook: its settings, "Send test" (followed until the delivery succeeds or fails), the delivery
 * log with paging, how to verify signatures, edit, enable/disable and delete.
 */
import { useEffect, useState } from 'react';
import { ApiError, threat, threatPage } from '../api.ts';
import { Link, navigate, useQueryState, useTitle } from '../router.tsx';
import type { PageProps } from '../routes.ts';
import { Button, ConfirmDialog, EmptyState, ErrorNotice, Loading, PageHeader, Pager, StatusBadge } from '../ui/components.tsx';
import { formatDateTime, formatRelative } from '../ui/format.ts';
import { useApi, useSubmit } from '../ui/hooks.ts';
import { usePolling } from './reports/poll.ts';
import { awaitingOutcome, DeliveryTable, TestOutcome } from './webhooks/deliveries.tsx';
import { WebhookFormDialog } from './webhooks/form.tsx';
import { SigningHelp } from './webhooks/signing-help.tsx';
import type { Delivery, Webhook } from './webhooks/types.ts';

export default function WebhookDetailPage(props: PageProps) {
  const id = props.params.id!;
  const path = `/webhooks/${encodeURIComponent(id)}`;
  const [query, setQuery] = useQueryState();
  const page = Number(query.get('page') ?? '1') || 1;
  const webhook = useApi((signal) => threat<Webhook>(path, { signal }), [id]);
  const deliveries = useApi((signal) => threatPage<Delivery>(`${path}/deliveries`, { page, limit: 20, sort: 'id:desc' }, signal), [id, page]);
  useTitle(webhook.data === undefined ? 'Webhook' : `Webhook ${webhook.data.url}`);
  const [testEventId, setTestEventId] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const action = useSubmit();

  const testDelivery = testEventId === undefined ? undefined : deliveries.data?.data.find((d) => d.event_id === testEventId);
  const testSettled = testDelivery !== undefined && !awaitingOutcome(testDelivery);
  // Follow the test event (and any delivery still in flight on this page) once a second.
  usePolling(testEventId !== undefined && !testSettled, () => {
    if (page !== 1) setQuery({ page: undefined });
    deliveries.reload();
    webhook.reload();
  });

  // The outcome also changes the webhook (last delivery, failure count): read it once more.
  useEffect(() => {
    if (testSettled) webhook.reload();
  }, [testSettled]);

  if (webhook.error instanceof ApiError && webhook.error.status === 404) {
    return (
      <EmptyState title="Webhook not found" action={<Link to="/webhooks" className="btn">Back to webhooks</Link>}>
        It may have been deleted.
      </EmptyState>
    );
  }
  if (webhook.data === undefined) return webhook.error === undefined ? <Loading label="Loading webhook…" /> : <ErrorNotice error={webhook.error} onRetry={webhook.reload} />;
  const w = webhook.data;

  const sendTest = () =>
    void action.run(async () => {
      const result = await threat<{ event_id: string }>(`${path}/test`, { method: 'POST' });
      setTestEventId(result.event_id);
      if (page !== 1) setQuery({ page: undefined });
      deliveries.reload();
    });
  const toggle = () =>
    void action.run(async () => {
      await threat(`${path}/${w.status === 'active' ? 'disable' : 'enable'}`, { method: 'POST' });
      webhook.reload();
    });
  const remove = () =>
    void action.run(async () => {
      await threat(path, { method: 'DELETE' });
      navigate('/webhooks');
    });

  return (
    <>
      <p className="breadcrumb"><Link to="/webhooks">← Webhooks</Link></p>
      <PageHeader
        title="Webhook"
        subtitle={<span className="break">{w.url}</span>}
        actions={
          <>
            <Button variant="primary" onClick={sendTest} busy={action.busy && testEventId === undefined} disabled={w.status !== 'active'} title={w.status === 'active' ? undefined : 'Enable the webhook to send a test'}>Send test</Button>
            <Button onClick={() => setEditing(true)}>Edit</Button>
            <Button onClick={toggle}>{w.status === 'active' ? 'Disable' : 'Enable'}</Button>
            <Button variant="danger" onClick={() => setDeleting(true)}>Delete</Button>
          </>
        }
      />
      <ErrorNotice error={deleting ? undefined : action.error} />
      <TestOutcome delivery={testDelivery} waiting={testEventId !== undefined} />
      {w.status === 'disabled' && (
        <div className="notice notice-warn">
          <p><strong>Disabled:</strong> {w.disabled_reason ?? 'no deliveries are sent.'} Enable it to receive events again (this also resets the failure count).</p>
        </div>
      )}
      <div className="card">
        <dl className="details">
          <dt>Status</dt><dd><StatusBadge status={w.status} /></dd>
          <dt>Events</dt><dd><span className="tag-list">{w.events.map((e) => <code key={e}>{e}</code>)}</span></dd>
          <dt>Description</dt><dd>{w.description ?? <span className="muted">none</span>}</dd>
          <dt>Last successful delivery</dt><dd>{w.last_delivery_at === null ? 'never' : `${formatRelative(w.last_delivery_at)} (${formatDateTime(w.last_delivery_at)})`}</dd>
          <dt>Consecutive failures</dt><dd>{w.failure_count}</dd>
          <dt>Created</dt><dd>{formatDateTime(w.created_at)}</dd>
          <dt>ID</dt><dd><code>{w.id}</code></dd>
        </dl>
      </div>

      <section className="section">
        <div className="section-header">
          <h2>Delivery log</h2>
          <Button className="btn-small" onClick={deliveries.reload} busy={deliveries.loading && deliveries.data !== undefined}>Refresh</Button>
        </div>
        <ErrorNotice error={deliveries.error} onRetry={deliveries.reload} />
        {deliveries.data === undefined && deliveries.loading && <Loading label="Loading deliveries…" />}
        {deliveries.data !== undefined && deliveries.data.data.length === 0 && (
          <EmptyState title="No deliveries yet" action={w.status === 'active' ? <Button onClick={sendTest}>Send a test event</Button> : undefined}>
            Deliveries appear here when a subscribed event happens. Send a test event to check your endpoint now.
          </EmptyState>
        )}
        {deliveries.data !== undefined && deliveries.data.data.length > 0 && <DeliveryTable deliveries={deliveries.data.data} pagination={deliveries.data.pagination} />}
        <Pager pagination={deliveries.data?.pagination} onPage={(p) => setQuery({ page: p === 1 ? undefined : p })} />
      </section>

      <SigningHelp />

      {editing && (
        <WebhookFormDialog
          open
          webhook={w}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            webhook.reload();
          }}
        />
      )}
      <ConfirmDialog
        open={deleting}
        title="Delete this webhook?"
        message={
          <>
            <p>Deliveries to <strong className="break">{w.url}</strong> stop at once.</p>
            <p>Its pending deliveries and its delivery history ({deliveries.data?.pagination.total ?? 0} so far) are deleted too. This cannot be undone.</p>
            <ErrorNotice error={action.error} />
          </>
        }
        confirmLabel="Delete webhook"
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
