/**
 * Pieces the threat-intelligence lists share (emails, honeypots, campaigns): sortable column
 * headers that write `sort=<field>:<dir>` into the URL, the classification badge, and the
 * translation of the URL's filter state into the list API's `field=op:value` parameters.
 */
import type { ReactNode } from 'react';
import { classificationBand } from './types.ts';

export interface SortState {
  field: string;
  direction: 'asc' | 'desc';
}

/** `received_at:desc` → {field, direction}; `fallback` when absent or malformed. */
export function parseSort(text: string | null, fallback: SortState): SortState {
  if (text === null || text === '') return fallback;
  const [field, direction] = text.split(':');
  return { field: field ?? fallback.field, direction: direction === 'asc' ? 'asc' : 'desc' };
}

/**
 * A column header that sorts by `field`: first click sorts descending (largest score, newest first,
 * what an analyst wants), the next click flips. `aria-sort` tells screen readers the current order.
 */
export function SortHeader(props: { label: ReactNode; field: string; sort: SortState; onSort: (sort: string) => void; className?: string }) {
  const active = props.sort.field === props.field;
  const next = active && props.sort.direction === 'desc' ? 'asc' : 'desc';
  return (
    <th aria-sort={active ? (props.sort.direction === 'asc' ? 'ascending' : 'descending') : undefined} className={props.className}>
      <button type="button" className="sort" onClick={() => props.onSort(`${props.field}:${next}`)}>
        {props.label} <span aria-hidden="true">{active ? (props.sort.direction === 'asc' ? '▲' : '▼') : '↕'}</span>
      </button>
    </th>
  );
}

export function ClassificationBadge(props: { classification: string | null; status?: string }) {
  if (props.classification === null) {
    const label = props.status === 'failed' ? 'analysis failed' : 'analysing…';
    return <span className="badge badge-muted">{label}</span>;
  }
  return <span className={`badge badge-${classificationBand(props.classification)} badge-class`}>{props.classification.replace('_', ' ')}</span>;
}

/**
 * `date_range` needs both ends (YYYY-MM-DD:YYYY-MM-DD, inclusive); an open end becomes the earliest
 * or latest calendar day the API accepts.
 */
export function dateRangeParam(from: string | null, to: string | null): string | undefined {
  if ((from ?? '') === '' && (to ?? '') === '') return undefined;
  return `${from || '1970-01-01'}:${to || '9999-12-31'}`;
}
