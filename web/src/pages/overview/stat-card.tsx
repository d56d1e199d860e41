/** One headline figure with its change against the previous period of the same length. */
import type { ReactNode } from 'react';
import { formatNumber } from '../../ui/format.ts';

/**
 * `change` is the API's percent change (null when the previous figure was 0). `upIsBad` colours a
 * rise red (threats) rather than neutral (volume).
 */
export function StatCard(props: { label: string; value: number | undefined; change?: number | null; previous?: number; upIsBad?: boolean; children?: ReactNode }) {
  return (
    <section className="card stat-card" aria-label={props.label}>
      <div className="stat-label">{props.label}</div>
      <div className="stat-value">{props.value === undefined ? '…' : formatNumber(props.value)}</div>
      {props.previous !== undefined && <Change value={props.value ?? 0} previous={props.previous} change={props.change ?? null} upIsBad={props.upIsBad ?? false} />}
      {props.children !== undefined && <div className="small muted">{props.children}</div>}
    </section>
  );
}

function Change(props: { value: number; previous: number; change: number | null; upIsBad: boolean }) {
  const { value, previous, change } = props;
  let text: string;
  let direction: 'up' | 'down' | 'flat';
  if (change === null) {
    text = value === 0 ? 'none in either period' : `new: none in the previous period`;
    direction = value === 0 ? 'flat' : 'up';
  } else {
    direction = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
    text = `${change > 0 ? '+' : ''}${change.toFixed(1)} % vs previous period (${formatNumber(previous)})`;
  }
  const tone = direction === 'flat' || !props.upIsBad ? 'change-neutral' : direction === 'up' ? 'change-up' : 'change-down';
  const arrow = direction === 'up' ? '▲' : direction === 'down' ? '▼' : '•';
  return <div className={`small ${tone}`}><span aria-hidden="true">{arrow}</span> {text}</div>;
}
