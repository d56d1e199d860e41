/**
 * What can be done to the selected honeypots at once: change their status (`PATCH /v1/honeypots/bulk`)
 * or delete them (`DELETE /v1/honeypots/bulk`, after a confirmation naming how many and what goes).
 */
import { useState } from 'react';
import { threat } from '../../api.ts';
import { Button, ConfirmDialog, ErrorNotice } from '../../ui/components.tsx';
import { useSubmit } from '../../ui/hooks.ts';
import { STATUSES, type BulkIdResult } from './types.ts';

export function SelectionBar(props: { ids: string[]; emailCount: number; onDone: (message: string) => void; onClear: () => void }) {
  const [status, setStatus] = useState('inactive');
  const [confirming, setConfirming] = useState(false);
  const submit = useSubmit();
  const n = props.ids.length;
  const summarise = (results: BulkIdResult[], verb: string) => {
    const failed = results.filter((r) => r.status === 'error');
    return failed.length === 0 ? `${results.length} honeypot(s) ${verb}.` : `${results.length - failed.length} ${verb}, ${failed.length} failed: ${failed.map((f) => f.error?.message).join(' ')}`;
  };
  const changeStatus = () =>
    void submit.run(async () => {
      const { results } = await threat<{ results: BulkIdResult[] }>('/honeypots/bulk', { method: 'PATCH', body: { ids: props.ids, updates: { status } } });
      props.onDone(summarise(results, `set to ${status}`));
    });
  const remove = () =>
    void submit.run(async () => {
      const { results } = await threat<{ results: BulkIdResult[] }>('/honeypots/bulk', { method: 'DELETE', body: { ids: props.ids } });
      setConfirming(false);
      props.onDone(summarise(results, 'deleted'));
    });
  return (
    <div className="selection-bar" role="region" aria-label="Selected honeypots">
      <strong>{n} selected</strong>
      <label className="inline-field">
        Set status
        <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label="New status">
          {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <Button onClick={changeStatus} busy={submit.busy && !confirming}>Apply to {n}</Button>
      <Button variant="danger" onClick={() => { submit.clear(); setConfirming(true); }}>Delete {n}…</Button>
      <Button variant="ghost" onClick={props.onClear}>Clear selection</Button>
      {!confirming && <ErrorNotice error={submit.error} />}
      <ConfirmDialog
        open={confirming}
        title={`Delete ${n} honeypot${n === 1 ? '' : 's'}?`}
        message={
          <>
            <p>Their addresses stop receiving mail at once (senders get 550). Their settings, alerts and <strong>the {props.emailCount.toLocaleString()} email{props.emailCount === 1 ? '' : 's'} they captured</strong> (with attachments and analysis) are deleted. This cannot be undone.</p>
            <ErrorNotice error={submit.error} />
          </>
        }
        confirmLabel={`Delete ${n}`}
        busy={submit.busy}
        onConfirm={remove}
        onCancel={() => setConfirming(false)}
      />
    </div>
  );
}
