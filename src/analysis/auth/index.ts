/**
 * SPF, DKIM, DMARC and ARC evaluated by Mailwarden itself (mailauth) from the SMTP session's client IP,
 * HELO and MAIL FROM, with the configured resolver. `Authentication-Results` headers already in the
 * message were written by someone else and are never read here.
 *
 * Passing is common in phishing (attackers authenticate their own domains), so a pass earns only a
 * little credit; a forged sender (DMARC fail on a domain that asks receivers to reject) is strong evidence.
 */
import { authenticate } from 'mailauth';
import type { Budget, Finding } from '../types.ts';

/** `(name, rrtype) → records`, shaped like `dns.promises.resolve`, errors carrying a DNS `code`. */
export type DnsResolve = (name: string, rrtype: string) => Promise<unknown>;

export interface SessionFacts {
  clientIp: string | null;
  helo: string | null;
  /** MAIL FROM; null for the null sender or when the message did not come over SMTP. */
  mailFrom: string | null;
  /** Our host name (the receiving MTA). */
  serverName: string;
}

export type AuthVerdict = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror' | 'policy' | 'not_checked';

export interface AuthResults {
  spf: AuthVerdict;
  dkim: AuthVerdict;
  /** Domain of the first passing (else first) DKIM signature. */
  dkim_domain: string | null;
  dmarc: AuthVerdict;
  /** The From domain's published DMARC policy (`none`/`quarantine`/`reject`), when found. */
  dmarc_policy: string | null;
  arc: AuthVerdict;
}

export const AUTH_WEIGHTS = {
  dmarc_fail_enforced: { phishing: 30, spam: 5 },
  dmarc_fail: { phishing: 12, spam: 4 },
  spf_fail: { phishing: 10, spam: 6 },
  spf_softfail: { phishing: 4, spam: 3 },
  dkim_fail: { phishing: 4, spam: 2 },
  no_authentication: { phishing: 4, spam: 4 },
  dmarc_pass: { phishing: -3, spam: -4 },
} as const;

export const NOT_CHECKED: AuthResults = Object.freeze({
  spf: 'not_checked', dkim: 'not_checked', dkim_domain: null, dmarc: 'not_checked', dmarc_policy: null, arc: 'not_checked',
});

export interface AuthOptions {
  resolver: DnsResolve;
  /** Milliseconds the whole evaluation may take; on expiry the results are `temperror`. Default 5,000. */
  timeoutMs?: number;
}

export async function evaluateAuthentication(raw: Buffer, session: SessionFacts, options: AuthOptions, budget: Budget): Promise<{ results: AuthResults; findings: Finding[] }> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const outcome = await Promise.race([
      authenticate(raw, {
        ip: session.clientIp ?? undefined,
        helo: session.helo ?? undefined,
        sender: session.mailFrom ?? '',
        mta: session.serverName,
        resolver: options.resolver as Parameters<typeof authenticate>[1] extends { resolver?: infer R } ? R : never,
        trustReceived: false,
        disableBimi: true,
      }).catch(() => null),
      timedOut,
    ]);
    if (outcome === null) {
      budget.cut('authentication checks (DNS did not answer in time)');
      return { results: { ...NOT_CHECKED, spf: 'temperror', dkim: 'temperror', dmarc: 'temperror', arc: 'temperror' }, findings: [] };
    }
    const results = summarise(outcome as unknown as MailauthOutcome, session.clientIp !== null);
    return { results, findings: authFindings(results) };
  } finally {
    clearTimeout(timer);
  }
}

interface MailauthStatus {
  status?: { result?: string };
}
interface MailauthOutcome {
  spf?: MailauthStatus | false;
  dkim?: { results?: Array<MailauthStatus & { signingDomain?: string }> };
  dmarc?: (MailauthStatus & { p?: string; policy?: string }) | false;
  arc?: MailauthStatus;
}

function verdict(value: string | undefined): AuthVerdict {
  const known: AuthVerdict[] = ['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror', 'policy'];
  return known.includes(value as AuthVerdict) ? (value as AuthVerdict) : 'none';
}

function summarise(outcome: MailauthOutcome, hadClientIp: boolean): AuthResults {
  const signatures = outcome.dkim?.results ?? [];
  const passing = signatures.find((s) => s.status?.result === 'pass');
  const first = passing ?? signatures[0];
  const dmarc = outcome.dmarc || undefined;
  return {
    spf: hadClientIp && outcome.spf ? verdict(outcome.spf.status?.result) : 'not_checked',
    dkim: first === undefined ? 'none' : verdict(first.status?.result),
    dkim_domain: first?.signingDomain ?? null,
    dmarc: dmarc === undefined ? 'none' : verdict(dmarc.status?.result),
    dmarc_policy: dmarc?.p ?? dmarc?.policy ?? null,
    arc: verdict(outcome.arc?.status?.result),
  };
}

function authFindings(results: AuthResults): Finding[] {
  const findings: Finding[] = [];
  if (results.dmarc === 'fail') {
    const enforced = results.dmarc_policy === 'reject' || results.dmarc_policy === 'quarantine';
    findings.push({
      type: enforced ? 'dmarc_fail_enforced' : 'dmarc_fail',
      description: enforced
        ? `The sender's domain asks receivers to ${results.dmarc_policy} mail that fails DMARC, and this message fails it: the From address is very likely forged.`
        : 'The message fails DMARC for its From domain (the domain only monitors, p=none).',
      points: { ...(enforced ? AUTH_WEIGHTS.dmarc_fail_enforced : AUTH_WEIGHTS.dmarc_fail) },
    });
  } else if (results.dmarc === 'pass') {
    findings.push({ type: 'dmarc_pass', description: 'The From domain is authenticated (DMARC pass). This earns little: attackers authenticate their own domains too.', points: { ...AUTH_WEIGHTS.dmarc_pass } });
  }
  if (results.spf === 'fail') {
    findings.push({ type: 'spf_fail', description: 'The sending server is not allowed to send for the MAIL FROM domain (SPF fail).', points: { ...AUTH_WEIGHTS.spf_fail } });
  } else if (results.spf === 'softfail') {
    findings.push({ type: 'spf_softfail', description: 'The MAIL FROM domain does not vouch for the sending server (SPF softfail).', points: { ...AUTH_WEIGHTS.spf_softfail } });
  }
  if (results.dkim === 'fail') {
    findings.push({ type: 'dkim_fail', description: 'A DKIM signature on the message does not verify: the message was altered or the signature forged.', points: { ...AUTH_WEIGHTS.dkim_fail } });
  }
  const spfAbsent = results.spf === 'none';
  if (spfAbsent && results.dkim === 'none' && results.dmarc !== 'pass') {
    findings.push({ type: 'no_authentication', description: 'Nothing authenticates the sender: no SPF for the sending server and no DKIM signature.', points: { ...AUTH_WEIGHTS.no_authentication } });
  }
  return findings;
}
