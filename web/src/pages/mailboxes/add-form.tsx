/**
 * "Add a mailbox" (`POST /api/v1/mailboxes`): a provider preset fills the SMTP/IMAP hosts and ports
 * (still editable) and explains the app password where the provider needs one. One login serves both
 * protocols unless "different logins" is ticked. The API's message appears under the field it names.
 */
import { useState, type FormEvent } from 'react';
import { deliverability } from '../../api.ts';
import { Button, Dialog, ErrorNotice, SelectField, TextField } from '../../ui/components.tsx';
import { useSubmit } from '../../ui/hooks.ts';
import { PRESETS, securityForPort, type Security } from './presets.ts';
import { deliverabilityFieldErrors } from './types.ts';

const FIELDS = ['email', 'smtp_host', 'smtp_port', 'smtp_user', 'smtp_pass', 'smtp_security', 'imap_host', 'imap_port', 'imap_user', 'imap_pass', 'imap_security'] as const;
const SECURITY_OPTIONS = [{ value: 'tls', label: 'TLS (implicit)' }, { value: 'starttls', label: 'STARTTLS' }];

interface Server { host: string; port: string; security: Security; user: string; pass: string }

export function AddMailboxDialog(props: { onClose: () => void; onCreated: (id: string) => void }) {
  const [presetId, setPresetId] = useState('gmail');
  const preset = PRESETS.find((p) => p.id === presetId)!;
  const [email, setEmail] = useState('');
  const [separate, setSeparate] = useState(false);
  const [smtp, setSmtp] = useState<Server>({ ...toServer(preset.smtp), user: '', pass: '' });
  const [imap, setImap] = useState<Server>({ ...toServer(preset.imap), user: '', pass: '' });
  const submit = useSubmit();
  const errors = deliverabilityFieldErrors(submit.error, FIELDS);

  const choose = (id: string) => {
    const next = PRESETS.find((p) => p.id === id)!;
    setPresetId(id);
    setSmtp((s) => ({ ...s, ...toServer(next.smtp) }));
    setImap((s) => ({ ...s, ...toServer(next.imap) }));
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const address = email.trim();
      const body = {
        email: address,
        smtp_host: smtp.host.trim(), smtp_port: Number(smtp.port), smtp_security: smtp.security, smtp_user: separate && smtp.user.trim() !== '' ? smtp.user.trim() : address, smtp_pass: smtp.pass,
        imap_host: imap.host.trim(), imap_port: Number(imap.port), imap_security: imap.security, imap_user: separate && imap.user.trim() !== '' ? imap.user.trim() : address, imap_pass: separate ? imap.pass : smtp.pass,
      };
      const created = await deliverability<{ id: string }>('/mailboxes', { method: 'POST', body });
      props.onCreated(created.id);
    });
  };

  const serverFields = (kind: 'smtp' | 'imap', server: Server, set: (s: Server) => void) => (
    <fieldset>
      <legend>{kind === 'smtp' ? 'Sending (SMTP)' : 'Receiving (IMAP)'}</legend>
      <div className="form-grid form-grid-3">
        <TextField label="Host" name={`${kind}_host`} value={server.host} onChange={(e) => set({ ...server, host: e.target.value })} errors={errors} placeholder={kind === 'smtp' ? 'smtp.example.com' : 'imap.example.com'} required />
        <TextField label="Port" name={`${kind}_port`} type="number" min={1} max={65535} value={server.port} onChange={(e) => set({ ...server, port: e.target.value, security: securityForPort(Number(e.target.value)) })} errors={errors} required />
        <SelectField label="Security" name={`${kind}_security`} value={server.security} onChange={(e) => set({ ...server, security: e.target.value as Security })} errors={errors} options={SECURITY_OPTIONS} />
      </div>
      {separate && (
        <div className="form-grid">
          <TextField label="Login" name={`${kind}_user`} value={server.user} onChange={(e) => set({ ...server, user: e.target.value })} errors={errors} placeholder={email || 'the e-mail address'} autoComplete="off" />
          <TextField label="Password" name={`${kind}_pass`} type="password" value={server.pass} onChange={(e) => set({ ...server, pass: e.target.value })} errors={errors} autoComplete="new-password" required />
        </div>
      )}
    </fieldset>
  );

  const unplaced = submit.error !== undefined && Object.keys(errors).length === 0;
  return (
    <Dialog open title="Add a mailbox" onClose={props.onClose}>
      <form onSubmit={create} noValidate>
        <SelectField label="Provider" name="provider" value={presetId} onChange={(e) => choose(e.target.value)} options={PRESETS.map((p) => ({ value: p.id, label: p.label }))} hint="Fills in the server settings below; you can still change them." />
        <TextField label="E-mail address" name="email" type="email" autoComplete="off" autoFocus required value={email} onChange={(e) => setEmail(e.target.value)} errors={errors} placeholder="hello@yourcompany.com" />
        {!separate && (
          <TextField label={preset.passwordHint === undefined ? 'Password' : 'App password'} name="smtp_pass" type="password" autoComplete="new-password" required value={smtp.pass} onChange={(e) => setSmtp({ ...smtp, pass: e.target.value })} errors={{ ...errors, ...(errors.imap_pass === undefined ? {} : { smtp_pass: errors.imap_pass }) }} hint={preset.passwordHint ?? 'Used for both SMTP and IMAP. Stored encrypted, never shown again.'} />
        )}
        <label className="checkbox">
          <input type="checkbox" checked={separate} onChange={(e) => setSeparate(e.target.checked)} /> SMTP and IMAP use different logins or passwords
        </label>
        {serverFields('smtp', smtp, setSmtp)}
        {serverFields('imap', imap, setImap)}
        <p className="hint">After saving, Mailwarden signs in to both servers to check the settings, then starts warming the mailbox up automatically.</p>
        <ErrorNotice error={unplaced ? submit.error : undefined} />
        <div className="dialog-footer">
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={submit.busy} disabled={email.trim() === '' || smtp.pass === '' || smtp.host.trim() === '' || imap.host.trim() === ''}>Add mailbox</Button>
        </div>
      </form>
    </Dialog>
  );
}

function toServer(settings: { host: string; port: number; security: Security }): Pick<Server, 'host' | 'port' | 'security'> {
  return { host: settings.host, port: String(settings.port), security: settings.security };
}
