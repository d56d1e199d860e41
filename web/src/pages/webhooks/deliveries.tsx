/**
 * A webhook's delivery log (`GET /v1/webhooks/:id/deliveries`, newest first) and the outcome of a
 * "Send test": the test event is followed in the log until its delivery succeeds or fails.
 */
import type { Pagination } from '../../api.ts';
import { StatusBadge } from '../../ui/components.tsx';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import type { Delivery } from './types.ts';

export function DeliveryTable(props: { deliveries: Delivery[]; pagination: Pagination | undefined }) {
  return (
    <div className="table-wrap">
      <table className="wide">
        <thead>
          <tr><th>Event</th><th>Status</th><th>HTTP</th><th>Latency</th><th>Attempt</th><th>Next retry</th><th>Error</th><th>Created</th></tr>
        </thead>
        <tbody>
          {props.deliveries.map((d) => (
            <tr key={d.id}>
              <td><code>{d.event_type}</code></td>
              <td><StatusBadge status={awaitingOutcome(d) && d.attempt > 0 ? 'sending' : d.status} /></td>
              <td>{d.last_status_code ?? <span className="muted">—</span>}</td>
              <td>{d.last_latency_ms === null ? <span className="muted">—</span> : `${d.last_latency_ms} ms`}</td>
              <td>{d.attempt}</td>
              <td>{d.next_attempt_at === null ? <span className="muted">—</span> : <span title={formatDateTime(d.next_attempt_at)}>{formatRelative(d.next_attempt_at)}</span>}</td>
              <td className="delivery-error">{d.last_error ?? <span className="muted">—</span>}</td>
              <td title={formatDateTime(d.created_at)}>{formatRelative(d.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * True while a delivery has no outcome yet: queued, or claimed by the worker (the attempt counter goes
 * up at the claim, before the request is made) with nothing recorded so far.
 */
export function awaitingOutcome(d: Delivery): boolean {
  return d.status === 'pending' && d.last_status_code === null && d.last_error === null;
}

/** What happened to the test event, in words. */
export function TestOutcome(props: { delivery: Delivery | undefined; waiting: boolean }) {
  const d = props.delivery;
  if (d === undefined || awaitingOutcome(d)) {
    return props.waiting ? <div className="notice" role="status"><p><span className="spinner" aria-hidden="true" /> Test event queued; waiting for the delivery…</p></div> : null;
  }
  if (d.status === 'succeeded') {
    return (
      <div className="notice notice-ok" role="status" data-testid="test-outcome">
        <p><strong>Test delivered.</strong> Your endpoint answered HTTP {d.last_status_code} in {d.last_latency_ms} ms.</p>
      </div>
    );
  }
  return (
    <div className="notice notice-error" role="status" data-testid="test-outcome">
      <p>
        <strong>Test delivery {d.status === 'pending' ? 'failed; it will be retried' : d.status}.</strong>{' '}
        {d.last_status_code !== null ? `Your endpoint answered HTTP ${d.last_status_code}.` : 'Your endpoint did not answer.'} {d.last_error ?? ''}
      </p>
      {d.next_attempt_at !== null && <p className="muted small">Next attempt {formatRelative(d.next_attempt_at)} ({formatDateTime(d.next_attempt_at)}).</p>}
    </div>
  );
}
