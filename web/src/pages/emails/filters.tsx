/**
 * The email list's filters. Everything lives in the URL (so a reload or a shared link shows the
 * same list): menus, dates and the checkbox apply at once; text fields apply on Enter or when
 * focus leaves them, so typing does not fire a request per key.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Button, SelectField, TextField } from '../../ui/components.tsx';
import type { HoneypotName } from './honeypot-names.ts';
import { dateRangeParam } from './list-tools.tsx';
import { CLASSIFICATIONS } from './types.ts';

/** URL parameters the filters own (page resets when one changes). */
export const EMAIL_FILTER_KEYS = ['q', 'sender', 'classification', 'min_score', 'honeypot_id', 'since', 'until', 'attachments'] as const;

type SetQuery = (changes: Record<string, string | number | undefined | null>) => void;

const CLASSIFICATION_OPTIONS = [
  { value: '', label: 'Any' },
  { value: 'THREAT,CRITICAL', label: 'Threats (THREAT or CRITICAL)' },
  ...CLASSIFICATIONS.map((c) => ({ value: c, label: c.replace('_', ' ') })),
];

export function EmailFilters(props: { query: URLSearchParams; setQuery: SetQuery; honeypots: readonly HoneypotName[] }) {
  const { query } = props;
  const [q, setQ] = useState(query.get('q') ?? '');
  const [sender, setSender] = useState(query.get('sender') ?? '');
  const [minScore, setMinScore] = useState(query.get('min_score') ?? '');
  // Follow the URL when it changes from elsewhere (back button, "clear filters").
  useEffect(() => setQ(query.get('q') ?? ''), [query.get('q')]);
  useEffect(() => setSender(query.get('sender') ?? ''), [query.get('sender')]);
  useEffect(() => setMinScore(query.get('min_score') ?? ''), [query.get('min_score')]);

  const apply = (changes: Record<string, string | undefined>) => props.setQuery({ ...changes, page: undefined });
  const applyText = () => apply({ q: q.trim(), sender: sender.trim(), min_score: minScore.trim() });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    applyText();
  };
  const selectedHoneypot = query.get('honeypot_id') ?? '';
  const honeypotOptions = [{ value: '', label: 'All honeypots' }, ...props.honeypots.map((h) => ({ value: h.id, label: h.email_address }))];
  if (selectedHoneypot !== '' && !props.honeypots.some((h) => h.id === selectedHoneypot)) honeypotOptions.push({ value: selectedHoneypot, label: selectedHoneypot });
  const active = EMAIL_FILTER_KEYS.some((k) => (query.get(k) ?? '') !== '');

  return (
    <form className="toolbar filters" onSubmit={submit} aria-label="Filter emails">
      <TextField label="Subject contains" name="q" type="search" value={q} onChange={(e) => setQ(e.target.value)} onBlur={applyText} placeholder="e.g. invoice" />
      <TextField label="Sender contains" name="sender" type="search" value={sender} onChange={(e) => setSender(e.target.value)} onBlur={applyText} placeholder="e.g. paypa1" />
      <SelectField label="Classification" name="classification" value={query.get('classification') ?? ''} options={CLASSIFICATION_OPTIONS} onChange={(e) => apply({ classification: e.target.value })} />
      <TextField label="Min. threat score" name="min_score" type="number" min={0} max={100} inputMode="numeric" value={minScore} onChange={(e) => setMinScore(e.target.value)} onBlur={applyText} className="narrow" />
      <SelectField label="Honeypot" name="honeypot_id" value={selectedHoneypot} options={honeypotOptions} onChange={(e) => apply({ honeypot_id: e.target.value })} />
      <TextField label="Received from" name="since" type="date" value={query.get('since') ?? ''} onChange={(e) => apply({ since: e.target.value })} />
      <TextField label="Received until" name="until" type="date" value={query.get('until') ?? ''} onChange={(e) => apply({ until: e.target.value })} />
      <label className="checkbox toolbar-check">
        <input type="checkbox" checked={query.get('attachments') === '1'} onChange={(e) => apply({ attachments: e.target.checked ? '1' : undefined })} /> With attachments
      </label>
      <button type="submit" hidden>Apply</button>
      {active && (
        <Button variant="ghost" onClick={() => apply(Object.fromEntries(EMAIL_FILTER_KEYS.map((k) => [k, undefined])))}>Clear filters</Button>
      )}
    </form>
  );
}

/** The list API's parameters for the URL's filter state (CONTRACT §1.4 `field=op:value`). */
export function emailListParams(query: URLSearchParams): Record<string, string | undefined> {
  const classification = query.get('classification') ?? '';
  const minScore = query.get('min_score') ?? '';
  const since = query.get('since') ?? '';
  const until = query.get('until') ?? '';
  return {
    subject: (query.get('q') ?? '') === '' ? undefined : `contains:${query.get('q')}`,
    from: (query.get('sender') ?? '') === '' ? undefined : `contains:${query.get('sender')}`,
    classification: classification === '' ? undefined : classification.includes(',') ? `in:${classification}` : classification,
    threat_score: minScore === '' ? undefined : `gte:${minScore}`,
    honeypot_id: query.get('honeypot_id') ?? undefined,
    date_range: dateRangeParam(since, until),
    attachment_count: query.get('attachments') === '1' ? 'gt:0' : undefined,
  };
}
