/** The scores of a captured email and the findings (indicators) behind them, in words. */
import { ScoreBadge } from '../../ui/components.tsx';
import type { EmailDetail, Indicator } from './types.ts';

const SCORES: { key: 'threat_score' | 'malware_score' | 'phishing_score' | 'spam_score' | 'reputation_score'; label: string; help: string }[] = [
  { key: 'threat_score', label: 'Threat', help: 'Overall: the strongest of malware and phishing, spam at 70 %, plus a little for a bad reputation.' },
  { key: 'phishing_score', label: 'Phishing', help: 'Impersonation, look-alike domains, credential lures, deceptive links.' },
  { key: 'malware_score', label: 'Malware', help: 'Dangerous attachments, macros, executables; a scanner hit forces CRITICAL.' },
  { key: 'spam_score', label: 'Spam', help: 'Bulk and unsolicited-mail traits.' },
  { key: 'reputation_score', label: 'Reputation', help: 'How bad the sender\'s reputation looks (higher is worse).' },
];

function ScoreMeter(props: { label: string; value: number | null; help: string }) {
  const value = props.value;
  return (
    <div className="score-meter">
      <div className="score-meter-head">
        <span className="stat-label">{props.label}</span>
        <ScoreBadge score={value} />
      </div>
      <div className="bar-track" role="meter" aria-label={`${props.label} score`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value ?? undefined}>
        <span className="bar-fill" style={{ width: `${value ?? 0}%`, background: value === null ? 'var(--border)' : scoreColor(value) }} />
      </div>
      <p className="muted small">{props.help}</p>
    </div>
  );
}

function scoreColor(score: number): string {
  return score >= 80 ? 'var(--critical)' : score >= 60 ? 'var(--high)' : score >= 40 ? 'var(--medium)' : score >= 20 ? 'var(--low)' : 'var(--clean)';
}

export function ScoreGrid(props: { email: EmailDetail }) {
  return (
    <div className="score-grid">
      {SCORES.map((s) => <ScoreMeter key={s.key} label={s.label} value={props.email[s.key]} help={s.help} />)}
    </div>
  );
}

/** "display_name_brand_mismatch" → "Display name brand mismatch". */
export function humanType(type: string): string {
  const words = type.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function IndicatorTable(props: { indicators: readonly Indicator[] }) {
  const sorted = [...props.indicators].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  if (sorted.length === 0) return <p className="muted">No finding raised any score: nothing in this message looked suspicious to the analyser.</p>;
  return (
    <ul className="indicators" aria-label="Findings, strongest first">
      {sorted.map((indicator, i) => (
        <li key={`${indicator.type}-${i}`} className={indicator.weight < 0 ? 'indicator-credit' : undefined}>
          <div className="indicator-head">
            <strong>{humanType(indicator.type)}</strong>
            <span className="indicator-weight" title="Points the finding added to its strongest category (negative: credit)">
              {indicator.weight > 0 ? '+' : ''}{indicator.weight} pts
            </span>
          </div>
          <p>{indicator.description}</p>
          <code className="muted small">{indicator.type}</code>
        </li>
      ))}
    </ul>
  );
}
