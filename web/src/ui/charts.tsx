/**
 * Charts drawn as inline SVG (no chart library: small, themable through CSS variables, readable by
 * screen readers through a caption and a data table fallback).
 *
 * - `LineChart`: one or more series over the same x labels (days, hours).
 * - `BarList`: labelled horizontal bars (top countries, threat types), widths relative to the max.
 */
import { useId } from 'react';

export interface Series {
  name: string;
  /** A CSS colour; CSS variables work (`var(--critical)`). */
  color: string;
  values: number[];
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 12, right: 12, bottom: 28, left: 40 };

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= value) ?? 10;
  return step * magnitude;
}

/** A line chart of `series` over `labels` (same length as each series' values). */
export function LineChart(props: { labels: string[]; series: Series[]; title: string; height?: number }) {
  const id = useId();
  const height = props.height ?? HEIGHT;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const max = niceMax(Math.max(0, ...props.series.flatMap((s) => s.values)));
  const n = props.labels.length;
  const x = (i: number) => PAD.left + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const labelEvery = Math.max(1, Math.ceil(n / 8));
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-title">{props.title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`${props.title}: ${props.series.map((s) => `${s.name} total ${s.values.reduce((a, b) => a + b, 0)}`).join(', ')}`} preserveAspectRatio="none">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="chart-axis">{Number.isInteger(t) ? t : t.toFixed(1)}</text>
          </g>
        ))}
        {props.labels.map((label, i) =>
          i % labelEvery === 0 || i === n - 1 ? (
            <text key={`${label}-${i}`} x={x(i)} y={height - 8} textAnchor={i === n - 1 && n > 1 ? 'end' : 'middle'} className="chart-axis">{label}</text>
          ) : null,
        )}
        {props.series.map((s) => (
          <g key={s.name}>
            <polyline fill="none" stroke={s.color} strokeWidth={2} vectorEffect="non-scaling-stroke" points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} />
            {n <= 31 && s.values.map((v, i) => <circle key={i} cx={x(i)} cy={y(v)} r={2.5} fill={s.color}><title>{`${s.name}, ${props.labels[i]}: ${v}`}</title></circle>)}
          </g>
        ))}
      </svg>
      <div className="chart-legend">
        {props.series.map((s) => (
          <span key={s.name}><span className="chart-swatch" style={{ background: s.color }} />{s.name}</span>
        ))}
      </div>
    </figure>
  );
}

export interface Bar {
  label: string;
  value: number;
  color?: string;
  /** Shown after the value, e.g. "(12 %)". */
  note?: string;
}

/** Horizontal bars with their labels and values; an empty list says so. */
export function BarList(props: { bars: Bar[]; title: string; empty?: string }) {
  const id = useId();
  const max = Math.max(0, ...props.bars.map((b) => b.value));
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-title">{props.title}</figcaption>
      {props.bars.length === 0 ? (
        <p className="muted">{props.empty ?? 'Nothing in this period.'}</p>
      ) : (
        <ul className="bar-list">
          {props.bars.map((bar) => (
            <li key={bar.label}>
              <span className="bar-label" title={bar.label}>{bar.label}</span>
              <span className="bar-track"><span className="bar-fill" style={{ width: `${max === 0 ? 0 : (bar.value / max) * 100}%`, background: bar.color ?? 'var(--accent)' }} /></span>
              <span className="bar-value">{bar.value.toLocaleString()}{bar.note === undefined ? '' : ` ${bar.note}`}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
