/**
 * Profile (`GET/PATCH /v1/users/me`: the name is editable; plan and role are shown, set by an
 * administrator) and the account's audit log.
 */
import { useState, type FormEvent } from 'react';
import { threat } from '../api.ts';
import { useTitle } from '../router.tsx';
import type { PageProps } from '../routes.ts';
import { Button, ErrorNotice, Loading, PageHeader, TextField } from '../ui/components.tsx';
import { formatDateTime } from '../ui/format.ts';
import { useApi, useSubmit } from '../ui/hooks.ts';
import { AuditLog } from './profile/audit.tsx';

interface User {
  id: string;
  email: string;
  name: string | null;
  plan: 'free' | 'pro' | 'enterprise';
  role: 'user' | 'admin';
  created_at: string;
}

const PLAN_TEXT: Record<User['plan'], string> = {
  free: 'Free — Threat API; the Deliverability API (mailboxes and warm-up) needs Pro.',
  pro: 'Pro — both APIs; Deliverability up to 100 requests a minute.',
  enterprise: 'Enterprise — both APIs, highest limits.',
};

export default function ProfilePage(_props: PageProps) {
  useTitle('Profile');
  const user = useApi((signal) => threat<User>('/users/me', { signal }), []);
  // null until the user edits: the field shows the stored name from the first frame it is drawn.
  const [edited, setName] = useState<string | null>(null);
  const name = edited ?? user.data?.name ?? '';
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();

  const save = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void submit.run(async () => {
      await threat<User>('/users/me', { method: 'PATCH', body: { name: name.trim() === '' ? null : name.trim() } });
      setSaved(true);
      user.reload();
    });
  };

  return (
    <>
      <PageHeader title="Profile" subtitle="Your account and what happened on it." />
      <ErrorNotice error={user.error} onRetry={user.reload} />
      {user.data === undefined && user.loading && <Loading label="Loading your profile…" />}
      {user.data !== undefined && (
        <div className="grid-2">
          <form className="card" onSubmit={save} noValidate>
            <h2>Your name</h2>
            <TextField label="Name" name="name" value={name} onChange={(e) => { setName(e.target.value); setSaved(false); }} errors={submit.fieldErrors} autoComplete="name" hint="Optional, up to 200 characters." />
            <ErrorNotice error={submit.error !== undefined && submit.fieldErrors.name === undefined ? submit.error : undefined} />
            <div className="actions">
              <Button type="submit" variant="primary" busy={submit.busy} disabled={name.trim() === (user.data.name ?? '')}>Save</Button>
              {saved && <span className="ok-text" role="status">Saved.</span>}
            </div>
          </form>
          <div className="card">
            <h2>Account</h2>
            <dl className="details">
              <dt>E-mail</dt><dd>{user.data.email}</dd>
              <dt>Plan</dt><dd><strong>{user.data.plan}</strong><div className="muted small">{PLAN_TEXT[user.data.plan]}</div></dd>
              <dt>Role</dt><dd>{user.data.role === 'admin' ? 'Administrator' : 'User'}</dd>
              <dt>Member since</dt><dd>{formatDateTime(user.data.created_at)}</dd>
              <dt>User ID</dt><dd><code>{user.data.id}</code></dd>
            </dl>
            <p className="hint">Plan and role are set by an administrator of this server.</p>
          </div>
        </div>
      )}
      <AuditLog />
    </>
  );
}
