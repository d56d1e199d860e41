/** Daily warm-up stats (`GET /api/v1/stats?mailbox_id=&days=`): sent, inbox, spam, replies, bounces. */
import { useState } from 'react';
import { deliverability } from '../../api.ts';
import { LineChart } from '../../ui/charts.tsx';
import { ErrorNotice, Loading } from '../../ui/components.tsx';
import { useApi } from '../../ui/hooks.ts';
import type { DayStats } from './types.ts';

const RANGES = [7, 30, 90] as const;

/**
 * Messages that landed in the inbox. The API gives the count only as `inbox_rate` (percent of sent,
 * two decimals); rounding sent × rate recovers the whole count exactly for any day under 10,000 sent.
 */
function inboxCount(day: DayStats): number {
  return Math.round((day.sent * Number(day.inbox_rate)) / 100);
}

export function StatsChart(props: { mailboxId: string }) {
  const [days, setDays] = useState<number>(7);
  const stats = useApi((signal) => deliverability<{ stats: DayStats[] }>('/stats', { query: { mailbox_id: props.mailboxId, days }, signal }), [props.mailboxId, days]);
  const rows = stats.data?.stats ?? [];
  const totals = rows.reduce((t, d) => ({ sent: t.sent + d.sent, inbox: t.inbox + inboxCount(d), spam: t.spam + d.spam_landed, replied: t.replied + d.replied, bounced: t.bounced + d.bounced }), { sent: 0, inbox: 0, spam: 0, replied: 0, bounced: 0 });
  return (
    <div className="card">
      <div className="section-header">
        <h2>Daily activity</h2>
        <div className="segmented" role="group" aria-label="Period">
          {RANGES.map((r) => (
            <button key={r} type="button" className={`btn btn-small${r === days ? ' btn-primary' : ''}`} aria-pressed={r === days} onClick={() => setDays(r)}>{r} days</button>
          ))}
        </div>
      </div>
      <ErrorNotice error={stats.error} onRetry={stats.reload} />
      {stats.data === undefined && stats.loading && <Loading label="Loading stats…" />}
      {rows.length > 0 && totals.sent + totals.spam + totals.replied + totals.bounced === 0 && (
        <p className="muted">Nothing sent in the last {days} days yet. Warm-up sends inside the send window set below, starting with a few messages a day; the chart fills in as it goes.</p>
      )}
      {totals.sent + totals.spam + totals.replied + totals.bounced > 0 && (
        <>
          <LineChart
            title={`Warm-up messages per day, last ${days} days`}
            labels={rows.map((d) => d.date.slice(5))}
            series={[
              { name: 'Sent', color: 'var(--accent)', values: rows.map((d) => d.sent) },
              { name: 'Inbox', color: 'var(--ok)', values: rows.map(inboxCount) },
              { name: 'Spam', color: 'var(--critical)', values: rows.map((d) => d.spam_landed) },
              { name: 'Replies', color: 'var(--medium)', values: rows.map((d) => d.replied) },
              { name: 'Bounces', color: 'var(--high)', values: rows.map((d) => d.bounced) },
            ]}
          />
          <p className="muted small">In {days} days: {totals.sent} sent, {totals.inbox} in the inbox, {totals.spam} in spam, {totals.replied} replies, {totals.bounced} bounces.</p>
        </>
      )}
    </div>
  );
}
