/**
 * Warm-up health at a glance from the Deliverability API. Free-plan accounts get 403 there: a
 * one-line note says what the plan lacks instead of showing an error.
 */
import { ApiError, deliverability } from '../../api.ts';
import { Link } from '../../router.tsx';
import { session } from '../../session.ts';
import { ErrorNotice, Loading } from '../../ui/components.tsx';
import { useApi } from '../../ui/hooks.ts';
import type { MailboxSummary } from './types.ts';

export function WarmupHealth() {
  const mailboxes = useApi((signal) => deliverability<{ mailboxes: MailboxSummary[] }>('/mailboxes', { signal }), []);
  const forbidden = mailboxes.error instanceof ApiError && mailboxes.error.status === 403;
  const list = mailboxes.data?.mailboxes ?? [];
  const average = list.length === 0 ? undefined : Math.round(list.reduce((n, m) => n + m.health_score, 0) / list.length);
  const failing = list.filter((m) => m.status === 'error');
  const paused = list.filter((m) => m.status === 'paused');
  return (
    <section className="card" aria-labelledby="warmup-title">
      <div className="card-head">
        <h2 id="warmup-title">Warm-up health</h2>
        {!forbidden && <Link to="/mailboxes">Mailboxes →</Link>}
      </div>
      {forbidden ? (
        <p className="muted">Mailbox warm-up is part of the Pro and Enterprise plans; this account is on the {session.user?.plan ?? 'free'} plan.</p>
      ) : mailboxes.error !== undefined ? (
        <ErrorNotice error={mailboxes.error} onRetry={mailboxes.reload} />
      ) : mailboxes.data === undefined ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="muted">No mailbox is warming up. <Link to="/mailboxes">Connect a mailbox</Link> to build its sending reputation automatically.</p>
      ) : (
        <div className="mini-stats">
          <div><div className="stat-value">{list.length}</div><div className="stat-label">mailbox{list.length === 1 ? '' : 'es'}</div></div>
          <div><div className={`stat-value health-${average! >= 80 ? 'good' : average! >= 50 ? 'fair' : 'poor'}`}>{average}</div><div className="stat-label">average health</div></div>
          <div><div className={`stat-value${failing.length > 0 ? ' text-danger' : ''}`}>{failing.length}</div><div className="stat-label">in error</div></div>
          <div><div className={`stat-value${paused.length > 0 ? ' text-warn' : ''}`}>{paused.length}</div><div className="stat-label">paused</div></div>
          {failing.length > 0 && (
            <p className="small mini-stats-note">Needs attention: {failing.slice(0, 3).map((m, i) => <span key={m.id}>{i > 0 && ', '}<Link to={`/mailboxes/${m.id}`}>{m.email}</Link></span>)}{failing.length > 3 ? '…' : ''}</p>
          )}
        </div>
      )}
    </section>
  );
}
