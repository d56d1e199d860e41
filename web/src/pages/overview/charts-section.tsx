/** The overview's charts: mail over time, threat distribution and severity, top origins. */
import { threat } from '../../api.ts';
import { BarList, LineChart } from '../../ui/charts.tsx';
import { ErrorNotice, Loading } from '../../ui/components.tsx';
import { useApi } from '../../ui/hooks.ts';
import type { Distribution, Geographic, Overview } from './types.ts';

const TYPE_COLORS: Record<string, string> = { malware: 'var(--critical)', phishing: 'var(--high)', spam: 'var(--medium)', clean: 'var(--clean)' };
const SEVERITY_COLORS: Record<string, string> = { CRITICAL: 'var(--critical)', THREAT: 'var(--high)', SUSPICIOUS: 'var(--medium)', LOW_RISK: 'var(--low)', CLEAN: 'var(--clean)' };

function bucketLabel(start: string, granularity: 'hour' | 'day'): string {
  const date = new Date(start);
  return granularity === 'hour'
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

export function TimeSeriesCard(props: { overview: Overview }) {
  const { time_series: ts } = props.overview;
  return (
    <section className="card">
      <LineChart
        title={`Mail received per ${ts.granularity}`}
        labels={ts.buckets.map((b) => bucketLabel(b.start, ts.granularity))}
        series={[
          { name: 'All email', color: 'var(--accent)', values: ts.buckets.map((b) => b.emails) },
          { name: 'Threats', color: 'var(--critical)', values: ts.buckets.map((b) => b.threats) },
          { name: 'Phishing', color: 'var(--high)', values: ts.buckets.map((b) => b.phishing) },
          { name: 'Malware', color: 'var(--medium)', values: ts.buckets.map((b) => b.malware) },
        ]}
      />
    </section>
  );
}

export function DistributionCards(props: { period: string; overview: Overview }) {
  const distribution = useApi((signal) => threat<Distribution>('/analytics/threat-distribution', { query: { period: props.period, group_by: 'type' }, signal }), [props.period]);
  const severity = Object.entries(props.overview.classification).reverse();
  return (
    <div className="grid-2">
      <section className="card">
        <ErrorNotice error={distribution.error} onRetry={distribution.reload} />
        {distribution.data === undefined ? (
          distribution.error === undefined && <Loading />
        ) : (
          <BarList
            title={`Threat types (${distribution.data.analysed} analysed)`}
            empty="No analysed mail in this period."
            bars={distribution.data.analysed === 0 ? [] : distribution.data.buckets.map((b) => ({ label: b.key, value: b.emails, color: TYPE_COLORS[b.key], note: `(${b.percent} %)` }))}
          />
        )}
      </section>
      <section className="card">
        <BarList
          title="Severity"
          empty="No analysed mail in this period."
          bars={props.overview.totals.analysed === 0 ? [] : severity.map(([key, value]) => ({ label: key.replace('_', ' '), value, color: SEVERITY_COLORS[key] }))}
        />
      </section>
    </div>
  );
}

export function GeographyCards(props: { period: string }) {
  const geo = useApi((signal) => threat<Geographic>('/analytics/geographic', { query: { period: props.period, limit: 8 }, signal }), [props.period]);
  if (geo.error !== undefined) return <ErrorNotice error={geo.error} onRetry={geo.reload} />;
  if (geo.data === undefined) return <Loading label="Loading geography…" />;
  return (
    <div className="grid-2">
      <section className="card">
        <BarList
          title="Top origin countries"
          empty="No located mail in this period."
          bars={geo.data.countries.map((c) => ({ label: c.country_code === 'ZZ' ? 'Unknown / private' : c.country_name, value: c.emails, note: c.threats > 0 ? `· ${c.threats} threats` : undefined, color: c.threats > 0 ? 'var(--high)' : undefined }))}
        />
      </section>
      <section className="card">
        <BarList
          title="Top sending networks (AS)"
          empty="No public sending network in this period."
          bars={geo.data.asns.map((a) => ({ label: `AS${a.asn}${a.as_org === null ? '' : ` ${a.as_org}`}`, value: a.emails, note: a.threats > 0 ? `· ${a.threats} threats` : undefined }))}
        />
      </section>
    </div>
  );
}
