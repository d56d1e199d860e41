/**
 * Captured emails: a server-side paged, filtered and sorted list (the URL holds page, sort and
 * filters). Rows still being analysed show "analysing…" and the page refreshes itself until they
 * have scores.
 */
import { useEffect } from 'react';
import { threatPage } from '../api.ts';
import { Link, useQueryState, useTitle } from '../router.tsx';
import type { PageProps } from '../routes.ts';
import { EmptyState, ErrorNotice, Loading, PageHeader, Pager, ScoreBadge, SelectField } from '../ui/components.tsx';
import { formatBytes, formatDateTime, formatNumber, formatRelative } from '../ui/format.ts';
import { useApi } from '../ui/hooks.ts';
import { EMAIL_FILTER_KEYS, EmailFilters, emailListParams } from './emails/filters.tsx';
import { useHoneypotMenu, useHoneypotNames } from './emails/honeypot-names.ts';
import { ClassificationBadge, parseSort, SortHeader } from './emails/list-tools.tsx';
import type { EmailListItem } from './emails/types.ts';

const DEFAULT_SORT = { field: 'received_at', direction: 'desc' } as const;
/** How often a page with emails still being analysed asks again, in ms. */
const PENDING_REFRESH_MS = 2000;
const PAGE_SIZES = ['25', '50', '100'];

export default function EmailsPage(_props: PageProps) {
  useTitle('Emails');
  const [query, setQuery] = useQueryState();
  const sort = parseSort(query.get('sort'), DEFAULT_SORT);
  const page = query.get('page') ?? '1';
  const limit = query.get('limit') ?? '25';
  const params = emailListParams(query);
  const list = useApi((signal) => threatPage<EmailListItem>('/emails', { ...params, page, limit, sort: `${sort.field}:${sort.direction}` }, signal), [query.toString()]);
  const menu = useHoneypotMenu();
  const rows = list.data?.data ?? [];
  const names = useHoneypotNames(rows.map((r) => r.honeypot_id), menu.loading ? undefined : (menu.data?.data ?? []));
  const pending = rows.some((r) => r.analysis_status === 'pending');
  useEffect(() => {
    if (!pending || list.loading) return;
    const timer = setTimeout(list.reload, PENDING_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [pending, list.loading, list.data]);

  const filtered = EMAIL_FILTER_KEYS.some((k) => (query.get(k) ?? '') !== '');
  const onSort = (value: string) => setQuery({ sort: value, page: undefined });
  return (
    <>
      <PageHeader
        title="Emails"
        subtitle={list.data === undefined ? 'Mail your honeypots captured, newest first.' : `${formatNumber(list.data.pagination.total)} ${filtered ? 'matching' : 'captured'} email${list.data.pagination.total === 1 ? '' : 's'}`}
      />
      <EmailFilters query={query} setQuery={setQuery} honeypots={menu.data?.data ?? []} />
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.data === undefined ? (
        list.error === undefined && <Loading label="Loading emails…" />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No email matches these filters" action={<button type="button" className="btn" onClick={() => setQuery(Object.fromEntries([...EMAIL_FILTER_KEYS, 'page'].map((k) => [k, undefined])))}>Clear filters</button>}>
            Widen the date range, lower the minimum score or pick another honeypot.
          </EmptyState>
        ) : (
          <EmptyState title="No email captured yet" action={<Link to="/honeypots" className="btn btn-primary">Go to honeypots</Link>}>
            Mail sent to one of your active honeypots shows up here within seconds, with its threat score. Create a honeypot and publish its address where spammers and phishers will find it.
          </EmptyState>
        )
      ) : (
        <>
          <div className="table-wrap" aria-busy={list.loading}>
            <table className="emails-table" aria-label="Captured emails">
              <thead>
                <tr>
                  <SortHeader label="Score" field="threat_score" sort={sort} onSort={onSort} />
                  <SortHeader label="Subject" field="subject" sort={sort} onSort={onSort} />
                  <SortHeader label="From" field="from" sort={sort} onSort={onSort} />
                  <th>Honeypot</th>
                  <SortHeader label="Received" field="received_at" sort={sort} onSort={onSort} />
                  <SortHeader label="Size" field="size" sort={sort} onSort={onSort} className="num" />
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id} data-email-id={row.id}>
                    <td className="nowrap">
                      <ScoreBadge score={row.threat_score} /> <ClassificationBadge classification={row.classification} status={row.analysis_status} />
                    </td>
                    <td className="truncate">
                      <Link to={`/emails/${row.id}`}>{row.subject ?? '(no subject)'}</Link>
                      {row.attachment_count > 0 && <span className="muted small" title={`${row.attachment_count} attachment(s)`}> · 📎 {row.attachment_count}</span>}
                    </td>
                    <td className="truncate mono-ish">{row.from ?? '—'}</td>
                    <td className="truncate">{names.get(row.honeypot_id) ?? <span className="muted small">{row.honeypot_id}</span>}</td>
                    <td className="nowrap" title={formatDateTime(row.received_at)}>{formatRelative(row.received_at)}</td>
                    <td className="nowrap num">{formatBytes(row.size)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="list-footer">
            <Pager pagination={list.data.pagination} onPage={(p) => setQuery({ page: p === 1 ? undefined : p }, { replace: false })} />
            <SelectField label="Per page" name="limit" value={limit} options={PAGE_SIZES} onChange={(e) => setQuery({ limit: e.target.value === '25' ? undefined : e.target.value, page: undefined })} />
          </div>
        </>
      )}
    </>
  );
}
