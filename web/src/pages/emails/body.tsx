/**
 * A captured message's body and source, always as text: hostile HTML is never rendered (no
 * tracking pixels fetched, no scripts), only shown as its source.
 */
import { useState } from 'react';
import { Button, ErrorNotice, Loading } from '../../ui/components.tsx';
import { formatBytes } from '../../ui/format.ts';
import type { Loaded } from '../../ui/hooks.ts';
import { useSubmit } from '../../ui/hooks.ts';
import type { RawHead } from './raw.ts';
import type { EmailDetail } from './types.ts';

export function EmailBody(props: { body: EmailDetail['body'] }) {
  const { text, html } = props.body;
  const [view, setView] = useState<'text' | 'html'>(text === null && html !== null ? 'html' : 'text');
  if (text === null && html === null) return <p className="muted">The message has no readable body.</p>;
  return (
    <section className="card">
      <div className="card-head">
        <h2>Body</h2>
        <div className="segmented" role="group" aria-label="Body part">
          <Button variant={view === 'text' ? 'primary' : 'secondary'} aria-pressed={view === 'text'} disabled={text === null} onClick={() => setView('text')}>Plain text</Button>
          <Button variant={view === 'html' ? 'primary' : 'secondary'} aria-pressed={view === 'html'} disabled={html === null} onClick={() => setView('html')}>HTML source</Button>
        </div>
      </div>
      {view === 'html' && <p className="muted small">Shown as source on purpose: rendering it could load trackers or run code.</p>}
      <pre className="body-text">{view === 'text' ? text : html}</pre>
    </section>
  );
}

export function RawSource(props: { raw: Loaded<RawHead | undefined>; onDownload: () => Promise<void> }) {
  const save = useSubmit();
  const head = props.raw.data;
  return (
    <section className="card">
      <div className="card-head">
        <h2>Original message</h2>
        <Button busy={save.busy} onClick={() => void save.run(props.onDownload)}>Download .eml</Button>
      </div>
      <ErrorNotice error={save.error} />
      <ErrorNotice error={props.raw.error} onRetry={props.raw.reload} />
      {head === undefined ? (
        props.raw.error === undefined && <Loading label="Reading the original message…" />
      ) : (
        <>
          <p className="muted small">
            {head.truncated
              ? `The first ${formatBytes(head.shownBytes)} of ${formatBytes(head.totalBytes)}; download the .eml for all of it.`
              : `${formatBytes(head.totalBytes)}, exactly as received.`}
          </p>
          <pre className="raw-source">{head.text}</pre>
        </>
      )}
    </section>
  );
}
