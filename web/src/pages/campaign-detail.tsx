/** One campaign: what ties its messages together, the IOCs they share, its members and timeline. */
import { ApiError, threat, threatPage } from '../api.ts';
import { Link, useTitle } from '../router.tsx';
import type { PageProps } from '../routes.ts';
import { CopyButton, EmptyState, ErrorNotice, Loading, PageHeader, ScoreBadge } from '../ui/components.tsx';
import { formatDateTime, formatNumber } from '../ui/format.ts';
import { useApi } from '../ui/hooks.ts';
import { defang } from './campaigns/defang.ts';
import { CampaignTimeline } from './campaigns/timeline.tsx';
import type { CampaignDetail } from './campaigns/types.ts';
import { useHoneypotNames } from './emails/honeypot-names.ts';
import { IocList } from './emails/iocs.tsx';
import type { EmailListItem } from './emails/types.ts';

export default function CampaignDetailPage(props: PageProps) {
  const id = props.params.id!;
  const campaign = useApi((signal) => threat<CampaignDetail>(`/campaigns/${encodeURIComponent(id)}`, { signal }), [id]);
  const memberIds = campaign.data?.latest_email_ids ?? [];
  const members = useApi(
    (signal) => (memberIds.length === 0 ? Promise.resolve([]) : threatPage<EmailListItem>('/emails', { id: `in:${memberIds.join(',')}`, sort: 'received_at:desc', limit: 100 }, signal).then((p) => p.data)),
    [memberIds.join(',')],
  );
  const names = useHoneypotNames(campaign.data?.honeypot_ids ?? [], campaign.data === undefined ? undefined : []);
  useTitle(campaign.data?.representative_subject ?? 'Campaign');

  if (campaign.data === undefined) {
    if (campaign.error === undefined) return <Loading label="Loading the campaign…" />;
    return campaign.error instanceof ApiError && campaign.error.status === 404 ? (
      <EmptyState title="This campaign does not exist" action={<Link to="/campaigns" className="btn">Back to campaigns</Link>}>Its messages may have been deleted.</EmptyState>
    ) : (
      <ErrorNotice error={campaign.error} onRetry={campaign.reload} />
    );
  }
  const c = campaign.data;
  const shared = c.shared_iocs;
  const iocs = { urls: shared.urls.map(defang), domains: shared.domains.map(defang), ips: shared.ips.map(defang), hashes: shared.hashes, raw: { urls: shared.urls, domains: shared.domains, ips: shared.ips } };
  return (
    <>
      <p className="breadcrumb"><Link to="/campaigns">← Campaigns</Link></p>
      <PageHeader
        title={c.representative_subject ?? '(no subject)'}
        subtitle={<><ScoreBadge score={c.max_threat_score} /> highest score · {formatNumber(c.message_count)} message{c.message_count === 1 ? '' : 's'} to {formatNumber(c.honeypot_count)} honeypot{c.honeypot_count === 1 ? '' : 's'} · {formatDateTime(c.first_seen_at)} – {formatDateTime(c.last_seen_at)}</>}
      />
      <div className="grid-2">
        <section className="card" aria-labelledby="ties-title">
          <h2 id="ties-title">What ties it together</h2>
          <dl className="details">
            <dt>Sender domain</dt><dd className="mono">{c.sender_domain === null ? '—' : defang(c.sender_domain)}</dd>
            <dt>Origin network</dt><dd className="mono">{c.origin_network ?? '—'}</dd>
            <dt>Link set</dt><dd className="mono" title="Digest of the registered domains its links point to">{c.url_set ?? '—'}</dd>
            <dt>Body SimHash</dt><dd className="mono" title="64-bit similarity hash of the first message's body">{c.body_simhash ?? '—'}</dd>
            <dt>Attachments</dt><dd>{c.attachment_hashes.length === 0 ? '—' : c.attachment_hashes.map((h) => <div key={h} className="nowrap"><code className="small">{h.slice(0, 16)}…</code> <CopyButton text={h} label="Copy hash" /></div>)}</dd>
            <dt>Pattern alert</dt><dd>{c.pattern_detected_at === null ? 'not raised yet' : `raised ${formatDateTime(c.pattern_detected_at)}`}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="targets-title">
          <h2 id="targets-title">Honeypots hit</h2>
          <ul className="plain-list">
            {c.honeypot_ids.map((h) => <li key={h}><Link to={`/honeypots/${h}`}>{names.get(h) ?? h}</Link></li>)}
          </ul>
        </section>
      </div>
      <section className="card" aria-labelledby="shared-title">
        <h2 id="shared-title">Shared indicators</h2>
        <p className="muted small">Seen in at least two of its messages; block these to stop the whole campaign.</p>
        <IocList iocs={iocs} />
      </section>
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        {c.message_count > memberIds.length && <p className="muted small">Showing its {memberIds.length} most recent messages of {formatNumber(c.message_count)}.</p>}
        <ErrorNotice error={members.error} onRetry={members.reload} />
        {members.data === undefined ? (members.error === undefined && <Loading />) : <CampaignTimeline campaign={c} members={members.data} names={names} />}
      </section>
    </>
  );
}
