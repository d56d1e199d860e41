/** The latest warm-up messages of a mailbox (`recent_emails` of `GET /api/v1/warmup`). */
import { StatusBadge } from '../../ui/components.tsx';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import type { WarmupEmail } from './types.ts';

export function RecentEmails(props: { emails: WarmupEmail[] }) {
  return (
    <section className="section" aria-labelledby="recent-emails">
      <h2 id="recent-emails">Recent warm-up emails</h2>
      {props.emails.length === 0 ? (
        <p className="muted">No warm-up messages yet. They are planned each day inside the send window and appear here as they are scheduled and sent.</p>
      ) : (
        <div className="table-wrap">
          <table className="wide">
            <thead>
              <tr><th>Subject</th><th>Status</th><th>Landed in</th><th>Scheduled</th><th>Sent</th><th>Bounce</th></tr>
            </thead>
            <tbody>
              {props.emails.map((e) => (
                <tr key={e.id}>
                  <td className="truncate" title={e.subject}>{e.subject}</td>
                  <td><StatusBadge status={e.status} /></td>
                  <td>{e.landed_in === null ? <span className="muted">{e.status === 'sent' ? 'looking…' : '—'}</span> : <StatusBadge status={e.landed_in} />}</td>
                  <td title={formatDateTime(e.scheduled_at)}>{formatRelative(e.scheduled_at)}</td>
                  <td title={formatDateTime(e.sent_at)}>{e.sent_at === null ? <span className="muted">—</span> : formatRelative(e.sent_at)}</td>
                  <td>{e.bounce_type === null ? <span className="muted">—</span> : `${e.bounce_type}${e.bounce_category === null ? '' : ` (${e.bounce_category.replaceAll('_', ' ')})`}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
