/**
 * What a new account sees instead of an empty list: what a honeypot is, which domains this server
 * accepts addresses on, and the buttons to create one or many.
 */
import { Link } from '../../router.tsx';
import { Button, EmptyState } from '../../ui/components.tsx';
import { useApi } from '../../ui/hooks.ts';
import { acceptedDomains } from './types.ts';

export function GettingStarted(props: { onCreate?: () => void; onBulk?: () => void; createHref?: string }) {
  const domains = useApi((signal) => acceptedDomains(signal), []);
  const list = domains.data ?? [];
  return (
    <EmptyState
      title="Create your first honeypot"
      action={
        props.createHref !== undefined ? (
          <Link to={props.createHref} className="btn btn-primary">Create a honeypot</Link>
        ) : (
          <>
            {props.onBulk !== undefined && <Button onClick={props.onBulk}>Bulk create</Button>}
            {props.onCreate !== undefined && <Button variant="primary" onClick={props.onCreate}>Create a honeypot</Button>}
          </>
        )
      }
    >
      <p>A honeypot is an address nobody legitimate writes to. Publish it where harvesters look (a web page footer, a leaked list) and every message it receives is captured, scored and grouped into campaigns.</p>
      {domains.data === undefined ? null : list.length === 0 ? (
        <p>This server receives mail for no domain yet: the operator must set <code>HONEYPOT_DOMAINS</code> to domains whose MX points here.</p>
      ) : (
        <p>Addresses can use {list.length === 1 ? 'the domain' : 'these domains'}: {list.map((d, i) => <span key={d}>{i > 0 && ', '}<code>{d}</code></span>)}.</p>
      )}
    </EmptyState>
  );
}
