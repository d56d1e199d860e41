/**
 * The ten demo honeypots: different purposes, categories, priorities and tags, as a real deployment
 * would spread them (a finance trap, a leaked vendor contact, a scraped webmaster address …).
 * Addresses are `<local part>@<domain>`, the domains taken in turn from HONEYPOT_DOMAINS.
 */
import type { HoneypotRole } from './lib/types.ts';

export interface DemoHoneypot {
  role: HoneypotRole;
  localPart: string;
  /** Who the mail addresses ("Dear …"). */
  greeting: string;
  purpose: 'monitoring' | 'leak-detection' | 'testing' | 'trap';
  category: string;
  priority: 'low' | 'medium' | 'high' | 'critical';
  tags: string[];
  description: string;
}

export const DEMO_HONEYPOTS: readonly DemoHoneypot[] = [
  { role: 'billing', localPart: 'billing', greeting: 'Accounts team', purpose: 'trap', category: 'finance', priority: 'high', tags: ['finance', 'invoices', 'demo'], description: 'Published on the invoice footer; attracts invoice fraud.' },
  { role: 'careers', localPart: 'jobs', greeting: 'Hiring team', purpose: 'leak-detection', category: 'recruiting', priority: 'medium', tags: ['careers', 'website', 'demo'], description: 'Only on the careers page.' },
  { role: 'helpdesk', localPart: 'it-helpdesk', greeting: 'Sam', purpose: 'monitoring', category: 'it', priority: 'high', tags: ['it', 'credentials', 'demo'], description: 'Looks like an internal IT address; credential lures land here.' },
  { role: 'executive', localPart: 'ceo.office', greeting: 'Mr. Hartley', purpose: 'trap', category: 'executive', priority: 'critical', tags: ['bec', 'executive', 'demo'], description: 'Decoy executive assistant mailbox for CEO-fraud attempts.' },
  { role: 'newsletters', localPart: 'newsletter-signup', greeting: 'Reader', purpose: 'monitoring', category: 'marketing', priority: 'low', tags: ['newsletters', 'demo'], description: 'Subscribed to a few legitimate newsletters as a clean baseline.' },
  { role: 'support', localPart: 'support', greeting: 'Support team', purpose: 'monitoring', category: 'customer-service', priority: 'medium', tags: ['support', 'public', 'demo'], description: 'Public support address.' },
  { role: 'vendor', localPart: 'procurement.old', greeting: 'Procurement', purpose: 'leak-detection', category: 'supply-chain', priority: 'medium', tags: ['leaked', 'vendor-db', 'demo'], description: 'Given only to one supplier; mail from anyone else means their contact list leaked.' },
  { role: 'webmaster', localPart: 'webmaster', greeting: 'Webmaster', purpose: 'trap', category: 'web', priority: 'low', tags: ['scraped', 'demo'], description: 'In the site\'s HTML for scrapers only.' },
  { role: 'payroll', localPart: 'payroll', greeting: 'Payroll team', purpose: 'trap', category: 'finance', priority: 'critical', tags: ['payroll', 'bec', 'demo'], description: 'Payroll-diversion and salary-statement lures.' },
  { role: 'seed', localPart: 'qa-seed', greeting: 'Tester', purpose: 'testing', category: 'qa', priority: 'low', tags: ['seed', 'testing', 'demo'], description: 'Seed address for testing the pipeline.' },
];

/** Each honeypot's address: local part at the domains in turn. */
export function honeypotAddress(honeypot: DemoHoneypot, domains: readonly string[]): string {
  if (domains.length === 0) throw new Error('The demo needs at least one honeypot domain.');
  const index = DEMO_HONEYPOTS.indexOf(honeypot);
  return `${honeypot.localPart}@${domains[Math.max(0, index) % domains.length]}`;
}
