/**
 * Campaigns: clusters of similar captured mail (same body, links, attachments or sending network)
 * across honeypots and over time. Only campaigns of two or more messages are listed (the API's rule).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { threatPage } from '../api.ts';
import { Link, useQueryState, useTitle } from '../router.tsx';
import type { PageProps } from '../routes.ts';
import { Button, EmptyState, ErrorNotice, Loading, PageHeader, Pager, ScoreBadge, TextField } from '../ui/components.tsx';
import { formatDateTime, formatNumber, formatRelative } from '../ui/format.ts';
import { useApi } from '../ui/hooks.ts';
import type { Campaign } from './campaigns/types.ts';
import { dateRangeParam, parseSort, SortHeader } from './emails/list-tools.tsx';

const DEFAULT_SORT = { field: 'last_seen_at', direction: 'desc' } as const;
const FILTER_KEYS = ['min_score', 'sender', 'since', 'until'] as const;
const LIST_FIELDS = 'id,representative_subject,message_count,honeypot_count,max_threat_score,first_seen_at,last_seen_at,sender_domain,pattern_detected_at';

function listParams(query: URLSearchParams): Record<string, string | undefined> {
  const value = (k: string) => ((query.get(k) ?? '') === '' ? undefined : query.get(k)!);
  return {
    max_threat_score: value('min_score') === undefined ? undefined : `gte:${value('min_score')}`,
    sender_domain: value('sender') === undefined ? undefined : `contains:${value('sender')}`,
    date_range: dateRangeParam(value('since') ?? null, value('until') ?? null),
  };
}

function Filters(props: { query: URLSearchParams; setQuery: (c: Record<string, string | undefined>) => void }) {
  const [minScore, setMinScore] = useState(props.query.get('min_score') ?? '');
  const [sender, setSender] = useState(props.query.get('sender') ?? '');
  useEffect(() => setMinScore(props.query.get('min_score') ?? ''), [props.query.get('min_score')]);
  useEffect(() => setSender(props.query.get('sender') ?? ''), [props.query.get('sender')]);
  const apply = (changes: Record<string, string | undefined>) => props.setQuery({ ...changes, page: undefined });
  const applyText = () => apply({ min_score: minScore.trim(), sender: sender.trim() });
  const active = FILTER_KEYS.some((k) => (props.query.get(k) ?? '') !== '');
  return (
    <form className="toolbar filters" aria-label="Filter campaigns" onSubmit={(e: FormEvent) => { e.preventDefault(); applyText(); }}>
      <TextField label="Min. highest score" name="min_score" type="number" min={0} max={100} value={minScore} onChange={(e) => setMinScore(e.target.value)} onBlur={applyText} />
      <TextField label="Sender domain contains" name="sender" type="search" value={sender} onChange={(e) => setSender(e.target.value)} onBlur={applyText} />
      <TextField label="First seen from" name="since" type="date" value={props.query.get('since') ?? ''} onChange={(e) => apply({ since: e.target.value })} />
      <TextField label="First seen until" name="until" type="date" value={props.query.get('until') ?? ''} onChange={(e) => apply({ until: e.target.value })} />
      <button type="submit" hidden>Apply</button>
      {active && <Button variant="ghost" onClick={() => apply(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])))}>Clear filters</Button>}
    </form>
  );
}

export default function CampaignsPage(_props: PageProps) {
  useTitle('Campaigns');
  const [query, setQuery] = useQueryState();
  const sort = parseSort(query.get('sort'), DEFAULT_SORT);
  const list = useApi(
    (signal) => threatPage<Campaign>('/campaigns', { ...listParams(query), fields: LIST_FIELDS, page: query.get('page') ?? '1', limit: 25, sort: `${sort.field}:${sort.direction}` }, signal),
    [query.toString()],
  );
  const rows = list.data?.data ?? [];
  const filtered = FILTER_KEYS.some((k) => (query.get(k) ?? '') !== '');
  const onSort = (value: string) => setQuery({ sort: value, page: undefined });
  return (
    <>
      <PageHeader title="Campaigns" subtitle="Similar messages grouped across honeypots and over time: the same body, links, attachments or sending network." />
      <Filters query={query} setQuery={setQuery} />
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.data === undefined ? (
        list.error === undefined && <Loading label="Loading campaigns…" />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No campaign matches these filters" action={<Button onClick={() => setQuery(Object.fromEntries([...FILTER_KEYS, 'page'].map((k) => [k, undefined])))}>Clear filters</Button>} />
        ) : (
          <EmptyState title="No campaign yet" action={<Link to="/emails" className="btn">See captured emails</Link>}>
            A campaign appears when two or more captured messages look alike. Single messages are kept and join a campaign as soon as a similar one arrives.
          </EmptyState>
        )
      ) : (
        <>
          <div className="table-wrap" aria-busy={list.loading}>
            <table>
              <thead>
                <tr>
                  <SortHeader label="Highest score" field="max_threat_score" sort={sort} onSort={onSort} />
                  <th>Campaign</th>
                  <SortHeader label="Messages" field="message_count" sort={sort} onSort={onSort} className="num" />
                  <SortHeader label="Honeypots" field="honeypot_count" sort={sort} onSort={onSort} className="num" />
                  <th>Sender domain</th>
                  <SortHeader label="First seen" field="first_seen_at" sort={sort} onSort={onSort} />
                  <SortHeader label="Last seen" field="last_seen_at" sort={sort} onSort={onSort} />
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.id}>
                    <td><ScoreBadge score={c.max_threat_score} /></td>
                    <td className="truncate">
                      <Link to={`/campaigns/${c.id}`}>{c.representative_subject ?? '(no subject)'}</Link>
                      {c.pattern_detected_at !== null && <span className="badge badge-status badge-pattern" title={`pattern.detected fired ${formatDateTime(c.pattern_detected_at)}`}>pattern</span>}
                    </td>
                    <td className="num">{formatNumber(c.message_count)}</td>
                    <td className="num">{formatNumber(c.honeypot_count)}</td>
                    <td className="mono-ish">{c.sender_domain ?? '—'}</td>
                    <td className="nowrap" title={formatDateTime(c.first_seen_at)}>{formatRelative(c.first_seen_at)}</td>
                    <td className="nowrap" title={formatDateTime(c.last_seen_at)}>{formatRelative(c.last_seen_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager pagination={list.data.pagination} onPage={(p) => setQuery({ page: p === 1 ? undefined : p }, { replace: false })} />
        </>
      )}
    </>
  );
}
