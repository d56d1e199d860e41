/**
 * Who the warm-up mail is from and to: a display name derived from the address, a job title and a
 * company derived from the domain. Stable per address (a person keeps their name and title across
 * every message), so threads read like two colleagues writing to each other.
 */
import { getDomainWithoutSuffix } from 'tldts';
import type { Correspondent } from '../types.ts';
import { hashString, Random } from './random.ts';

/** Local parts that name a role or a test account rather than a person. */
const NOT_A_NAME = new Set([
  'admin', 'billing', 'contact', 'hello', 'help', 'hi', 'info', 'mail', 'marketing', 'me', 'news', 'noreply', 'no',
  'reply', 'office', 'postmaster', 'sales', 'support', 'team', 'test', 'user', 'warmup', 'webmaster', 'accounts', 'jobs',
  'hr', 'careers', 'press', 'service', 'inbox', 'catchall', 'mailbox',
]);

/** Free-mail and provider domains: their users have no company to sign with. */
const PROVIDER_DOMAINS = new Set(['gmail', 'googlemail', 'outlook', 'hotmail', 'live', 'msn', 'yahoo', 'ymail', 'aol', 'icloud', 'me', 'mac', 'zoho', 'fastmail', 'proton', 'protonmail', 'gmx', 'yandex', 'mail']);

const FIRST_NAMES = [
  'Dana', 'Marcus', 'Priya', 'Tom', 'Elena', 'James', 'Aisha', 'Lukas', 'Sofia', 'Daniel', 'Hannah', 'Omar', 'Clara',
  'Ben', 'Mei', 'Rafael', 'Nora', 'Samuel', 'Ingrid', 'Victor', 'Leah', 'Arjun', 'Camille', 'Owen', 'Yuki', 'Grace',
  'Mateo', 'Freya', 'Jonah', 'Amara', 'Felix', 'Rosa', 'Kenji', 'Maya', 'Ethan', 'Lina', 'Hugo', 'Zara', 'Caleb', 'Ines',
];

const LAST_NAMES = [
  'Whitfield', 'Okafor', 'Lindqvist', 'Ramirez', 'Chen', 'Novak', 'Patel', 'Brennan', 'Moreau', 'Schmidt', 'Tanaka',
  'Delgado', 'Fischer', 'Kowalski', 'Haddad', 'Larsen', 'Mendes', 'Osei', 'Petrov', 'Quinn', 'Romano', 'Sato',
  'Thornton', 'Varga', 'Walsh', 'Yilmaz', 'Abbott', 'Becker', 'Castillo', 'Duarte', 'Ellison', 'Farrell', 'Gallagher',
  'Holm', 'Iverson', 'Jensen', 'Keller', 'Lambert', 'Marsh', 'Nguyen',
];

const TITLES = [
  'Operations Manager', 'Project Coordinator', 'Account Manager', 'Product Manager', 'Marketing Lead',
  'Office Manager', 'Senior Consultant', 'Finance Coordinator', 'Head of Partnerships', 'Customer Success Manager',
  'Engineering Manager', 'Events Coordinator', 'People Operations', 'Program Manager', 'Business Analyst',
  'Design Lead', 'Procurement Specialist', 'Team Lead, Support', 'Communications Manager', 'Sales Director',
];

function titleCase(word: string): string {
  return word.length === 0 ? word : word[0]!.toUpperCase() + word.slice(1).toLowerCase();
}

/** The name a person would sign with, from the local part when it reads like one, else a stable made-up one. */
export function displayNameFor(email: string): string {
  const local = (email.split('@')[0] ?? '').toLowerCase();
  const parts = local
    .split(/[._+-]+/)
    .map((part) => part.replace(/\d+/g, ''))
    .filter((part) => part.length >= 2 && /^[a-z]+$/.test(part));
  const personal = parts.filter((part) => !NOT_A_NAME.has(part));
  if (personal.length >= 2 && personal.length === parts.length) return personal.slice(0, 2).map(titleCase).join(' ');
  if (personal.length === 1 && parts.length === 1 && personal[0]!.length >= 3 && !/\d/.test(local)) return titleCase(personal[0]!);
  const random = new Random(hashString(email.toLowerCase()));
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

/** The correspondent for an address (display name derived from it). */
export function correspondentFor(email: string): Correspondent {
  return { name: displayNameFor(email), email };
}

/** First word of a display name ("Dana Whitfield" → "Dana"). */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** "acme-corp.co.uk" → "Acme Corp"; null for free-mail providers. */
export function companyFor(email: string): string | null {
  const domain = (email.split('@')[1] ?? '').toLowerCase();
  const label = getDomainWithoutSuffix(domain) ?? domain.split('.')[0] ?? '';
  if (label === '' || PROVIDER_DOMAINS.has(label)) return null;
  return label
    .split(/[-_]+/)
    .filter((word) => word !== '')
    .map((word) => (word.length <= 3 ? word.toUpperCase() : titleCase(word)))
    .join(' ');
}

/** A stable job title for an address. */
export function titleFor(email: string): string {
  return TITLES[hashString(`title:${email.toLowerCase()}`) % TITLES.length]!;
}
