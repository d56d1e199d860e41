/** The account's audit log (`GET /v1/users/me/audit`), newest first, paged through the query string. */
import { threatPage } from '../../api.ts';
import { useQueryState } from '../../router.tsx';
import { EmptyState, ErrorNotice, Loading, Pager } from '../../ui/components.tsx';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import { useApi } from '../../ui/hooks.ts';

interface AuditEvent {
  id: string;
  action: string;
  actor_type: 'session' | 'api_key' | 'cli' | 'system';
  actor_id: string | null;
  api_key_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  details: Record<string, unknown>;
  created_at: string;
}

/** Audit actions (src/accounts/audit.ts AUDIT_ACTIONS) in words. */
const ACTION_TEXT: Record<string, string> = {
  'auth.signed_in': 'Signed in',
  'auth.signed_out': 'Signed out',
  'auth.refresh_token_reused': 'A used session token was presented again: all sessions of that sign-in were ended',
  'api_key.created': 'API key created',
  'api_key.updated': 'API key changed',
  'api_key.regenerated': 'API key regenerated',
  'api_key.deleted': 'API key deleted',
  'user.updated': 'Profile changed',
  'user.plan_changed': 'Plan changed',
  'user.role_changed': 'Role changed',
  'user.deleted': 'Account deleted',
  'webhook.created': 'Webhook created',
  'webhook.deleted': 'Webhook deleted',
};

const ACTOR_TEXT: Record<AuditEvent['actor_type'], string> = { session: 'dashboard', api_key: 'API key', cli: 'command line', system: 'system' };

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`)
    .join(' · ');
}

export function AuditLog() {
  const [query, setQuery] = useQueryState();
  const page = Number(query.get('page') ?? '1') || 1;
  const list = useApi((signal) => threatPage<AuditEvent>('/users/me/audit', { page, limit: 20, sort: 'id:desc' }, signal), [page]);
  const rows = list.data?.data ?? [];
  return (
    <section className="section" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <p className="muted">Security-relevant actions on your account: sign-ins, API keys, webhooks and profile changes.</p>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.data === undefined && list.loading && <Loading label="Loading the audit log…" />}
      {list.data !== undefined && rows.length === 0 && <EmptyState title="Nothing recorded yet">Sign-ins and changes to keys and webhooks will be listed here.</EmptyState>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="wide">
            <thead>
              <tr><th>When</th><th>Action</th><th>By</th><th>From</th><th>Details</th></tr>
            </thead>
            <tbody>
              {rows.map((event) => (
                <tr key={event.id}>
                  <td className="nowrap" title={formatDateTime(event.created_at)}>{formatRelative(event.created_at)}</td>
                  <td>{ACTION_TEXT[event.action] ?? event.action}<div className="muted small"><code>{event.action}</code></div></td>
                  <td>{ACTOR_TEXT[event.actor_type]}{event.api_key_id !== null && <div className="muted small"><code>{event.api_key_id}</code></div>}</td>
                  <td>{event.ip ?? <span className="muted">—</span>}{event.user_agent !== null && <div className="muted small truncate-block" title={event.user_agent}>{event.user_agent}</div>}</td>
                  <td className="small">{detailsText(event.details) || <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager pagination={list.data?.pagination} onPage={(p) => setQuery({ page: p === 1 ? undefined : p })} />
    </section>
  );
}
