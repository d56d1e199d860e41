/**
 * Create or edit an API key (name, permissions; at creation also optional rate limits below the
 * plan's), and the dialog that shows a raw key once, after creation or regeneration.
 */
import { useState, type FormEvent } from 'react';
import { threat } from '../../api.ts';
import { Button, CheckboxGroup, CopyButton, Dialog, ErrorNotice, TextField } from '../../ui/components.tsx';
import { useSubmit } from '../../ui/hooks.ts';
import { PERMISSIONS, type ApiKey, type ApiKeyWithSecret } from './types.ts';

const PLACED = ['name', 'permissions', 'rate_limit.per_minute', 'rate_limit.per_hour', 'rate_limit.per_day'];

function limitOrUndefined(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

export function ApiKeyFormDialog(props: { apiKey?: ApiKey; onClose: () => void; onSaved: (key: ApiKey | ApiKeyWithSecret) => void }) {
  const editing = props.apiKey !== undefined;
  const [name, setName] = useState(props.apiKey?.name ?? '');
  const [permissions, setPermissions] = useState<string[]>(props.apiKey?.permissions ?? ['read']);
  const [limits, setLimits] = useState({ per_minute: '', per_hour: '', per_day: '' });
  const submit = useSubmit();
  const errors: Record<string, string> = { ...submit.fieldErrors };
  for (const [key, message] of Object.entries(submit.fieldErrors)) if (key.startsWith('permissions.')) errors.permissions = message;

  const save = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const body: Record<string, unknown> = { name: name.trim(), permissions };
      if (!editing) {
        const rateLimit = { per_minute: limitOrUndefined(limits.per_minute), per_hour: limitOrUndefined(limits.per_hour), per_day: limitOrUndefined(limits.per_day) };
        if (Object.values(rateLimit).some((v) => v !== undefined)) body.rate_limit = rateLimit;
      }
      const saved = editing
        ? await threat<ApiKey>(`/api-keys/${encodeURIComponent(props.apiKey!.key_id)}`, { method: 'PATCH', body })
        : await threat<ApiKeyWithSecret>('/api-keys', { method: 'POST', body });
      props.onSaved(saved);
    });
  };
  const unplaced = submit.error !== undefined && !Object.keys(errors).some((key) => PLACED.includes(key));
  const limitField = (key: keyof typeof limits, label: string) => (
    <TextField label={label} name={`rate_limit.${key}`} type="number" min={1} value={limits[key]} onChange={(e) => setLimits({ ...limits, [key]: e.target.value })} errors={errors} placeholder="plan's" />
  );

  return (
    <Dialog open title={editing ? `Edit key ${props.apiKey!.name}` : 'New API key'} onClose={props.onClose}>
      <form onSubmit={save} noValidate>
        <TextField label="Name" name="name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} errors={errors} placeholder="SIEM integration" hint="To tell your keys apart, e.g. where it is used." />
        <CheckboxGroup legend="Permissions" name="permissions" options={PERMISSIONS} value={permissions} onChange={setPermissions} errors={errors} hint="Give a key only what its program needs." />
        {!editing && (
          <fieldset>
            <legend>Rate limits on /v1 (optional)</legend>
            <p className="hint">Lower this key's requests below your plan's limits. Empty: the plan's.</p>
            <div className="form-grid form-grid-3">
              {limitField('per_minute', 'Per minute')}
              {limitField('per_hour', 'Per hour')}
              {limitField('per_day', 'Per day')}
            </div>
          </fieldset>
        )}
        <ErrorNotice error={unplaced ? submit.error : undefined} />
        <div className="dialog-footer">
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={submit.busy} disabled={name.trim() === '' || permissions.length === 0}>{editing ? 'Save changes' : 'Create key'}</Button>
        </div>
      </form>
    </Dialog>
  );
}

/** The raw key, once: after creation or regeneration. */
export function NewKeyDialog(props: { apiKey: ApiKeyWithSecret | undefined; regenerated: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={props.apiKey !== undefined}
      title={props.regenerated ? 'Key regenerated: copy the new key' : 'API key created: copy it now'}
      onClose={props.onClose}
      footer={<Button variant="primary" onClick={props.onClose}>I have copied the key</Button>}
    >
      <div className="notice notice-warn">
        <p><strong>This key will not be shown again.</strong> Copy it into your program's configuration or a password manager now. If you lose it, regenerate it.</p>
      </div>
      <div className="secret-box">
        <code data-testid="new-api-key">{props.apiKey?.key}</code>
        <CopyButton text={props.apiKey?.key ?? ''} label="Copy key" />
      </div>
      {props.regenerated && <p className="hint">The previous key stopped working.</p>}
      <p className="hint">Send it as <code>Authorization: Bearer {props.apiKey?.prefix}…</code></p>
    </Dialog>
  );
}
