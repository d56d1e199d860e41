/**
 * API keys: list (name, prefix, permissions, rate limits, created, last used), create (the raw key
 * shown once), edit name and permissions, regenerate (confirmed; the new key shown once), delete.
 */
import { useState } from 'react';
import { threat, threatPage } from '../api.ts';
import { useQueryState, useTitle } from '../router.tsx';
import type { PageProps } from '../routes.ts';
import { Button, ConfirmDialog, EmptyState, ErrorNotice, Loading, PageHeader, Pager } from '../ui/components.tsx';
import { formatDateTime, formatRelative } from '../ui/format.ts';
import { useApi, useSubmit } from '../ui/hooks.ts';
import { ApiKeyFormDialog, NewKeyDialog } from './api-keys/form.tsx';
import { limitText, type ApiKey, type ApiKeyWithSecret } from './api-keys/types.ts';

type Pending = { kind: 'regenerate' | 'delete'; key: ApiKey };

export default function ApiKeysPage(_props: PageProps) {
  useTitle('API keys');
  const [query, setQuery] = useQueryState();
  const page = Number(query.get('page') ?? '1') || 1;
  const list = useApi((signal) => threatPage<ApiKey>('/api-keys', { page, limit: 25, sort: 'id:desc' }, signal), [page]);
  const [editing, setEditing] = useState<ApiKey | 'new' | undefined>(undefined);
  const [shown, setShown] = useState<{ key: ApiKeyWithSecret; regenerated: boolean } | undefined>(undefined);
  const [pending, setPending] = useState<Pending | undefined>(undefined);
  const action = useSubmit();

  const confirm = () =>
    void action.run(async () => {
      const { kind, key } = pending!;
      const path = `/api-keys/${encodeURIComponent(key.key_id)}`;
      if (kind === 'delete') {
        await threat(path, { method: 'DELETE' });
      } else {
        setShown({ key: await threat<ApiKeyWithSecret>(`${path}/regenerate`, { method: 'POST' }), regenerated: true });
      }
      setPending(undefined);
      list.reload();
    });

  const rows = list.data?.data ?? [];
  return (
    <>
      <PageHeader
        title="API keys"
        subtitle={<>Keys let programs use both APIs as you: send one as <code>Authorization: Bearer sk_live_…</code>.</>}
        actions={<Button variant="primary" onClick={() => setEditing('new')}>New API key</Button>}
      />
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.data === undefined && list.loading && <Loading label="Loading API keys…" />}
      {list.data !== undefined && rows.length === 0 && page === 1 && (
        <EmptyState title="No API keys yet" action={<Button variant="primary" onClick={() => setEditing('new')}>Create an API key</Button>}>
          Create a key to connect a SIEM, a script or the SDK. The dashboard itself needs none.
        </EmptyState>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="wide">
            <thead>
              <tr><th>Name</th><th>Key</th><th>Permissions</th><th>Rate limits (/v1)</th><th>Created</th><th>Last used</th><th><span className="visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>
              {rows.map((key) => (
                <tr key={key.key_id} data-key={key.name}>
                  <td><strong>{key.name}</strong></td>
                  <td><code>{key.prefix}…</code></td>
                  <td><span className="tag-list">{key.permissions.map((p) => <code key={p}>{p}</code>)}</span></td>
                  <td className="small nowrap">
                    {limitText(key.rate_limit.per_minute)}/min<br />{limitText(key.rate_limit.per_hour)}/h<br />{limitText(key.rate_limit.per_day)}/day
                  </td>
                  <td title={formatDateTime(key.created_at)}>{formatRelative(key.created_at)}</td>
                  <td title={formatDateTime(key.last_used_at)}>{key.last_used_at === null ? <span className="muted">never</span> : formatRelative(key.last_used_at)}</td>
                  <td>
                    <div className="row-actions">
                      <Button className="btn-small" onClick={() => setEditing(key)}>Edit</Button>
                      <Button className="btn-small" onClick={() => setPending({ kind: 'regenerate', key })}>Regenerate</Button>
                      <Button className="btn-small" variant="danger" onClick={() => setPending({ kind: 'delete', key })}>Delete</Button>
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
        <ApiKeyFormDialog
          apiKey={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            setEditing(undefined);
            if ('key' in saved) setShown({ key: saved, regenerated: false });
            list.reload();
          }}
        />
      )}
      <NewKeyDialog apiKey={shown?.key} regenerated={shown?.regenerated ?? false} onClose={() => setShown(undefined)} />
      <ConfirmDialog
        open={pending !== undefined}
        title={pending?.kind === 'delete' ? 'Delete this API key?' : 'Regenerate this API key?'}
        message={
          <>
            {pending?.kind === 'delete' ? (
              <p>Programs using <strong>{pending?.key.name}</strong> (<code>{pending?.key.prefix}…</code>) get 401 from their next request. This cannot be undone.</p>
            ) : (
              <p>
                <strong>{pending?.key.name}</strong> (<code>{pending?.key.prefix}…</code>) stops working at once and a new key is shown once. Programs using the old key
                must be given the new one.
              </p>
            )}
            <ErrorNotice error={action.error} />
          </>
        }
        confirmLabel={pending?.kind === 'delete' ? 'Delete key' : 'Regenerate key'}
        busy={action.busy}
        onConfirm={confirm}
        onCancel={() => {
          action.clear();
          setPending(undefined);
        }}
      />
    </>
  );
}
