/**
 * Indicators of compromise, defanged (hxxp://evil[.]example) so they are safe to show and paste
 * into a ticket; each one copyable, and each kind copyable whole (defanged, or refanged for a
 * blocklist).
 */
import { CopyButton } from '../../ui/components.tsx';
import type { EmailDetail } from './types.ts';

const KINDS: { key: 'urls' | 'domains' | 'ips' | 'hashes'; label: string }[] = [
  { key: 'urls', label: 'URLs' },
  { key: 'domains', label: 'Domains' },
  { key: 'ips', label: 'IP addresses' },
  { key: 'hashes', label: 'File hashes (SHA-256)' },
];

export function iocCount(iocs: EmailDetail['iocs']): number {
  return KINDS.reduce((n, k) => n + iocs[k.key].length, 0);
}

export function IocList(props: { iocs: EmailDetail['iocs'] }) {
  const { iocs } = props;
  if (iocCount(iocs) === 0) return <p className="muted">No URL, domain, address or attachment hash was found in this message.</p>;
  return (
    <div className="grid-2">
      {KINDS.filter((k) => iocs[k.key].length > 0).map((kind) => {
        const refanged = kind.key === 'hashes' ? undefined : iocs.raw[kind.key];
        return (
          <section key={kind.key} className="card" aria-label={kind.label}>
            <div className="card-head">
              <h3>{kind.label} <span className="muted">({iocs[kind.key].length})</span></h3>
              <span className="actions">
                <CopyButton text={iocs[kind.key].join('\n')} label={`All ${kind.label}`} />
                {refanged !== undefined && <CopyButton text={refanged.join('\n')} label="Live, for blocklists" />}
              </span>
            </div>
            <ul className="ioc-list">
              {iocs[kind.key].map((value) => (
                <li key={value}>
                  <code className="ioc">{value}</code>
                  <CopyButton text={value} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
