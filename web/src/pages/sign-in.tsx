/**
 * Magic-link sign-in: enter an address → a link is e-mailed → opening it (this page with ?token=)
 * exchanges the token for a session and returns to where the user was going. The token can also be
 * pasted, for mail clients that open links in another browser.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { threat } from '../api.ts';
import { navigate, useTitle } from '../router.tsx';
import { session, type TokenResponse } from '../session.ts';
import { Button, ErrorNotice, TextField } from '../ui/components.tsx';
import { useSubmit } from '../ui/hooks.ts';

/** Only same-site paths are followed after sign-in (no open redirect through ?next=). */
function safeNext(next: string): string {
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';
}

export default function SignIn(props: { token: string | null; next: string }) {
  useTitle('Sign in');
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | undefined>(undefined);
  const [pasted, setPasted] = useState('');
  const submit = useSubmit();
  const verify = useSubmit();
  const verifying = useRef(false);

  const exchange = async (token: string) => {
    const tokens = await threat<TokenResponse>('/auth/verify', { method: 'POST', body: { token: token.trim() }, anonymous: true });
    session.accept(tokens);
    navigate(safeNext(props.next), { replace: true });
  };

  useEffect(() => {
    // React may run effects twice in development; a link works only once.
    if (props.token === null || verifying.current) return;
    verifying.current = true;
    void verify.run(() => exchange(props.token!));
  }, [props.token]);

  const requestLink = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      await threat('/auth/login', { method: 'POST', body: { email: email.trim() }, anonymous: true });
      setSentTo(email.trim());
    });
  };

  if (props.token !== null && verify.error === undefined) {
    return (
      <div className="auth-page">
        <div className="card auth-card" role="status">
          <h1>Signing you in…</h1>
        </div>
      </div>
    );
  }

  return (
    <div className="auth-page">
      <div className="card auth-card">
        <h1>Sign in to Mailwarden</h1>
        {verify.error !== undefined && (
          <div className="notice notice-error" role="alert">
            <p>That sign-in link did not work: {verify.error.message}</p>
            <p className="muted small">Links work once and for 15 minutes. Ask for a new one below.</p>
          </div>
        )}
        {sentTo === undefined ? (
          <form onSubmit={requestLink} noValidate>
            <p className="muted">We e-mail you a sign-in link. No password needed.</p>
            <TextField label="E-mail address" name="email" type="email" autoComplete="email" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} errors={submit.fieldErrors} />
            <ErrorNotice error={submit.error !== undefined && Object.keys(submit.fieldErrors).length === 0 ? submit.error : undefined} />
            <Button type="submit" variant="primary" busy={submit.busy} disabled={email.trim() === ''}>Send me a sign-in link</Button>
          </form>
        ) : (
          <div>
            <div className="notice notice-ok" role="status">
              <p>If <strong>{sentTo}</strong> has an account, a sign-in link is on its way. Open it in this browser within 15 minutes.</p>
            </div>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void verify.run(() => exchange(pasted));
              }}
            >
              <TextField label="Or paste the token from the mail" name="token" value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder="mwl_…" />
              <div className="actions">
                <Button type="submit" variant="primary" busy={verify.busy} disabled={pasted.trim() === ''}>Sign in</Button>
                <Button variant="ghost" onClick={() => setSentTo(undefined)}>Use another address</Button>
              </div>
            </form>
          </div>
        )}
      </div>
    </div>
  );
}
