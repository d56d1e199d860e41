/** What a free-plan account sees instead of the Deliverability API's 403. */
import { Link } from '../../router.tsx';
import { EmptyState } from '../../ui/components.tsx';

export function PlanRequired() {
  return (
    <EmptyState title="Mailbox warm-up needs the Pro or Enterprise plan" action={<Link to="/profile" className="btn">See your plan</Link>}>
      <p>
        Your account is on the free plan, which includes the threat-intelligence features (honeypots, emails, reports, webhooks) but not
        the Deliverability API: connected mailboxes, automatic warm-up, health scores, DNS and blacklist checks.
      </p>
      <p>Ask an administrator of this Mailwarden server to change your plan to Pro (an administrator sends <code>PATCH /v1/users/&lt;your user id&gt;</code> with <code>{'{"plan": "pro"}'}</code>; your id is on your profile).</p>
    </EmptyState>
  );
}
