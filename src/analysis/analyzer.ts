/**
 * The analyser: one raw message (plus the SMTP session facts when it came in over SMTP) → scores,
 * classification, indicators, IOCs, attachment verdicts and a campaign fingerprint.
 *
 *   raw ─▶ parse ─▶ links + HTML facts ─┬─▶ link findings ─┐
 *                 ─▶ sender / Received ─┤                  │
 *                 ─▶ attachments (QR, archives, macros) ───┼─▶ findings ─▶ scores ─▶ AnalysisResult
 *                 ─▶ content lures ─────┤                  │
 *                 ─▶ SPF/DKIM/DMARC (only with a resolver and session facts) ──┘
 *
 * Pure with respect to storage: no database, no blob store; DNS only through the injected resolver.
 * Runs inside a worker thread (see pool.ts). Every step shares one time budget; what ran out of time
 * is named in an `analysis_truncated` indicator and the message is scored on what finished.
 */
import { parseMessage, type ParsedMessage, type ParseLimits } from '../emails/parsing/index.ts';
import { inspectAttachments, type AttachmentVerdict, type ClamdScanner } from './attachments/index.ts';
import { evaluateAuthentication, NOT_CHECKED, type AuthResults, type DnsResolve, type SessionFacts } from './auth/index.ts';
import { attachmentPasswordFindings, inspectContent, normaliseForMatching } from './content/index.ts';
import { inspectHeaders, isMailingListMessage } from './headers.ts';
import { inspectBrandSignature } from './sender/brand-signature.ts';
import { calibrate } from './calibration.ts';
import { buildFingerprint, type Fingerprint } from './fingerprint.ts';
import { defang, extractLinks, inspectLinks, recipientForms, type Link } from './links/index.ts';
import { scoreFindings, toIndicators, type Indicator, type Scores } from './scoring.ts';
import { inspectSender } from './sender/index.ts';
import { budgetOf, type Finding, type IocSet } from './types.ts';

export interface AnalyzerOptions {
  /** DNS for SPF/DKIM/DMARC; null skips authentication (offline analysis). Default null. */
  resolver?: DnsResolve | null;
  /** ClamAV client; null skips the scan. Default null. */
  clamd?: ClamdScanner | null;
  /** Wall-clock milliseconds one message may take. Default 10,000. */
  budgetMs?: number;
  /** Parser limits (the parser's defaults otherwise; its timeout is the budget). */
  parseLimits?: Partial<ParseLimits>;
  /** Return the parsed bodies, warnings and attachment contents (the analysis job stores them). Default false. */
  includeMessage?: boolean;
}

/** What the analysis job stores besides the scores: the parse the capture path left for later. */
export interface ParsedContent {
  text: string | null;
  html: string | null;
  warnings: ParsedMessage['warnings'];
  attachments: ParsedMessage['attachments'];
}

export interface AnalysisResult {
  scores: Scores;
  indicators: Indicator[];
  /** Refanged; `defangedIocs` gives the display form. */
  iocs: IocSet;
  auth: AuthResults;
  /** One per parsed attachment, in the parser's order. */
  attachments: AttachmentVerdict[];
  fingerprint: Fingerprint;
  /** The oldest public address of the Received chain, or null (mail posted over HTTP has no SMTP client to go by). */
  receivedOriginIp: string | null;
  /** Steps cut short by the time budget (empty when everything finished). */
  truncated: string[];
  /** Every finding with its points per category (after calibration): how each score was reached. */
  breakdown: Finding[];
  /** With `includeMessage`: bodies, warnings and attachments as parsed; otherwise null. */
  message: ParsedContent | null;
  durationMs: number;
}

/** IOC list lengths kept per message (honeypot mail can carry thousands of links). */
const MAX_IOCS_PER_KIND = 200;
/** Latin-1 characters of the raw message given to the content inspector for MIME-structure facts. */
const RAW_HEAD_CHARS = 256 * 1024;

export class Analyzer {
  private readonly options: AnalyzerOptions & { budgetMs: number };
  constructor(options: AnalyzerOptions = {}) {
    this.options = { ...options, budgetMs: options.budgetMs ?? 10_000 };
  }

  async analyze(raw: Buffer, session: SessionFacts | null): Promise<AnalysisResult> {
    const started = performance.now();
    const budget = budgetOf(this.options.budgetMs);
    const parsed = await parseMessage(raw, { ...this.options.parseLimits, timeoutMs: Math.max(1, Math.floor(this.options.budgetMs * 0.6)) });
    if (parsed.warnings.some((w) => w.code === 'parse_timeout')) budget.cut('MIME parsing');
    const findings: Finding[] = [];

    const extracted = extractLinks({ text: parsed.text, html: parsed.html }, budget);
    const sender = inspectSender({
      headers: parsed.headers,
      from: parsed.from,
      replyTo: parsed.replyTo,
      envelopeFrom: session?.mailFrom ?? null,
      helo: session?.helo ?? null,
      clientIp: session?.clientIp ?? null,
    });
    // What the sender, header and authentication inspectors find describes the sending infrastructure:
    // it also counts towards `reputation_score` (see addReputation).
    const infrastructure = new Set<Finding>([...sender.findings, ...inspectHeaders(parsed.from, parsed.to, parsed.headers)]);
    findings.push(...infrastructure);

    const attachments = await inspectAttachments(
      parsed.attachments.map((a) => ({ filename: a.filename, declaredContentType: a.declaredContentType, sniffedContentType: a.sniffedContentType, disposition: a.disposition, sha256: a.sha256, content: a.content })),
      budget,
      { clamd: this.options.clamd ?? null },
    );
    findings.push(...attachments.findings);

    // QR URLs are also in the attachment IOCs: each URL is inspected once, as a QR link when it was one.
    const qrUrls = new Set(attachments.qrPayloads.filter(isHttpUrl).map((u) => u.trim()));
    const links: Link[] = [
      ...extracted.links,
      ...[...qrUrls].map((url) => linkFrom(url, 'qr')),
      ...attachments.iocs.urls.filter((u) => isHttpUrl(u) && !qrUrls.has(u.trim())).map((url) => linkFrom(url, 'attachment')),
    ];
    // List mail is addressed to the list, whose address archive links legitimately carry.
    const recipients = isMailingListMessage(parsed.headers) ? [] : recipientForms([...parsed.to, ...parsed.cc].map((a) => a.address));
    const linkReport = inspectLinks(links, { senderDomain: sender.senderDomain, recipients }, budget);
    findings.push(...linkReport.findings);

    const html = extracted.html;
    findings.push(...inspectContent({
      subject: parsed.subject,
      text: parsed.text,
      html: parsed.html,
      htmlVisibleText: html?.visibleText ?? null,
      hiddenTextChars: html?.hiddenTextChars ?? 0,
      passwordInputs: html?.passwordInputs ?? 0,
      imageCount: (html?.externalImages ?? 0) + parsed.attachments.filter((a) => a.disposition === 'inline' && a.sniffedContentType.startsWith('image/')).length,
      smuggling: html?.smuggling ?? false,
      header: headerLookup(parsed),
      rawHead: raw.subarray(0, RAW_HEAD_CHARS).toString('latin1'),
    }, budget));

    findings.push(...attachmentPasswordFindings(attachments.findings, normaliseForMatching(`${parsed.subject ?? ''}\n${(parsed.text ?? html?.visibleText ?? '').slice(0, 20_000)}`)));

    let auth: AuthResults = NOT_CHECKED;
    if (this.options.resolver && session !== null) {
      const evaluated = await evaluateAuthentication(raw, session, { resolver: this.options.resolver, timeoutMs: Math.floor(this.options.budgetMs / 2) }, budget);
      auth = evaluated.results;
      findings.push(...evaluated.findings);
      for (const finding of evaluated.findings) infrastructure.add(finding);
    }

    const brandSignature = inspectBrandSignature({ fromAddress: parsed.from?.address ?? null, headers: parsed.headers, auth: auth === NOT_CHECKED ? null : auth });
    findings.push(...brandSignature);
    for (const finding of brandSignature) infrastructure.add(finding);

    calibrate(findings);
    addReputation(infrastructure);
    const malwareDetected = attachments.verdicts.some((v) => v.malwareDetected);
    if (budget.cuts.length > 0) {
      findings.push({ type: 'analysis_truncated', description: `Analysis ran out of time or hit a limit and scored what finished; not completed: ${budget.cuts.join('; ')}.`, points: { spam: 0 } });
    }
    const iocs = mergeIocs([sender.iocs, linkReport.iocs, attachments.iocs]);
    return {
      scores: scoreFindings(findings, malwareDetected),
      indicators: toIndicators(findings),
      iocs,
      auth,
      attachments: attachments.verdicts,
      fingerprint: buildFingerprint({
        body: parsed.text ?? html?.visibleText ?? '',
        linkDomains: iocs.domains,
        senderDomain: sender.organisationalDomain ?? sender.senderDomain,
        originIp: session?.clientIp ?? sender.iocs.ips[0] ?? null,
        attachmentHashes: parsed.attachments.map((a) => a.sha256),
      }),
      receivedOriginIp: sender.receivedOriginIp,
      truncated: budget.cuts,
      breakdown: findings,
      message: this.options.includeMessage ? { text: parsed.text, html: parsed.html, warnings: parsed.warnings, attachments: parsed.attachments } : null,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value.trim());
}

function linkFrom(url: string, source: Link['source']): Link {
  return { url: url.trim(), host: hostOf(url.trim()), source };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}

function headerLookup(parsed: ParsedMessage): (name: string) => string | null {
  const first = new Map<string, string>();
  for (const header of parsed.headers) {
    const key = header.name.toLowerCase();
    if (!first.has(key)) first.set(key, header.value);
  }
  return (name) => first.get(name.toLowerCase()) ?? null;
}

/** Infrastructure findings count towards reputation with their largest (calibrated) points. */
function addReputation(findings: Iterable<Finding>): void {
  for (const finding of findings) {
    if (finding.points.reputation !== undefined) continue;
    const largest = Math.max(...Object.values(finding.points).map((v) => v ?? 0));
    if (largest !== 0) finding.points = { ...finding.points, reputation: largest };
  }
}

function mergeIocs(sets: readonly IocSet[]): IocSet {
  const merged = { urls: new Set<string>(), domains: new Set<string>(), ips: new Set<string>(), hashes: new Set<string>() };
  for (const set of sets) {
    for (const kind of ['urls', 'domains', 'ips', 'hashes'] as const) {
      for (const value of set[kind]) if (merged[kind].size < MAX_IOCS_PER_KIND) merged[kind].add(value);
    }
  }
  return { urls: [...merged.urls], domains: [...merged.domains], ips: [...merged.ips], hashes: [...merged.hashes] };
}

/** IOCs for display: URLs, domains and IPs defanged (`hxxps://evil[.]example`), hashes as they are. */
export function defangedIocs(iocs: IocSet): IocSet {
  return { urls: iocs.urls.map(defang), domains: iocs.domains.map(defang), ips: iocs.ips.map(defang), hashes: iocs.hashes };
}
