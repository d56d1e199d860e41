/**
 * A campaign: one business-email-compromise lure ("update our bank details for the open invoice")
 * sent to several honeypots with small variations — name, amount, invoice number, one sentence — from
 * one look-alike domain, so the campaign clustering ties the messages together.
 */
import type { Template } from '../lib/types.ts';

const OPENINGS = ['I hope you are well.', 'I hope this email finds you well.', 'Good morning,', 'Hope your week is going well.'] as const;
const SIGNERS = ['Laura Bennett', 'Laura Bennet', 'L. Bennett'] as const;

export const campaign: Template = {
  name: 'campaign-bank-change',
  kind: 'campaign',
  count: 12,
  roles: ['billing', 'payroll', 'executive', 'vendor'],
  build({ random, recipientName }) {
    const invoice = `INV-${random.between(30000, 39999)}`;
    const amount = `€${random.between(18, 64)},${random.between(100, 999)}.${String(random.between(0, 99)).padStart(2, '0')}`;
    const signer = random.pick(SIGNERS);
    const portal = `https://northbridge-supp1y.example/portal/invoice/${invoice.toLowerCase()}?t=${random.token(8)}`;
    return {
      from: { name: `${signer} | Northbridge Supply`, address: `laura.bennett@northbridge-supp1y.example` },
      replyTo: `accounts.northbridge@${random.pick(['gmail.com', 'outlook.com'])}`,
      subject: `URGENT: updated bank details for invoice ${invoice}`,
      text: [
        `Hello ${recipientName},`,
        '',
        random.pick(OPENINGS),
        `Our bank account has changed following an internal audit. Please make sure the outstanding payment of ${amount} for invoice ${invoice} is sent to our new account today, as the old account is now closed.`,
        'The new account details are on our supplier portal; please confirm with your company login before you transfer:',
        portal,
        '',
        'This is time-sensitive, please treat it as urgent and keep it confidential until the audit is complete.',
        '',
        'Kind regards,',
        `${signer}`,
        'Accounts Department, Northbridge Supply',
      ].join('\n'),
    };
  },
};
