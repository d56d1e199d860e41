/**
 * Calibration: per finding type, a factor on the points its inspector gives, per category. The
 * inspectors' tables say what a finding means (which categories, relative strength); this table is
 * where those strengths are tuned against the labelled corpora (`npm run eval`, then `eval/fit.ts`).
 *
 * Tuning rules (../shared/corpus/README.md): factors are fitted on phishing vs legitimate and spam vs
 * legitimate, then clamped by hand where a finding is known to separate the corpora for reasons that
 * say nothing about maliciousness (old mail, plain-text mailing lists): those stay ≤ 1 and never grow.
 * A type missing here keeps its inspector's points (factor 1).
 */
import type { Finding, ScoreCategory } from './types.ts';

export type Calibration = Readonly<Record<string, Readonly<Partial<Record<ScoreCategory, number>>>>>;

/**
 * Fitted on phishing/ham-modern/easy-ham-1/spam-1 (eval/fit.ts, 5-fold CV AUC 0.977 phishing, 0.963
 * spam), then adjusted by hand: rare findings that are strong by their nature (look-alike domains,
 * credential forms, HTML attachments, userinfo tricks) keep factor 1 because the corpora have too few
 * of them to fit; Received-chain and Return-Path findings carry no phishing weight (old mail and mailing
 * lists trip them as often as attacks do).
 */
export const CALIBRATION: Calibration = {
  advance_fee_lure: { phishing: 0.85, spam: 0.65 },
  base64_html: { phishing: 0.6, spam: 0.3 },
  credential_lure: { phishing: 0.8, spam: 0.5 },
  crypto_lure: { phishing: 0.85, spam: 0.5 },
  delivery_lure: { phishing: 0.5 },
  display_name_brand_mismatch: { phishing: 1.3 },
  document_lure: { phishing: 0.5 },
  fake_reply: { phishing: 0.3, spam: 0.3 },
  free_hosting_link: { phishing: 0.9 },
  generic_greeting: { phishing: 0.6, spam: 0.5 },
  hidden_text: { phishing: 1, spam: 0.5 },
  image_only: { phishing: 0.9, spam: 0.5 },
  ip_literal_link: { phishing: 0.6, spam: 0.6 },
  known_redirector_link: { phishing: 0.55 },
  link_text_domain_mismatch: { phishing: 0.6 },
  message_id_domain_mismatch: { phishing: 0.2, spam: 0.3 },
  multiple_from_addresses: { phishing: 0.5, spam: 0.5 },
  no_message_id: { phishing: 0.3, spam: 0.5 },
  obfuscated_words: { phishing: 0.6, spam: 0.5 },
  open_redirect_link: { phishing: 0.5 },
  payment_lure: { phishing: 0.5, spam: 0.5 },
  pdf_links: { phishing: 0.5 },
  prize_lure: { phishing: 1.35, spam: 0.6 },
  received_delay: { phishing: 0, spam: 0.3 },
  received_forged: { phishing: 0, spam: 0.5 },
  received_helo_ip_literal: { phishing: 0, spam: 0.4 },
  received_helo_mismatch: { phishing: 0, spam: 0.5 },
  reply_to_domain_mismatch: { phishing: 0.6 },
  reply_to_freemail: { phishing: 0.75 },
  return_path_domain_mismatch: { phishing: 0 },
  scam_offer: { phishing: 0.3, spam: 0.6 },
  subject_exclamations: { phishing: 0.2, spam: 0.3 },
  subject_shouting: { phishing: 0.4, spam: 0.6 },
  suspicious_tld_link: { phishing: 0.4 },
  undisclosed_recipients: { phishing: 0.2, spam: 0.2 },
  urgency_lure: { phishing: 0.6, spam: 0.4 },
  url_shortener_link: { phishing: 1.25, spam: 1 },
};

/** Applies `calibration` in place (a finding's points times its type's factors). */
export function calibrate(findings: Finding[], calibration: Calibration = CALIBRATION): void {
  for (const finding of findings) {
    const factors = calibration[finding.type];
    if (factors === undefined) continue;
    const points: Finding['points'] = {};
    for (const [category, value] of Object.entries(finding.points) as Array<[ScoreCategory, number | undefined]>) {
      points[category] = Math.round((value ?? 0) * (factors[category] ?? 1) * 10) / 10;
    }
    finding.points = points;
  }
}
