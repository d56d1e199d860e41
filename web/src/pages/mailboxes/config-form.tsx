/**
 * Warm-up settings (`POST /api/v1/warmup` with action `update_config`): mode, target daily limit,
 * reply and thread rates, weekdays only, send window and its time zone. Only changed fields are sent;
 * the API's message appears under the field it names.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { deliverability } from '../../api.ts';
import { Button, ErrorNotice, SelectField, TextField } from '../../ui/components.tsx';
import { useSubmit } from '../../ui/hooks.ts';
import { deliverabilityFieldErrors, WARMUP_MODES, type WarmupStatus } from './types.ts';

const FIELDS = ['warmup_mode', 'target_daily_limit', 'reply_rate', 'thread_rate', 'weekdays_only', 'send_window_start', 'send_window_end', 'timezone'] as const;
const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${String(h).padStart(2, '0')}:00` }));

type Draft = Record<(typeof FIELDS)[number], string>;

function draftOf(w: WarmupStatus): Draft {
  const c = w.config;
  return {
    warmup_mode: w.warmup_mode, target_daily_limit: String(c.target_daily_limit), reply_rate: String(c.reply_rate), thread_rate: String(c.thread_rate),
    weekdays_only: String(c.weekdays_only), send_window_start: String(c.send_window_start), send_window_end: String(c.send_window_end), timezone: c.timezone,
  };
}

/** A number field sent as a number even when it is not one, so the API's message explains it. */
function valueOf(field: (typeof FIELDS)[number], text: string): unknown {
  if (field === 'warmup_mode' || field === 'timezone') return text.trim();
  if (field === 'weekdays_only') return text === 'true';
  return text.trim() === '' || Number.isNaN(Number(text)) ? text : Number(text);
}

export function ConfigForm(props: { warmup: WarmupStatus; onSaved: () => void }) {
  const initial = useMemo(() => draftOf(props.warmup), [props.warmup]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  // Messages name `config.<field>`; the form's fields are the bare names.
  const errors = Object.fromEntries(Object.entries(deliverabilityFieldErrors(submit.error, FIELDS.map((f) => `config.${f}`))).map(([k, v]) => [k.slice('config.'.length), v]));
  const changed = FIELDS.filter((f) => draft[f] !== initial[f]);
  const mode = WARMUP_MODES.find((m) => m.value === draft.warmup_mode);
  const set = (field: (typeof FIELDS)[number], value: string) => {
    setSaved(false);
    setDraft({ ...draft, [field]: value });
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const config = Object.fromEntries(changed.map((f) => [f, valueOf(f, draft[f])]));
      await deliverability('/warmup', { method: 'POST', body: { mailbox_id: props.warmup.mailbox_id, action: 'update_config', config } });
      setSaved(true);
      props.onSaved();
    });
  };

  return (
    <form className="card" onSubmit={save} noValidate aria-labelledby="warmup-settings">
      <h2 id="warmup-settings">Warm-up settings</h2>
      <SelectField label="Mode" name="warmup_mode" value={draft.warmup_mode} onChange={(e) => set('warmup_mode', e.target.value)} errors={errors} options={WARMUP_MODES.map((m) => ({ value: m.value, label: m.label }))} hint={`${mode?.description ?? ''} Crossing the bounce limit pauses warm-up.`} />
      <div className="form-grid">
        <TextField label="Target daily limit" name="target_daily_limit" type="number" min={1} max={mode?.max ?? 80} value={draft.target_daily_limit} onChange={(e) => set('target_daily_limit', e.target.value)} errors={errors} hint={`Caps the ramp; at most ${mode?.max ?? 80} a day in this mode.`} />
        <TextField label="Reply rate (%)" name="reply_rate" type="number" min={0} max={100} value={draft.reply_rate} onChange={(e) => set('reply_rate', e.target.value)} errors={errors} hint="Share of received warm-up mail answered, 0–100." />
        <TextField label="Thread rate (%)" name="thread_rate" type="number" min={0} max={100} value={draft.thread_rate} onChange={(e) => set('thread_rate', e.target.value)} errors={errors} hint="Share of answers that get a further reply, 0–100." />
        <SelectField label="Send window starts" name="send_window_start" value={draft.send_window_start} onChange={(e) => set('send_window_start', e.target.value)} errors={errors} options={HOURS} />
        <SelectField label="Send window ends" name="send_window_end" value={draft.send_window_end} onChange={(e) => set('send_window_end', e.target.value)} errors={errors} options={HOURS} hint="Sending stops at this hour; it must come after the start." />
        <TextField label="Time zone" name="timezone" value={draft.timezone} onChange={(e) => set('timezone', e.target.value)} errors={errors} hint="Of the send window and the daily stats (IANA, e.g. Europe/Paris)." />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={draft.weekdays_only === 'true'} onChange={(e) => set('weekdays_only', String(e.target.checked))} /> Send on weekdays only (nothing on Saturdays and Sundays)
      </label>
      {errors.weekdays_only !== undefined && <div className="field-error" role="alert">{errors.weekdays_only}</div>}
      <ErrorNotice error={submit.error !== undefined && Object.keys(errors).length === 0 ? submit.error : undefined} />
      <div className="actions">
        <Button type="submit" variant="primary" busy={submit.busy} disabled={changed.length === 0}>Save settings</Button>
        {changed.length > 0 && <Button variant="ghost" onClick={() => { setDraft(initial); submit.clear(); }}>Discard changes</Button>}
        {saved && changed.length === 0 && <span className="ok-text" role="status">Settings saved.</span>}
      </div>
    </form>
  );
}
