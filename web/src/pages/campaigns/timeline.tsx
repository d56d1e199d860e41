/** A campaign's timeline: first seen, its latest messages as they arrived, pattern detection, last seen. */
import type { ReactNode } from 'react';
import { Link } from '../../router.tsx';
import { ScoreBadge } from '../../ui/components.tsx';
import { formatDateTime } from '../../ui/format.ts';
import type { EmailListItem } from '../emails/types.ts';
import type { CampaignDetail } from './types.ts';

interface Event {
  at: string;
  key: string;
  label: ReactNode;
}

export function CampaignTimeline(props: { campaign: CampaignDetail; members: readonly EmailListItem[]; names: Map<string, string> }) {
  const c = props.campaign;
  const events: Event[] = [{ at: c.first_seen_at, key: 'first', label: <strong>First message seen</strong> }];
  for (const m of props.members) {
    events.push({
      at: m.received_at,
      key: m.id,
      label: (
        <>
          <ScoreBadge score={m.threat_score} /> <Link to={`/emails/${m.id}`}>{m.subject ?? '(no subject)'}</Link>
          <span className="muted small"> to {props.names.get(m.honeypot_id) ?? m.to}</span>
        </>
      ),
    });
  }
  if (c.pattern_detected_at !== null) events.push({ at: c.pattern_detected_at, key: 'pattern', label: <strong>Pattern detected — the pattern.detected webhook event was sent</strong> });
  events.push({ at: c.last_seen_at, key: 'last', label: <strong>Last message seen</strong> });
  // Oldest first; at equal times the summary events frame the messages.
  const order = (e: Event) => (e.key === 'first' ? 0 : e.key === 'last' ? 2 : 1);
  events.sort((a, b) => a.at.localeCompare(b.at) || order(a) - order(b));
  return (
    <ol className="timeline">
      {events.map((e) => (
        <li key={e.key}>
          <time dateTime={e.at} className="muted small">{formatDateTime(e.at)}</time>
          <div>{e.label}</div>
        </li>
      ))}
    </ol>
  );
}
