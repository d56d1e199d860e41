/**
 * Every weight the sender inspector gives, in one table (the lead tunes these against the corpus).
 * Scale: weak 3–8, moderate 10–20, strong 25–40. Points are per finding; each finding type fires at
 * most once per message.
 */
import type { ScoreCategory } from '../types.ts';

type Points = Readonly<Partial<Record<ScoreCategory, number>>>;

export const SENDER_POINTS = {
  /** A brand in the display name, sent from a domain that is not the brand's. Strong. */
  display_name_brand_mismatch: { phishing: 30 },
  /** An e-mail address in the display name on another registered domain than the real sender. */
  display_name_address_mismatch: { phishing: 20 },
  /** A brand spelt with look-alike letters in the display name (`MetaМask`, `Iedger`), from a domain not the brand's. Strong. */
  display_name_brand_lookalike: { phishing: 35 },
  /** A display-name word mixing Latin with another alphabet's letters (`aᥴcount`). */
  display_name_mixed_script: { phishing: 15, spam: 5 },
  /** Combining marks or invisible characters wedged between letters of the display name. */
  display_name_obfuscated: { phishing: 15, spam: 5 },
  /** The From domain imitates a well-known brand (homoglyph, IDN, edit distance, affix, subdomain). Strong. */
  sender_lookalike_domain: { phishing: 35 },
  /** The Reply-To domain imitates a well-known brand. Strong. */
  reply_to_lookalike_domain: { phishing: 30 },
  /** Replies go to another registered domain than From's. */
  reply_to_domain_mismatch: { phishing: 10 },
  /** Replies go to a free-mail mailbox while From is another domain: the classic collection address. */
  reply_to_freemail: { phishing: 18 },
  /** Return-Path / MAIL FROM on another registered domain than From. Weak: ESPs and lists do this. */
  return_path_domain_mismatch: { phishing: 3 },
  /** A free-mail sender whose display name is a brand. */
  freemail_brand_display_name: { phishing: 18 },
  /** A free-mail sender whose display name is an organisation or a role ("Billing Department"). */
  freemail_organisation_display_name: { phishing: 8, spam: 3 },
  /** A throw-away mailbox service as sender. */
  disposable_sender: { phishing: 8, spam: 8 },
  /** The first relay was greeted with an address literal by a client that did not authenticate. */
  received_helo_ip_literal: { spam: 5, phishing: 3 },
  /** The HELO name and the reverse-DNS name of the first relay's client are different domains, or HELO is no domain. */
  received_helo_mismatch: { spam: 3, phishing: 2 },
  /** Unusually many relays. */
  received_many_hops: { spam: 3 },
  /** A long wait between two relays. */
  received_delay: { spam: 3 },
  /** Received lines that are malformed or whose timestamps run backwards. */
  received_forged: { spam: 5, phishing: 3 },
  /** From has no address at all. */
  from_missing_address: { phishing: 10, spam: 5 },
  /** More than one From header or address. */
  multiple_from_addresses: { phishing: 10, spam: 5 },
  /** Message-ID minted under a domain unrelated to the sender's. Weak. */
  message_id_domain_mismatch: { phishing: 3, spam: 2 },
} as const satisfies Record<string, Points>;

export type SenderFindingType = keyof typeof SENDER_POINTS;

/** Thresholds of the Received-chain findings. */
export const RECEIVED_LIMITS = {
  /** More Received lines than this is "many hops". Default 15 (big providers add 5–8 of their own). */
  manyHops: 15,
  /** A gap longer than this between consecutive relays is a delay worth reporting. Default 12 h. */
  delayMs: 12 * 3600_000,
  /** Clock skew tolerated before timestamps count as running backwards. Default 2 h. */
  skewMs: 2 * 3600_000,
} as const;
