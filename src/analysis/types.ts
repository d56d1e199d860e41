/**
 * The analyser's vocabulary. One raw message (plus the SMTP session facts when it came in over SMTP)
 * goes through a set of inspectors; each returns findings, IOCs and fingerprint parts; the scorer turns
 * findings into the four category scores, the overall `threat_score` and the classification.
 *
 * Glossary
 * - **finding**: one thing an inspector noticed, with the points it adds to one or more category
 *   scores. Findings become the API's `indicators` ({type, description, weight}).
 * - **points**: raw, unbounded evidence for a category; positive means "more likely malicious".
 *   Negative points (credit) exist but are kept small: passing authentication is common in phishing.
 * - **category score**: 0–100 integer from the points of that category (see scoring.ts).
 * - **budget**: the wall-clock time one message may take; an inspector that runs out stops, keeps what
 *   it found and reports what was cut short (an `analysis_truncated` finding).
 * - **IOC**: indicator of compromise — URLs, domains, IPs and file hashes, stored refanged; the API shows
 *   defanged copies as well (`hxxps://evil[.]example`).
 */

export type ScoreCategory = 'phishing' | 'spam' | 'malware' | 'reputation';

export interface Finding {
  /** Stable snake_case identifier, e.g. `display_name_brand_mismatch`, `macro_document`. */
  type: string;
  /** For a person: what was seen and why it matters, naming the value (domain, file name …). */
  description: string;
  /** Points per category this finding adds. At least one entry. */
  points: Partial<Record<ScoreCategory, number>>;
}

/** IOCs an inspector extracted, refanged, deduplicated by the caller. */
export interface IocSet {
  urls: string[];
  domains: string[];
  ips: string[];
  /** Lower-case hex SHA-256 of attachments (and of files inside archives). */
  hashes: string[];
}

/** Wall-clock budget shared by every inspector of one message. */
export interface Budget {
  /** True once the message's time is up: stop looping, return what you have. */
  expired(): boolean;
  /** Records that `what` was cut short (for the `analysis_truncated` finding). */
  cut(what: string): void;
}

export function emptyIocs(): IocSet {
  return { urls: [], domains: [], ips: [], hashes: [] };
}

/** A budget that ends `ms` milliseconds from now (monotonic clock). */
export function budgetOf(ms: number): Budget & { readonly cuts: string[] } {
  const deadline = performance.now() + ms;
  const cuts: string[] = [];
  return {
    cuts,
    expired: () => performance.now() > deadline,
    cut: (what) => {
      if (!cuts.includes(what)) cuts.push(what);
    },
  };
}
