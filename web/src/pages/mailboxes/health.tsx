/** The health score (0–100, higher is better) as a badge, and the reasons behind it. */
import type { WarmupStatus } from './types.ts';

/** Bands: 80+ healthy, 60–79 fair, 40–59 at risk, below 40 poor (the reverse of threat scores). */
export function healthBand(score: number): { className: string; label: string } {
  if (score >= 80) return { className: 'badge-clean', label: 'healthy' };
  if (score >= 60) return { className: 'badge-low', label: 'fair' };
  if (score >= 40) return { className: 'badge-medium', label: 'at risk' };
  return { className: 'badge-critical', label: 'poor' };
}

export function HealthBadge(props: { score: number }) {
  const band = healthBand(props.score);
  return <span className={`badge ${band.className}`} title={`health ${props.score} of 100: ${band.label}`}>{Math.round(props.score)}</span>;
}

export function HealthCard(props: { warmup: WarmupStatus }) {
  const { health } = props.warmup;
  const band = healthBand(health.score);
  return (
    <div className="card">
      <h2>Health score</h2>
      <div className="health-score">
        <span className={`stat-value health-${band.className}`}>{Math.round(health.score)}</span>
        <span className="muted">/ 100 · {band.label}</span>
      </div>
      {!health.confident && <p className="hint">Provisional: the score settles once 20 warm-up messages were located in the last 7 days.</p>}
      {health.reasons.length === 0 ? (
        <p className="muted">Nothing is lowering the score.</p>
      ) : (
        <ul className="reason-list">
          {health.reasons.map((r) => (
            <li key={r.code}>
              <span className="reason-impact">{r.impact === 0 ? '±0' : r.impact.toFixed(0)}</span>
              <span>{r.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
