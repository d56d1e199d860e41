/**
 * An email's attachments with their hashes and scanner verdicts. Downloading one asks first: the
 * file was sent to a honeypot and may be malware.
 */
import { useState } from 'react';
import { download } from '../../api.ts';
import { Button, CopyButton, Dialog, ErrorNotice } from '../../ui/components.tsx';
import { formatBytes } from '../../ui/format.ts';
import { useSubmit } from '../../ui/hooks.ts';
import type { Attachment } from './types.ts';

function verdict(att: Attachment) {
  if (att.malware_detected === null) return <span className="badge badge-muted">not scanned yet</span>;
  if (att.malware_detected) return <span className="badge badge-critical">malware{att.threat_name !== null ? `: ${att.threat_name}` : ''}</span>;
  return <span className="badge badge-status">no malware found</span>;
}

export function AttachmentList(props: { emailId: string; attachments: readonly Attachment[] }) {
  const [pending, setPending] = useState<Attachment | undefined>(undefined);
  const submit = useSubmit();
  if (props.attachments.length === 0) return <p className="muted">This message has no attachments.</p>;
  const confirm = async () => {
    const att = pending!;
    const ok = await submit.run(() => download(`/v1/emails/${encodeURIComponent(props.emailId)}/attachments/${encodeURIComponent(att.id)}`, att.filename ?? att.id));
    if (ok) setPending(undefined);
  };
  return (
    <>
      <div className="table-wrap">
        <table>
          <thead><tr><th>File</th><th>Type</th><th className="num">Size</th><th>Scan</th><th>SHA-256</th><th><span className="visually-hidden">Download</span></th></tr></thead>
          <tbody>
            {props.attachments.map((att) => (
              <tr key={att.id}>
                <td className="truncate">{att.filename ?? <span className="muted">(unnamed)</span>}</td>
                <td>
                  <span className="mono small">{att.content_type}</span>
                  {att.declared_content_type !== null && att.declared_content_type !== att.content_type && (
                    <div className="small field-error">claims to be {att.declared_content_type}</div>
                  )}
                </td>
                <td className="num nowrap">{formatBytes(att.size)}</td>
                <td>{verdict(att)}</td>
                <td className="nowrap"><code className="small" title={att.sha256}>{att.sha256.slice(0, 16)}…</code> <CopyButton text={att.sha256} label="Copy hash" /></td>
                <td><Button onClick={() => { submit.clear(); setPending(att); }}>Download…</Button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Dialog
        open={pending !== undefined}
        title="This file may be malicious"
        onClose={() => setPending(undefined)}
        footer={
          <>
            <Button onClick={() => setPending(undefined)}>Cancel</Button>
            <Button variant="danger" busy={submit.busy} onClick={() => void confirm()}>Download anyway</Button>
          </>
        }
      >
        <p>
          <strong>{pending?.filename ?? pending?.id}</strong> was sent to a honeypot by an unknown sender
          {pending?.malware_detected === true ? <> and the scanner flagged it as <strong>{pending.threat_name ?? 'malware'}</strong></> : null}.
        </p>
        <p>Open it only in an isolated analysis machine or sandbox, never on this computer. It is served as a plain download and never opened by the browser.</p>
        <ErrorNotice error={submit.error} />
      </Dialog>
    </>
  );
}
