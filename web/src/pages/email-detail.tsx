/**
 * One captured email: scores and the findings behind them, where it came from (authentication,
 * delivery, Received chain, headers), IOCs, attachments (download behind a warning), body as text,
 * the original source, its campaign; delete with confirmation. The tab lives in the URL (?tab=).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, download, threat } from '../api.ts';
import { Link, navigate, useQueryState, useTitle } from '../router.tsx';
import type { PageProps } from '../routes.ts';
import { Button, ConfirmDialog, EmptyState, ErrorNotice, Loading, PageHeader } from '../ui/components.tsx';
import { formatBytes, formatDateTime } from '../ui/format.ts';
import { useApi, useSubmit } from '../ui/hooks.ts';
import { IndicatorTable, ScoreGrid } from './emails/analysis.tsx';
import { AttachmentList } from './emails/attachments.tsx';
import { EmailBody, RawSource } from './emails/body.tsx';
import { CampaignCard } from './emails/campaign-card.tsx';
import { AuthenticationCard, KeyHeadersCard, ReceivedAndFields, SmtpCard } from './emails/headers.tsx';
import { iocCount, IocList } from './emails/iocs.tsx';
import { ClassificationBadge } from './emails/list-tools.tsx';
import { loadRawHead } from './emails/raw.ts';
import type { EmailDetail } from './emails/types.ts';

const TABS = ['analysis', 'headers', 'iocs', 'attachments', 'body', 'source'] as const;
type Tab = (typeof TABS)[number];

function tabLabel(tab: Tab, email: EmailDetail): string {
  switch (tab) {
    case 'analysis': return 'Analysis';
    case 'headers': return 'Origin & headers';
    case 'iocs': return `IOCs (${iocCount(email.iocs)})`;
    case 'attachments': return `Attachments (${email.attachments.length})`;
    case 'body': return 'Body';
    case 'source': return 'Source';
  }
}

export default function EmailDetailPage(props: PageProps) {
  const id = props.params.id!;
  const [query, setQuery] = useQueryState();
  const tab: Tab = (TABS as readonly string[]).includes(query.get('tab') ?? '') ? (query.get('tab') as Tab) : 'analysis';
  const email = useApi((signal) => threat<EmailDetail>(`/emails/${encodeURIComponent(id)}`, { signal }), [id]);
  // The original message is read only once a tab needs it, then kept.
  const [rawWanted, setRawWanted] = useState(false);
  useEffect(() => {
    if (tab === 'headers' || tab === 'source') setRawWanted(true);
  }, [tab]);
  const raw = useApi((signal) => (rawWanted ? loadRawHead(id, signal) : Promise.resolve(undefined)), [id, rawWanted]);
  const [confirming, setConfirming] = useState(false);
  const remove = useSubmit();
  const pending = email.data?.analysis_status === 'pending';
  useEffect(() => {
    if (!pending || email.loading) return;
    const timer = setTimeout(email.reload, 2000);
    return () => clearTimeout(timer);
  }, [pending, email.loading, email.data]);
  useTitle(email.data?.subject ?? 'Email');

  if (email.data === undefined) {
    if (email.error === undefined) return <Loading label="Loading the email…" />;
    return (
      <>
        <PageHeader title="Email" />
        {email.error instanceof ApiError && email.error.status === 404 ? (
          <EmptyState title="This email does not exist" action={<Link to="/emails" className="btn">Back to the emails</Link>}>It may have been deleted, or removed by the retention policy.</EmptyState>
        ) : (
          <ErrorNotice error={email.error} onRetry={email.reload} />
        )}
      </>
    );
  }
  const e = email.data;
  const doDelete = async () => {
    const ok = await remove.run(() => threat(`/emails/${encodeURIComponent(id)}`, { method: 'DELETE' }));
    if (ok) navigate('/emails');
  };
  const panels: Record<Tab, () => ReactNode> = {
    analysis: () => (
      <>
        {e.analysis_status === 'pending' && <div className="notice notice-warn" role="status">Analysis is running; scores appear here in a few seconds.</div>}
        {e.analysis_status === 'failed' && <div className="notice notice-error">The analysis failed: {e.analysis_error ?? 'no reason recorded'}.</div>}
        <ScoreGrid email={e} />
        <section className="card" aria-labelledby="indicators-title">
          <h2 id="indicators-title">Why it scored this way</h2>
          <p className="muted small">Each finding adds points to a category; a category's points are squashed into 0–100 (40 points ≈ 63).</p>
          <IndicatorTable indicators={e.threat_analysis?.indicators ?? []} />
        </section>
        <div className="grid-2">
          <CampaignCard campaignId={e.campaign_id} />
          <AuthenticationCard email={e} />
        </div>
        {e.parse_warnings.length > 0 && (
          <section className="card"><h2>Parser warnings</h2><ul>{e.parse_warnings.map((w) => <li key={w.code}>{w.message}{w.count > 1 ? ` (×${w.count})` : ''}</li>)}</ul></section>
        )}
      </>
    ),
    headers: () => (
      <>
        <div className="grid-2">
          <KeyHeadersCard email={e} />
          <div className="stack"><AuthenticationCard email={e} /><SmtpCard email={e} /></div>
        </div>
        <ReceivedAndFields raw={raw} />
      </>
    ),
    iocs: () => <IocList iocs={e.iocs} />,
    attachments: () => <AttachmentList emailId={e.id} attachments={e.attachments} />,
    body: () => <EmailBody body={e.body} />,
    source: () => <RawSource raw={raw} onDownload={() => download(`/v1/emails/${encodeURIComponent(id)}/raw`, `${id}.eml`)} />,
  };

  return (
    <>
      <p className="breadcrumb"><Link to="/emails">← Emails</Link></p>
      <PageHeader
        title={e.subject ?? '(no subject)'}
        subtitle={
          <>
            <ClassificationBadge classification={e.classification} status={e.analysis_status} /> from <span className="mono">{e.from ?? 'unknown sender'}</span> to{' '}
            <Link to={`/honeypots/${e.honeypot_id}`}>{e.to}</Link> · {formatDateTime(e.received_at)} · {formatBytes(e.size)}
          </>
        }
        actions={
          <>
            <Button onClick={() => void download(`/v1/emails/${encodeURIComponent(id)}/raw`, `${id}.eml`)}>Download .eml</Button>
            <Button variant="danger" onClick={() => { remove.clear(); setConfirming(true); }}>Delete…</Button>
          </>
        }
      />
      <div className="tabs email-tabs" role="tablist" aria-label="Email sections">
        {TABS.map((t) => (
          <button key={t} type="button" role="tab" id={`tab-${t}`} aria-selected={tab === t} aria-controls="email-panel" onClick={() => setQuery({ tab: t === 'analysis' ? undefined : t })}>
            {tabLabel(t, e)}
          </button>
        ))}
      </div>
      <div id="email-panel" role="tabpanel" aria-labelledby={`tab-${tab}`} className="stack">{panels[tab]()}</div>
      <ConfirmDialog
        open={confirming}
        title="Delete this email?"
        message={
          <>
            <p>“{e.subject ?? '(no subject)'}” will be deleted with its analysis{e.attachments.length > 0 ? `, its ${e.attachments.length} attachment(s)` : ''} and its original message. This cannot be undone.</p>
            <ErrorNotice error={remove.error} />
          </>
        }
        confirmLabel="Delete email"
        busy={remove.busy}
        onConfirm={() => void doDelete()}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}
