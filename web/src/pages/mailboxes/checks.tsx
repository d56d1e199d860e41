/**
 * DNS authentication (`GET /api/v1/dns`) and blacklist (`GET /api/v1/blacklist`) status of a mailbox,
 * each with a Refresh button that checks live (`refresh=true`) instead of reading the cached result.
 */
import { useState } from 'react';
import { deliverability } from '../../api.ts';
import { Button, ErrorNotice, Loading, StatusBadge } from '../../ui/components.tsx';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import { useApi } from '../../ui/hooks.ts';
import type { BlacklistReport, DnsReport, RecordCheck } from './types.ts';

const RECORD_TEXT: Record<string, string> = {
  spf: 'SPF — which servers may send for the domain',
  dkim: 'DKIM — the key that signs outgoing mail',
  dmarc: 'DMARC — what receivers do with mail that fails',
};

const STATUS_TEXT: Record<string, string> = {
  pass: 'published and valid',
  fail: 'published but wrong',
  missing: 'not published',
  unknown: 'could not be checked (the DNS lookup failed); try Refresh',
};

/** Loads a check, the cached result first; `refresh()` asks for a live one. */
function useCheck<T>(path: string, mailboxId: string) {
  const [live, setLive] = useState(0);
  const result = useApi((signal) => deliverability<T>(path, { query: { mailbox_id: mailboxId, refresh: live > 0 ? true : undefined }, signal }), [mailboxId, live]);
  return { ...result, refresh: () => setLive((n) => n + 1), refreshing: result.loading && live > 0 };
}

function RecordRow(props: { name: 'spf' | 'dkim' | 'dmarc'; check: RecordCheck }) {
  const selector = typeof props.check.selector === 'string' ? props.check.selector : undefined;
  return (
    <li className="record-row" data-record={props.name}>
      <div className="record-head">
        <StatusBadge status={props.check.status} />
        <span><strong>{props.name.toUpperCase()}</strong> <span className="muted small">{RECORD_TEXT[props.name]!.split(' — ')[1]}</span></span>
      </div>
      <div className="muted small">{STATUS_TEXT[props.check.status] ?? props.check.status}{selector !== undefined ? ` · selector ${selector}` : ''}</div>
      {props.check.record !== null && <code className="record-text">{props.check.record}</code>}
    </li>
  );
}

export function DnsCard(props: { mailboxId: string }) {
  const dns = useCheck<DnsReport>('/dns', props.mailboxId);
  const d = dns.data;
  return (
    <div className="card" aria-busy={dns.loading}>
      <div className="section-header">
        <h2>DNS authentication</h2>
        <Button className="btn-small" onClick={dns.refresh} busy={dns.refreshing}>Refresh DNS</Button>
      </div>
      <ErrorNotice error={dns.error} onRetry={dns.reload} />
      {d === undefined && dns.loading && <Loading label="Checking DNS…" />}
      {d !== undefined && (
        <>
          <p className="muted small">
            <strong>{d.domain}</strong>{d.ip !== null ? ` · sending IP ${d.ip}` : ''} · checked <span title={formatDateTime(d.checked_at)}>{formatRelative(d.checked_at)}</span> ({d.source === 'live' ? 'live' : 'cached'})
          </p>
          <ul className="record-list">
            <RecordRow name="spf" check={d.spf} />
            <RecordRow name="dkim" check={d.dkim} />
            <RecordRow name="dmarc" check={d.dmarc} />
          </ul>
          {d.problems.length === 0 ? (
            <p className="ok-text">No problems found: receivers can authenticate this domain's mail.</p>
          ) : (
            <>
              <h3>What to fix</h3>
              <ul className="problem-list">
                {d.problems.map((p) => (
                  <li key={p.code} className={`problem problem-${p.severity}`}>
                    <span className="problem-severity">{p.severity}</span> {p.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}

export function BlacklistCard(props: { mailboxId: string }) {
  const scan = useCheck<BlacklistReport>('/blacklist', props.mailboxId);
  const b = scan.data;
  return (
    <div className="card" aria-busy={scan.loading}>
      <div className="section-header">
        <h2>Blacklists</h2>
        <Button className="btn-small" onClick={scan.refresh} busy={scan.refreshing}>Refresh blacklists</Button>
      </div>
      <ErrorNotice error={scan.error} onRetry={scan.reload} />
      {b === undefined && scan.loading && <Loading label="Scanning blacklists…" />}
      {b !== undefined && (
        <>
          <p className="muted small">
            IP <strong>{b.ip}</strong> and domain <strong>{b.domain}</strong> · {b.total_checked} of {b.lists_queried} lists answered · checked{' '}
            <span title={formatDateTime(b.checked_at)}>{formatRelative(b.checked_at)}</span> ({b.source})
          </p>
          {b.listed ? (
            <div className="notice notice-error">
              <p><strong>Listed on {b.blacklists_found.length} {b.blacklists_found.length === 1 ? 'list' : 'lists'}.</strong> Mail from this {b.blacklists_found.some((h) => h.target === 'ip') ? 'IP' : 'domain'} is likely to be rejected or filtered as spam.</p>
              <ul className="problem-list">
                {b.blacklists_found.map((hit) => (
                  <li key={`${hit.list}-${hit.target}`}>
                    <strong>{hit.list}</strong> ({hit.target === 'ip' ? b.ip : b.domain}): {hit.reasons.join(' ') || hit.codes.join(', ')}
                    {hit.details.length > 0 && <div className="muted small">{hit.details.join(' ')}</div>}
                  </li>
                ))}
              </ul>
              <p className="small">Find and stop the cause first (a compromised account, a bad list), then request removal at each list's website.</p>
            </div>
          ) : (
            <p className="ok-text">Not listed on any of the {b.total_checked} lists that answered.</p>
          )}
          {b.errors.length > 0 && (
            <p className="muted small">Did not answer: {b.errors.map((e) => `${e.list} (${e.error})`).join(', ')}. Refresh to try them again.</p>
          )}
        </>
      )}
    </div>
  );
}
