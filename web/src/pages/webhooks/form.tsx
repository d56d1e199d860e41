/**
 * Create or edit a webhook in a dialog. Creating may set a signing secret (else the server generates a
 * `whsec_` one); the secret cannot be changed afterwards, so editing only offers URL, events and
 * description. The API's validation message appears under the field it names.
 */
import { useState, type FormEvent } from 'react';
import { threat } from '../../api.ts';
import { Button, CheckboxGroup, CopyButton, Dialog, ErrorNotice, TextArea, TextField } from '../../ui/components.tsx';
import { useSubmit } from '../../ui/hooks.ts';
import { WEBHOOK_EVENTS, type Webhook, type WebhookWithSecret } from './types.ts';

interface Props {
  open: boolean;
  /** The webhook being edited; undefined to create one. */
  webhook?: Webhook;
  onClose: () => void;
  /** Called with the saved webhook (with its secret when it was just created). */
  onSaved: (webhook: Webhook | WebhookWithSecret) => void;
}

export function WebhookFormDialog(props: Props) {
  const editing = props.webhook !== undefined;
  const [url, setUrl] = useState(props.webhook?.url ?? '');
  const [events, setEvents] = useState<string[]>(props.webhook?.events ?? ['threat.detected']);
  const [description, setDescription] = useState(props.webhook?.description ?? '');
  const [secret, setSecret] = useState('');
  const submit = useSubmit();

  const save = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const body: Record<string, unknown> = { url: url.trim(), events, description: description.trim() === '' ? null : description.trim() };
      if (!editing && secret !== '') body.secret = secret;
      const saved = editing
        ? await threat<Webhook>(`/webhooks/${encodeURIComponent(props.webhook!.id)}`, { method: 'PATCH', body })
        : await threat<WebhookWithSecret>('/webhooks', { method: 'POST', body });
      props.onSaved(saved);
    });
  };
  const unplaced = submit.error !== undefined && !Object.keys(submit.fieldErrors).some((key) => ['url', 'description', 'secret'].includes(key) || key.startsWith('events'));

  return (
    <Dialog open={props.open} title={editing ? 'Edit webhook' : 'New webhook'} onClose={props.onClose}>
      <form onSubmit={save} noValidate>
        <TextField label="URL" name="url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} errors={submit.fieldErrors} placeholder="https://example.com/hooks/mailwarden" hint="Each event is POSTed here as JSON. http:// or https://." autoFocus />
        <CheckboxGroup legend="Events" name="events" options={WEBHOOK_EVENTS} value={events} onChange={setEvents} errors={submit.fieldErrors} />
        <TextArea label="Description (optional)" name="description" value={description} onChange={(e) => setDescription(e.target.value)} errors={submit.fieldErrors} rows={2} />
        {editing ? (
          <p className="hint">The signing secret cannot be changed. To rotate it, create a new webhook and delete this one.</p>
        ) : (
          <TextField label="Signing secret (optional)" name="secret" value={secret} onChange={(e) => setSecret(e.target.value)} errors={submit.fieldErrors} autoComplete="off" hint="Leave empty to have one generated (recommended). At least 16 characters. It is shown once, after saving." />
        )}
        <ErrorNotice error={unplaced ? submit.error : undefined} />
        <div className="dialog-footer">
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={submit.busy} disabled={url.trim() === '' || events.length === 0}>{editing ? 'Save changes' : 'Create webhook'}</Button>
        </div>
      </form>
    </Dialog>
  );
}

/** The secret, shown once right after creation, with the way to verify signatures. */
export function SecretDialog(props: { webhook: WebhookWithSecret | undefined; onClose: () => void }) {
  return (
    <Dialog
      open={props.webhook !== undefined}
      title="Webhook created: copy its signing secret"
      onClose={props.onClose}
      footer={<Button variant="primary" onClick={props.onClose}>I have stored the secret</Button>}
    >
      <div className="notice notice-warn">
        <p><strong>This secret is shown only now.</strong> Store it where your receiver can read it; you will not see it again.</p>
      </div>
      <div className="secret-box">
        <code data-testid="webhook-secret">{props.webhook?.secret}</code>
        <CopyButton text={props.webhook?.secret ?? ''} label="Copy secret" />
      </div>
      <p className="hint">Use it to check the <code>X-Webhook-Signature</code> or Standard Webhooks headers of each delivery (see “Verifying deliveries” on the webhook's page).</p>
    </Dialog>
  );
}

