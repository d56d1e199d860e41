/**
 * Create or edit a honeypot: every field of CONTRACT §3.2, alerts included. The API's validation
 * message appears under the field it names (`alerts.webhook_url`, `tags.0` → the tags field).
 * The webhook secret is write-only: leaving it empty on edit keeps the current one.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { threat } from '../../api.ts';
import { Button, CopyButton, ErrorNotice, SelectField, TextArea, TextField } from '../../ui/components.tsx';
import { useSubmit } from '../../ui/hooks.ts';
import { acceptedDomains, PRIORITIES, PURPOSES, STATUS_HELP, STATUSES, type Honeypot } from './types.ts';

interface FormState {
  email_address: string;
  purpose: string;
  priority: string;
  status: string;
  category: string;
  description: string;
  tags: string;
  alertsEnabled: boolean;
  threshold: string;
  emailNotifications: boolean;
  webhookUrl: string;
  webhookSecret: string;
}

function initialState(h: Honeypot | undefined): FormState {
  return {
    email_address: h?.email_address ?? '',
    purpose: h?.purpose ?? 'monitoring',
    priority: h?.priority ?? 'medium',
    status: h?.status ?? 'active',
    category: h?.category ?? '',
    description: h?.description ?? '',
    tags: (h?.tags ?? []).join(', '),
    alertsEnabled: h?.alerts.enabled ?? true,
    threshold: String(h?.alerts.threat_threshold ?? 70),
    emailNotifications: h?.alerts.email_notifications ?? false,
    webhookUrl: h?.alerts.webhook_url ?? '',
    webhookSecret: '',
  };
}

/** "a, b,,c" → ["a","b","c"]. */
export function splitTags(text: string): string[] {
  return text.split(',').map((t) => t.trim()).filter((t) => t !== '');
}

function bodyOf(s: FormState): Record<string, unknown> {
  const threshold = Number(s.threshold);
  const alerts: Record<string, unknown> = {
    enabled: s.alertsEnabled,
    // A non-number goes as text so the API names the field rather than the form guessing.
    threat_threshold: s.threshold.trim() !== '' && Number.isFinite(threshold) ? threshold : s.threshold,
    email_notifications: s.emailNotifications,
    webhook_url: s.webhookUrl.trim() === '' ? null : s.webhookUrl.trim(),
  };
  if (s.webhookSecret !== '') alerts.webhook_secret = s.webhookSecret;
  const body: Record<string, unknown> = {
    purpose: s.purpose,
    priority: s.priority,
    status: s.status,
    category: s.category.trim() === '' ? null : s.category.trim(),
    description: s.description.trim() === '' ? null : s.description.trim(),
    tags: splitTags(s.tags),
    alerts,
  };
  // On create an empty address asks the server for a random one on its first domain.
  if (s.email_address.trim() !== '') body.email_address = s.email_address.trim();
  return body;
}

/** Field names the API uses for nested and array values, mapped onto this form's fields. */
function normaliseErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) out[field.startsWith('tags.') ? 'tags' : field] = message;
  return out;
}

export function HoneypotForm(props: { honeypot?: Honeypot; onSaved: (h: Honeypot) => void; onCancel: () => void }) {
  const editing = props.honeypot !== undefined;
  const [state, setState] = useState<FormState>(() => initialState(props.honeypot));
  const [domains, setDomains] = useState<string[] | undefined>(undefined);
  const [created, setCreated] = useState<Honeypot | undefined>(undefined);
  const submit = useSubmit();
  const errors = normaliseErrors(submit.fieldErrors);
  const formRef = useRef<HTMLFormElement>(null);
  // The submit button is at the bottom of a long form: bring the field the API refused into view.
  useEffect(() => {
    if (submit.error !== undefined) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [submit.error]);
  useEffect(() => {
    const controller = new AbortController();
    acceptedDomains(controller.signal).then(setDomains, () => setDomains([]));
    return () => controller.abort();
  }, []);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setState((s) => ({ ...s, [key]: value }));

  const save = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const body = bodyOf(state);
      const saved = editing
        ? await threat<Honeypot>(`/honeypots/${encodeURIComponent(props.honeypot!.id)}`, { method: 'PATCH', body })
        : await threat<Honeypot>('/honeypots', { method: 'POST', body });
      // A generated secret is shown in full only in the create response: show it once before closing.
      if (!editing && saved.alerts.webhook_secret !== null && state.webhookSecret === '') setCreated(saved);
      else props.onSaved(saved);
    });
  };

  if (created !== undefined) {
    return (
      <div>
        <p>The honeypot is created. Its alert webhook is signed with this secret; copy it now, it is not shown again:</p>
        <pre className="secret">{created.alerts.webhook_secret}</pre>
        <CopyButton text={created.alerts.webhook_secret ?? ''} label="Copy secret" />
        <div className="dialog-footer"><Button variant="primary" onClick={() => props.onSaved(created)}>Done</Button></div>
      </div>
    );
  }

  const domainHint = domains === undefined ? undefined : domains.length === 0 ? 'This server receives mail for no domain yet: the operator must set HONEYPOT_DOMAINS.' : `Accepted domains: ${domains.join(', ')}.${editing ? '' : ' Leave empty for a random, unguessable address.'}`;
  const alerts = props.honeypot?.alerts;
  return (
    <form ref={formRef} onSubmit={save} noValidate>
      <TextField label="Email address" name="email_address" errors={errors} hint={domainHint} value={state.email_address} onChange={(e) => set('email_address', e.target.value)} placeholder={domains?.[0] === undefined ? 'name@domain' : `name@${domains[0]}`} autoComplete="off" autoFocus />
      <div className="form-grid">
        <SelectField label="Purpose" name="purpose" errors={errors} options={PURPOSES} value={state.purpose} onChange={(e) => set('purpose', e.target.value)} />
        <SelectField label="Priority" name="priority" errors={errors} options={PRIORITIES} value={state.priority} onChange={(e) => set('priority', e.target.value)} />
        <SelectField label="Status" name="status" errors={errors} options={STATUSES.map((s) => ({ value: s, label: `${s} — ${STATUS_HELP[s]}` }))} value={state.status} onChange={(e) => set('status', e.target.value)} />
        <TextField label="Category" name="category" errors={errors} value={state.category} onChange={(e) => set('category', e.target.value)} placeholder="e.g. website footer" />
      </div>
      <TextField label="Tags" name="tags" errors={errors} hint="Comma-separated, up to 20." value={state.tags} onChange={(e) => set('tags', e.target.value)} placeholder="e.g. phishing, public-site" />
      <TextArea label="Description" name="description" errors={errors} value={state.description} onChange={(e) => set('description', e.target.value)} rows={2} />
      <fieldset>
        <legend>Alerts</legend>
        <label className="checkbox"><input type="checkbox" checked={state.alertsEnabled} onChange={(e) => set('alertsEnabled', e.target.checked)} /> Raise alerts for mail to this honeypot</label>
        <div className="form-grid">
          <TextField label="Threat threshold (0–100)" name="alerts.threat_threshold" errors={errors} type="number" min={0} max={100} value={state.threshold} onChange={(e) => set('threshold', e.target.value)} hint="An email scoring at least this raises threat.detected." />
          <label className="checkbox checkbox-field"><input type="checkbox" checked={state.emailNotifications} onChange={(e) => set('emailNotifications', e.target.checked)} /> Also notify me by e-mail</label>
        </div>
        <TextField label="Webhook URL" name="alerts.webhook_url" errors={errors} type="url" value={state.webhookUrl} onChange={(e) => set('webhookUrl', e.target.value)} placeholder="https://siem.example.com/hooks/mailwarden" hint="Optional: alerts are POSTed here, signed with the secret." />
        <TextField label="Webhook secret" name="alerts.webhook_secret" errors={errors} type="password" autoComplete="new-password" value={state.webhookSecret} onChange={(e) => set('webhookSecret', e.target.value)}
          hint={alerts?.webhook_secret != null ? `Leave empty to keep the current secret (${alerts.webhook_secret}).` : '16–256 characters; leave empty to have one generated.'} />
        {alerts?.webhook_status === 'disabled' && (
          <div className="notice notice-error small" role="status">The alert webhook is disabled: {alerts.webhook_disabled_reason ?? 'it kept failing'}. Saving a URL or secret, or enabling alerts again, turns it back on.</div>
        )}
      </fieldset>
      <ErrorNotice error={submit.error !== undefined && Object.keys(errors).length === 0 ? submit.error : undefined} />
      <div className="dialog-footer">
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={submit.busy}>{editing ? 'Save changes' : 'Create honeypot'}</Button>
      </div>
    </form>
  );
}
