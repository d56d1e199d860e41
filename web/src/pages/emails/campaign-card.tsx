/** The campaign an email belongs to, at a glance, with a link to it. */
import { threat } from '../../api.ts';
import { Link } from '../../router.tsx';
import { ErrorNotice, Loading, ScoreBadge } from '../../ui/components.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { useApi } from '../../ui/hooks.ts';
import type { Campaign } from '../campaigns/types.ts';

export function CampaignCard(props: { campaignId: string | null }) {
  const id = props.campaignId;
  const campaign = useApi(
    (signal) => (id === null ? Promise.resolve(undefined) : threat<Campaign>(`/campaigns/${encodeURIComponent(id)}`, { query: { fields: 'id,message_count,honeypot_count,max_threat_score,first_seen_at,last_seen_at' }, signal })),
    [id],
  );
  return (
    <section className="card" aria-labelledby="campaign-title">
      <h2 id="campaign-title">Campaign</h2>
      {id === null ? (
        <p className="muted">Not grouped yet: the campaign is assigned when the analysis finishes.</p>
      ) : campaign.error !== undefined ? (
        <ErrorNotice error={campaign.error} onRetry={campaign.reload} />
      ) : campaign.data === undefined ? (
        <Loading />
      ) : (
        <>
          <p>
            {campaign.data.message_count <= 1
              ? 'The only message of its kind so far: similar mail (same body, links, attachments or sending network) will join this campaign.'
              : `One of ${campaign.data.message_count} similar messages sent to ${campaign.data.honeypot_count} honeypot(s).`}
          </p>
          <dl className="details">
            <dt>Highest score</dt><dd><ScoreBadge score={campaign.data.max_threat_score} /></dd>
            <dt>Seen</dt><dd>{formatDateTime(campaign.data.first_seen_at)} – {formatDateTime(campaign.data.last_seen_at)}</dd>
          </dl>
          <p><Link to={`/campaigns/${id}`}>Open the campaign</Link></p>
        </>
      )}
    </section>
  );
}
