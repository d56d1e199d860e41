/** The honeypot list's filters, kept in the URL like the email list's. */
import { useEffect, useState, type FormEvent } from 'react';
import { Button, SelectField, TextField } from '../../ui/components.tsx';
import { PRIORITIES, PURPOSES, STATUSES } from './types.ts';

export const HONEYPOT_FILTER_KEYS = ['q', 'status', 'purpose', 'priority', 'tag'] as const;

type SetQuery = (changes: Record<string, string | number | undefined | null>) => void;
const any = (values: readonly string[]) => [{ value: '', label: 'Any' }, ...values.map((v) => ({ value: v, label: v }))];

export function HoneypotFilters(props: { query: URLSearchParams; setQuery: SetQuery }) {
  const { query } = props;
  const [q, setQ] = useState(query.get('q') ?? '');
  const [tag, setTag] = useState(query.get('tag') ?? '');
  useEffect(() => setQ(query.get('q') ?? ''), [query.get('q')]);
  useEffect(() => setTag(query.get('tag') ?? ''), [query.get('tag')]);
  const apply = (changes: Record<string, string | undefined>) => props.setQuery({ ...changes, page: undefined });
  const applyText = () => apply({ q: q.trim(), tag: tag.trim() });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    applyText();
  };
  const active = HONEYPOT_FILTER_KEYS.some((k) => (query.get(k) ?? '') !== '');
  return (
    <form className="toolbar filters" onSubmit={submit} aria-label="Filter honeypots">
      <TextField label="Address contains" name="q" type="search" value={q} onChange={(e) => setQ(e.target.value)} onBlur={applyText} />
      <SelectField label="Status" name="status" value={query.get('status') ?? ''} options={any(STATUSES)} onChange={(e) => apply({ status: e.target.value })} />
      <SelectField label="Purpose" name="purpose" value={query.get('purpose') ?? ''} options={any(PURPOSES)} onChange={(e) => apply({ purpose: e.target.value })} />
      <SelectField label="Priority" name="priority" value={query.get('priority') ?? ''} options={any(PRIORITIES)} onChange={(e) => apply({ priority: e.target.value })} />
      <TextField label="Tag" name="tag" type="search" value={tag} onChange={(e) => setTag(e.target.value)} onBlur={applyText} />
      <button type="submit" hidden>Apply</button>
      {active && <Button variant="ghost" onClick={() => apply(Object.fromEntries(HONEYPOT_FILTER_KEYS.map((k) => [k, undefined])))}>Clear filters</Button>}
    </form>
  );
}

export function honeypotListParams(query: URLSearchParams): Record<string, string | undefined> {
  const value = (k: string) => ((query.get(k) ?? '') === '' ? undefined : query.get(k)!);
  return {
    email_address: value('q') === undefined ? undefined : `contains:${value('q')}`,
    status: value('status'),
    purpose: value('purpose'),
    priority: value('priority'),
    tags: value('tag'),
  };
}
