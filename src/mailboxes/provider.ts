/**
 * Which mail provider hosts a mailbox, from the names people and DNS give us: the SMTP/IMAP host
 * names first (they say who actually runs the servers), then the domain's MX hosts, then the address's
 * own domain (gmail.com, outlook.com…). `custom` when nothing matches.
 *
 * The provider decides the hints shown on login failures (app passwords, disabled basic auth) and,
 * later, provider-specific warm-up behaviour.
 */
export const PROVIDERS = ['gmail', 'outlook', 'yahoo', 'zoho', 'icloud', 'fastmail', 'aol', 'proton', 'yandex', 'gmx', 'custom'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Host-name suffixes (SMTP/IMAP servers and MX hosts) per provider, most specific first. */
const HOST_SUFFIXES: Array<[suffix: string, provider: Provider]> = [
  ['gmail.com', 'gmail'],
  ['googlemail.com', 'gmail'],
  ['google.com', 'gmail'],
  ['office365.com', 'outlook'],
  ['outlook.com', 'outlook'],
  ['hotmail.com', 'outlook'],
  ['live.com', 'outlook'],
  ['aol.com', 'aol'],
  ['yahoo.com', 'yahoo'],
  ['yahoodns.net', 'yahoo'],
  ['zoho.com', 'zoho'],
  ['zoho.eu', 'zoho'],
  ['zoho.in', 'zoho'],
  ['zoho.com.au', 'zoho'],
  ['zohomail.com', 'zoho'],
  ['mail.me.com', 'icloud'],
  ['icloud.com', 'icloud'],
  ['fastmail.com', 'fastmail'],
  ['messagingengine.com', 'fastmail'],
  ['protonmail.ch', 'proton'],
  ['proton.me', 'proton'],
  ['yandex.net', 'yandex'],
  ['yandex.ru', 'yandex'],
  ['yandex.com', 'yandex'],
  ['gmx.net', 'gmx'],
  ['gmx.com', 'gmx'],
];

/** Address domains of consumer mailboxes (the MX alone would say the same, but needs a lookup). */
const ADDRESS_DOMAINS: Record<string, Provider> = {
  'gmail.com': 'gmail',
  'googlemail.com': 'gmail',
  'outlook.com': 'outlook',
  'hotmail.com': 'outlook',
  'live.com': 'outlook',
  'msn.com': 'outlook',
  'yahoo.com': 'yahoo',
  'ymail.com': 'yahoo',
  'aol.com': 'aol',
  'zohomail.com': 'zoho',
  'icloud.com': 'icloud',
  'me.com': 'icloud',
  'mac.com': 'icloud',
  'fastmail.com': 'fastmail',
  'proton.me': 'proton',
  'protonmail.com': 'proton',
  'yandex.com': 'yandex',
  'yandex.ru': 'yandex',
  'gmx.com': 'gmx',
  'gmx.net': 'gmx',
  'gmx.de': 'gmx',
};

/** The provider whose servers a host name belongs to, or undefined. */
export function providerOfHost(host: string): Provider | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  for (const [suffix, provider] of HOST_SUFFIXES) {
    if (name === suffix || name.endsWith(`.${suffix}`)) return provider;
  }
  return undefined;
}

export interface ProviderEvidence {
  smtpHost: string;
  imapHost: string;
  /** The address's domain. */
  domain: string;
  /** The domain's MX host names, when looked up. Default: none. */
  mxHosts?: readonly string[];
}

export function detectProvider(evidence: ProviderEvidence): Provider {
  for (const host of [evidence.smtpHost, evidence.imapHost, ...(evidence.mxHosts ?? [])]) {
    const provider = providerOfHost(host);
    if (provider !== undefined) return provider;
  }
  return ADDRESS_DOMAINS[evidence.domain.toLowerCase()] ?? 'custom';
}
