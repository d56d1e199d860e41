/**
 * Bulk create from pasted addresses (one per line, up to 1,000) through `POST /v1/honeypots/bulk`,
 * with shared purpose, priority and tags; every line's outcome is listed (the API answers 207 when
 * some failed), and the failed lines stay in the box to fix and retry.
 */
import { useState, type FormEvent } from 'react';
import { threat } from '../../api.ts';
import { Button, ErrorNotice, SelectField, TextArea, TextField } from '../../ui/components.tsx';
import { useSubmit } from '../../ui/hooks.ts';
import { splitTags } from './form.tsx';
import { PRIORITIES, PURPOSES, type BulkCreateResult } from './types.ts';

/** The API's limit per request (CONTRACT §1.5). */
const MAX_ITEMS = 1000;

interface LineResult {
  address: string;
  result: BulkCreateResult;
}

export function addressesFrom(text: string): string[] {
  return [...new Set(text.split(/[\n,;]+/).map((a) => a.trim()).filter((a) => a !== ''))];
}

export function BulkCreate(props: { onDone: (created: number) => void; onCancel: () => void }) {
  const [text, setText] = useState('');
  const [purpose, setPurpose] = useState('monitoring');
  const [priority, setPriority] = useState('medium');
  const [tags, setTags] = useState('');
  const [results, setResults] = useState<LineResult[] | undefined>(undefined);
  const [totalCreated, setTotalCreated] = useState(0);
  const submit = useSubmit();
  const addresses = addressesFrom(text);

  const send = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const items = addresses.map((email_address) => ({ email_address, purpose, priority, tags: splitTags(tags) }));
      const { results: outcome } = await threat<{ results: BulkCreateResult[] }>('/honeypots/bulk', { method: 'POST', body: items });
      const lines = outcome.map((result) => ({ address: addresses[result.index ?? 0] ?? '?', result }));
      setResults(lines);
      setTotalCreated((n) => n + lines.filter((l) => l.result.status === 'created').length);
      // Keep only the lines that failed, ready to be corrected.
      setText(lines.filter((l) => l.result.status === 'error').map((l) => l.address).join('\n'));
    });
  };
  const created = results?.filter((r) => r.result.status === 'created').length ?? 0;
  const failed = results?.filter((r) => r.result.status === 'error') ?? [];
  const tooMany = addresses.length > MAX_ITEMS;

  return (
    <form onSubmit={send} noValidate>
      {results !== undefined && (
        <div className={`notice ${failed.length === 0 ? 'notice-ok' : 'notice-warn'}`} role="status">
          <p><strong>{created} created</strong>{failed.length > 0 ? `, ${failed.length} failed — fix the lines left below and send again.` : '.'}</p>
          {failed.length > 0 && (
            <ul className="bulk-errors">
              {failed.map((l) => <li key={l.address}><span className="mono">{l.address}</span>: {l.result.error?.message}</li>)}
            </ul>
          )}
        </div>
      )}
      <TextArea label="Addresses" name="addresses" value={text} onChange={(e) => setText(e.target.value)} rows={8}
        hint={tooMany ? `${addresses.length} addresses: at most ${MAX_ITEMS} per request.` : `One per line (commas work too). ${addresses.length} address${addresses.length === 1 ? '' : 'es'}.`}
        errors={tooMany ? { addresses: `Split the list: at most ${MAX_ITEMS} per request.` } : undefined}
        placeholder={'sales@trap.example\nhr@trap.example'} />
      <div className="form-grid">
        <SelectField label="Purpose" name="purpose" options={PURPOSES} value={purpose} onChange={(e) => setPurpose(e.target.value)} />
        <SelectField label="Priority" name="priority" options={PRIORITIES} value={priority} onChange={(e) => setPriority(e.target.value)} />
        <TextField label="Tags" name="tags" value={tags} onChange={(e) => setTags(e.target.value)} hint="Comma-separated, applied to every address." />
      </div>
      <ErrorNotice error={submit.error} />
      <div className="dialog-footer">
        <Button onClick={() => (totalCreated > 0 ? props.onDone(totalCreated) : props.onCancel())}>{results === undefined ? 'Cancel' : 'Close'}</Button>
        <Button type="submit" variant="primary" busy={submit.busy} disabled={addresses.length === 0 || tooMany}>Create {addresses.length || ''} honeypot{addresses.length === 1 ? '' : 's'}</Button>
      </div>
    </form>
  );
}
