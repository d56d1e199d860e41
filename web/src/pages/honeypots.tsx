/**
 * Honeypots: filtered, sorted, paged list (state in the URL); create and edit in a dialog with
 * every field; bulk create from pasted addresses; select rows to change their status or delete
 * them together; delete one with a confirmation that says what goes with it.
 */
import { useState } from 'react';
import { threat, threatPage } from '../api.ts';
import { Link, useQueryState, useTitle } from '../router.tsx';
import type { PageProps } from '../routes.ts';
import { Button, ConfirmDialog, Dialog, EmptyState, ErrorNotice, Loading, PageHeader, Pager, StatusBadge } from '../ui/components.tsx';
import { formatNumber, formatRelative } from '../ui/format.ts';
import { useApi, useSubmit } from '../ui/hooks.ts';
import { parseSort, SortHeader } from './emails/list-tools.tsx';
import { BulkCreate } from './honeypots/bulk-create.tsx';
import { HONEYPOT_FILTER_KEYS, HoneypotFilters, honeypotListParams } from './honeypots/filters.tsx';
import { HoneypotForm } from './honeypots/form.tsx';
import { GettingStarted } from './honeypots/getting-started.tsx';
import { SelectionBar } from './honeypots/selection-bar.tsx';
import type { Honeypot } from './honeypots/types.ts';

const DEFAULT_SORT = { field: 'created_at', direction: 'desc' } as const;

type Editing = { mode: 'create' } | { mode: 'edit'; honeypot: Honeypot } | { mode: 'bulk' } | undefined;

export default function HoneypotsPage(_props: PageProps) {
  useTitle('Honeypots');
  const [query, setQuery] = useQueryState();
  const sort = parseSort(query.get('sort'), DEFAULT_SORT);
  const list = useApi(
    (signal) => threatPage<Honeypot>('/honeypots', { ...honeypotListParams(query), page: query.get('page') ?? '1', limit: 25, sort: `${sort.field}:${sort.direction}` }, signal),
    [query.toString()],
  );
  // `?new=1` (the overview's "create a honeypot" link) opens the form at once.
  const [editing, setEditingState] = useState<Editing>(query.get('new') === '1' ? { mode: 'create' } : undefined);
  const setEditing = (next: Editing) => {
    setEditingState(next);
    if (next === undefined && query.get('new') !== null) setQuery({ new: undefined });
  };
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [deleting, setDeleting] = useState<Honeypot | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const remove = useSubmit();
  const rows = list.data?.data ?? [];
  const filtered = HONEYPOT_FILTER_KEYS.some((k) => (query.get(k) ?? '') !== '');
  const onSort = (value: string) => setQuery({ sort: value, page: undefined });
  const finish = (message: string) => {
    setEditing(undefined);
    setSelected(new Set());
    setNotice(message);
    list.reload();
  };
  const toggle = (id: string) => setSelected((s) => { const next = new Set(s); if (next.has(id)) next.delete(id); else next.add(id); return next; });
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const confirmDelete = async () => {
    const h = deleting!;
    const ok = await remove.run(() => threat(`/honeypots/${encodeURIComponent(h.id)}`, { method: 'DELETE' }));
    if (ok) { setDeleting(undefined); finish(`${h.email_address} deleted.`); }
  };

  return (
    <>
      <PageHeader
        title="Honeypots"
        subtitle={list.data === undefined ? 'Trap addresses that capture spam, phishing and malware.' : `${formatNumber(list.data.pagination.total)} ${filtered ? 'matching' : 'in all'}`}
        actions={
          <>
            <Button onClick={() => setEditing({ mode: 'bulk' })}>Bulk create</Button>
            <Button variant="primary" onClick={() => setEditing({ mode: 'create' })}>New honeypot</Button>
          </>
        }
      />
      {notice !== undefined && <div className="notice notice-ok" role="status"><p>{notice}</p></div>}
      {(rows.length > 0 || filtered) && <HoneypotFilters query={query} setQuery={setQuery} />}
      {selected.size > 0 && (
        <SelectionBar ids={[...selected]} emailCount={rows.filter((r) => selected.has(r.id)).reduce((n, r) => n + r.email_count, 0)} onDone={finish} onClear={() => setSelected(new Set())} />
      )}
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.data === undefined ? (
        list.error === undefined && <Loading label="Loading honeypots…" />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No honeypot matches these filters" action={<Button onClick={() => setQuery(Object.fromEntries([...HONEYPOT_FILTER_KEYS, 'page'].map((k) => [k, undefined])))}>Clear filters</Button>} />
        ) : (
          <GettingStarted onCreate={() => setEditing({ mode: 'create' })} onBulk={() => setEditing({ mode: 'bulk' })} />
        )
      ) : (
        <>
          <div className="table-wrap" aria-busy={list.loading}>
            <table>
              <thead>
                <tr>
                  <th className="check"><input type="checkbox" aria-label="Select all on this page" checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))} /></th>
                  <SortHeader label="Address" field="email_address" sort={sort} onSort={onSort} />
                  <th>Status</th>
                  <th>Purpose</th>
                  <th>Priority</th>
                  <th>Tags</th>
                  <SortHeader label="Emails" field="email_count" sort={sort} onSort={onSort} className="num" />
                  <SortHeader label="Last email" field="last_email_at" sort={sort} onSort={onSort} />
                  <SortHeader label="Created" field="created_at" sort={sort} onSort={onSort} />
                  <th><span className="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {rows.map((h) => (
                  <tr key={h.id}>
                    <td className="check"><input type="checkbox" aria-label={`Select ${h.email_address}`} checked={selected.has(h.id)} onChange={() => toggle(h.id)} /></td>
                    <td><Link to={`/honeypots/${h.id}`}>{h.email_address}</Link>{h.alerts.webhook_status === 'disabled' && <div className="small field-error">alert webhook disabled</div>}</td>
                    <td><StatusBadge status={h.status} /></td>
                    <td>{h.purpose}</td>
                    <td><span className={`priority priority-${h.priority}`}>{h.priority}</span></td>
                    <td>{h.tags.length === 0 ? <span className="muted">—</span> : h.tags.map((t) => <span key={t} className="tag">{t}</span>)}</td>
                    <td className="num">{h.email_count > 0 ? <Link to={`/emails?honeypot_id=${h.id}`}>{formatNumber(h.email_count)}</Link> : '0'}</td>
                    <td className="nowrap">{formatRelative(h.last_email_at)}</td>
                    <td className="nowrap">{formatRelative(h.created_at)}</td>
                    <td className="nowrap">
                      <Button variant="ghost" className="btn-small" onClick={() => setEditing({ mode: 'edit', honeypot: h })} aria-label={`Edit ${h.email_address}`}>Edit</Button>
                      <Button variant="ghost" className="btn-small" onClick={() => { remove.clear(); setDeleting(h); }} aria-label={`Delete ${h.email_address}`}>Delete</Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager pagination={list.data.pagination} onPage={(p) => { setSelected(new Set()); setQuery({ page: p === 1 ? undefined : p }, { replace: false }); }} />
        </>
      )}
      <Dialog open={editing?.mode === 'create' || editing?.mode === 'edit'} title={editing?.mode === 'edit' ? `Edit ${editing.honeypot.email_address}` : 'New honeypot'} onClose={() => setEditing(undefined)}>
        {(editing?.mode === 'create' || editing?.mode === 'edit') && (
          <HoneypotForm
            key={editing.mode === 'edit' ? editing.honeypot.id : 'new'}
            honeypot={editing.mode === 'edit' ? editing.honeypot : undefined}
            onSaved={(h) => finish(editing.mode === 'edit' ? `${h.email_address} saved.` : `${h.email_address} created: mail sent to it now shows up under Emails.`)}
            onCancel={() => setEditing(undefined)}
          />
        )}
      </Dialog>
      <Dialog open={editing?.mode === 'bulk'} title="Create honeypots in bulk" onClose={() => setEditing(undefined)}>
        {editing?.mode === 'bulk' && <BulkCreate onDone={(n) => finish(`${n} honeypot(s) created.`)} onCancel={() => setEditing(undefined)} />}
      </Dialog>
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete ${deleting?.email_address ?? 'this honeypot'}?`}
        message={
          <>
            <p>The address stops receiving mail at once (senders get 550). Its settings, alerts and <strong>the {formatNumber(deleting?.email_count ?? 0)} email{deleting?.email_count === 1 ? '' : 's'} it captured</strong> (with attachments and analysis) are deleted. This cannot be undone.</p>
            <ErrorNotice error={remove.error} />
          </>
        }
        confirmLabel="Delete honeypot"
        busy={remove.busy}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(undefined)}
      />
    </>
  );
}
