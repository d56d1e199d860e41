/**
 * The overview: headline figures of a period with their change against the previous one, mail over
 * time, threat distribution, origins, and warm-up health. A new account sees how to start instead.
 */
import { threat, threatPage } from '../api.ts';
import { Link, useQueryState, useTitle } from '../router.tsx';
import type { PageProps } from '../routes.ts';
import { ErrorNotice, Loading, PageHeader } from '../ui/components.tsx';
import { formatNumber } from '../ui/format.ts';
import { useApi } from '../ui/hooks.ts';
import { GettingStarted } from './honeypots/getting-started.tsx';
import type { Honeypot } from './honeypots/types.ts';
import { DistributionCards, GeographyCards, TimeSeriesCard } from './overview/charts-section.tsx';
import { StatCard } from './overview/stat-card.tsx';
import { PERIODS, type Overview } from './overview/types.ts';
import { WarmupHealth } from './overview/warmup-health.tsx';

const DEFAULT_PERIOD = '7d';
/** Honeypots read to count alerting ones (fields id,alerts only): enough for any realistic account. */
const ALERT_SCAN_LIMIT = 100;

function useHoneypotCounts() {
  return useApi(async (signal) => {
    const [all, active] = await Promise.all([
      threatPage<Pick<Honeypot, 'id'>>('/honeypots', { fields: 'id', limit: 1 }, signal),
      threatPage<Pick<Honeypot, 'id' | 'alerts'>>('/honeypots', { status: 'active', fields: 'id,alerts', limit: ALERT_SCAN_LIMIT }, signal),
    ]);
    const alerting = active.data.filter((h) => h.alerts.enabled).length;
    const disabledWebhooks = active.data.filter((h) => h.alerts.webhook_status === 'disabled').length;
    return { all: all.pagination.total, active: active.pagination.total, alerting, disabledWebhooks, partial: active.pagination.total > active.data.length };
  }, []);
}

export default function OverviewPage(_props: PageProps) {
  useTitle('Overview');
  const [query, setQuery] = useQueryState();
  const period = PERIODS.some((p) => p.value === query.get('period')) ? query.get('period')! : DEFAULT_PERIOD;
  const overview = useApi((signal) => threat<Overview>('/analytics/overview', { query: { period, compare: true }, signal }), [period]);
  const honeypots = useHoneypotCounts();
  const o = overview.data;
  const changes = o?.comparison?.changes;
  const previous = o?.comparison?.previous_totals;
  const newAccount = honeypots.data?.all === 0 && o !== undefined && o.totals.emails === 0;

  return (
    <>
      <PageHeader
        title="Overview"
        subtitle={o === undefined ? 'What your honeypots caught.' : `${new Date(o.period.start).toLocaleString()} – ${new Date(o.period.end).toLocaleString()}`}
        actions={
          <div className="segmented" role="group" aria-label="Period">
            {PERIODS.map((p) => (
              <button key={p.value} type="button" className={`btn ${p.value === period ? 'btn-primary' : ''}`} aria-pressed={p.value === period} onClick={() => setQuery({ period: p.value === DEFAULT_PERIOD ? undefined : p.value })}>
                {p.value}
              </button>
            ))}
          </div>
        }
      />
      <ErrorNotice error={overview.error ?? honeypots.error} onRetry={() => { overview.reload(); honeypots.reload(); }} />
      {newAccount && <GettingStarted createHref="/honeypots?new=1" />}
      <div className="grid stat-grid">
        <StatCard label="Total emails" value={o?.totals.emails} change={changes?.emails} previous={previous?.emails}>
          {o !== undefined && <Link to="/emails">{formatNumber(o.totals.analysed)} analysed</Link>}
        </StatCard>
        <StatCard label="Threats detected" value={o?.totals.threats} change={changes?.threats} previous={previous?.threats} upIsBad>
          {o !== undefined && <Link to="/emails?classification=THREAT,CRITICAL&sort=threat_score:desc">THREAT or CRITICAL</Link>}
        </StatCard>
        <StatCard label="Active honeypots" value={honeypots.data?.active}>
          {honeypots.data !== undefined && o !== undefined && <>{formatNumber(o.totals.honeypots_hit)} received mail in this period · <Link to="/honeypots">{formatNumber(honeypots.data.all)} in all</Link></>}
        </StatCard>
        <StatCard label="Active alerts" value={honeypots.data?.alerting}>
          {honeypots.data !== undefined && (
            honeypots.data.disabledWebhooks > 0
              ? <span className="text-danger">{honeypots.data.disabledWebhooks} alert webhook(s) disabled after failures</span>
              : <>active honeypots alerting at their threshold{honeypots.data.partial ? ` (first ${ALERT_SCAN_LIMIT} counted)` : ''}</>
          )}
        </StatCard>
      </div>
      {o === undefined ? (
        overview.error === undefined && <Loading label="Loading the period's figures…" />
      ) : (
        <>
          <TimeSeriesCard overview={o} />
          <DistributionCards period={period} overview={o} />
          <GeographyCards period={period} />
        </>
      )}
      <WarmupHealth />
    </>
  );
}
