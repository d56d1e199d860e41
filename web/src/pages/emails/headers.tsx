/**
 * Where a message came from: authentication results (our own evaluation, never the sender's
 * claims), the SMTP session, the key headers, and the Received chain and every header field read
 * from the original message.
 */
import { ErrorNotice, Loading } from '../../ui/components.tsx';
import { formatDateTime } from '../../ui/format.ts';
import type { Loaded } from '../../ui/hooks.ts';
import { parseHeaderFields, receivedChain, type RawHead } from './raw.ts';
import type { EmailDetail } from './types.ts';

const AUTH_HELP: Record<string, string> = {
  pass: 'verified',
  fail: 'failed: the sender is not authorised for this domain',
  softfail: 'probably not authorised (soft fail)',
  neutral: 'the domain makes no statement',
  none: 'the domain publishes no policy',
  temperror: 'a temporary DNS error prevented the check',
  permerror: 'the domain\'s record is broken',
  not_checked: 'not checked (no SMTP session facts, or checks turned off on this server)',
};

function authBadge(result: string | null | undefined) {
  const value = result ?? 'not_checked';
  const tone = value === 'pass' ? 'pass' : value === 'fail' || value === 'softfail' || value === 'permerror' ? 'fail' : 'unknown';
  return (
    <>
      <span className={`badge badge-status badge-status-${tone}`}>{value}</span> <span className="muted small">{AUTH_HELP[value] ?? ''}</span>
    </>
  );
}

export function AuthenticationCard(props: { email: EmailDetail }) {
  const auth = props.email.authentication;
  return (
    <section className="card" aria-labelledby="auth-title">
      <h2 id="auth-title">Authentication</h2>
      {auth === null ? (
        <p className="muted">Not evaluated yet: results appear when the analysis has run.</p>
      ) : (
        <dl className="details">
          <dt>SPF</dt><dd>{authBadge(auth.spf)}</dd>
          <dt>DKIM</dt><dd>{authBadge(auth.dkim)}{auth.dkim_domain !== null && <span className="small"> · d={auth.dkim_domain}</span>}</dd>
          <dt>DMARC</dt><dd>{authBadge(auth.dmarc)}{auth.dmarc_policy !== null && <span className="small"> · policy {auth.dmarc_policy}</span>}</dd>
          <dt>ARC</dt><dd>{authBadge(auth.arc)}</dd>
        </dl>
      )}
    </section>
  );
}

export function SmtpCard(props: { email: EmailDetail }) {
  const smtp = props.email.smtp;
  const place = [smtp.city, smtp.country].filter((x) => x !== null).join(', ');
  return (
    <section className="card" aria-labelledby="smtp-title">
      <h2 id="smtp-title">Delivery</h2>
      <dl className="details">
        <dt>Received</dt><dd>{formatDateTime(props.email.received_at)} via {smtp.transport === 'http' ? 'the API (POST /v1/emails)' : `SMTP on ${smtp.server}`}</dd>
        <dt>Client</dt><dd className="mono">{smtp.ip_address ?? '—'}{smtp.port !== null ? `:${smtp.port}` : ''}{place !== '' ? ` (${place})` : ''}{smtp.asn !== null ? ` AS${smtp.asn}` : ''}</dd>
        <dt>HELO</dt><dd className="mono">{smtp.helo ?? '—'}</dd>
        <dt>MAIL FROM</dt><dd className="mono">{smtp.mail_from ?? '—'}</dd>
        <dt>TLS</dt><dd>{smtp.tls ? 'yes' : 'no (plain text)'}</dd>
      </dl>
    </section>
  );
}

export function KeyHeadersCard(props: { email: EmailDetail }) {
  const h = props.email.headers;
  const rows: [string, string | null][] = [['From', h.from], ['To', h.to], ['Cc', h.cc], ['Reply-To', h.reply_to], ['Subject', h.subject], ['Message-ID', h.message_id], ['Date', h.date === null ? null : formatDateTime(h.date)]];
  return (
    <section className="card" aria-labelledby="key-headers-title">
      <h2 id="key-headers-title">Headers</h2>
      <dl className="details">
        {rows.filter(([, v]) => v !== null).map(([k, v]) => (
          <div key={k} className="details-row"><dt>{k}</dt><dd className="mono">{v}</dd></div>
        ))}
      </dl>
      {h.reply_to !== null && h.from !== null && !h.from.includes(h.reply_to) && (
        <p className="notice notice-warn small">Replies go to {h.reply_to}, not to the sender: a common trick to collect answers elsewhere.</p>
      )}
    </section>
  );
}

export function ReceivedAndFields(props: { raw: Loaded<RawHead | undefined> }) {
  if (props.raw.error !== undefined) return <ErrorNotice error={props.raw.error} onRetry={props.raw.reload} />;
  if (props.raw.data === undefined) return <Loading label="Reading the original message…" />;
  const fields = parseHeaderFields(props.raw.data.text);
  const hops = receivedChain(fields);
  return (
    <>
      <section className="card" aria-labelledby="received-title">
        <h2 id="received-title">Received chain</h2>
        {hops.length === 0 ? (
          <p className="muted">The message carries no Received headers: it came straight from the client that connected to this server (see Delivery).</p>
        ) : (
          <>
            <p className="muted small">Oldest hop first. Only the last hop was written by a server you trust; earlier ones can be forged by the sender.</p>
            <ol className="received-chain">
              {hops.map((hop, i) => (
                <li key={i}>
                  <div><strong>from</strong> <span className="mono">{hop.from ?? '—'}</span></div>
                  <div><strong>by</strong> <span className="mono">{hop.by ?? '—'}</span>{hop.with !== undefined && <span className="muted"> with {hop.with}</span>}</div>
                  {hop.date !== undefined && <div className="muted small">{hop.date}</div>}
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="all-headers-title">
        <h2 id="all-headers-title">All header fields ({fields.length})</h2>
        <div className="table-wrap">
          <table className="header-fields">
            <tbody>
              {fields.map((f, i) => (
                <tr key={i}><th scope="row">{f.name}</th><td className="mono">{f.value}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

