/**
 * Every weight the link inspector gives, in one table (the lead tunes these against the corpus).
 * Scale: weak 3–8, moderate 10–20, strong 25–40. Each finding type fires at most once per message,
 * however many links show it (the description names the first few).
 */
import type { ScoreCategory } from '../types.ts';

type Points = Readonly<Partial<Record<ScoreCategory, number>>>;

export const LINK_POINTS = {
  /** Link text shows one domain, the link opens another registered domain. */
  link_text_domain_mismatch: { phishing: 20 },
  /** A link host that is a plain IP address. */
  ip_literal_link: { phishing: 15, spam: 3 },
  /** A link host that is an IP address written in decimal, hex or octal to hide it. Strong. */
  obfuscated_ip_link: { phishing: 30 },
  /** An internationalised (punycode) link host. Weak alone: many legitimate IDNs exist. */
  idn_link_host: { phishing: 6 },
  /** A link host label mixing Latin with Cyrillic, Greek or Armenian letters. Strong. */
  mixed_script_link_host: { phishing: 25 },
  /** A URL shortener hides the destination. */
  url_shortener_link: { phishing: 6, spam: 4 },
  /** A clickable `data:` URI (a page carried inside the link). */
  data_uri_link: { phishing: 20 },
  /** A clickable `javascript:`/`vbscript:` URI. */
  script_uri_link: { phishing: 15 },
  /** A big site's open redirector forwards to another site (google.com/url, bing.com/ck/a …). */
  known_redirector_link: { phishing: 15 },
  /** A redirect parameter (`?url=`, `?next=` …) forwards to another registered domain. */
  open_redirect_link: { phishing: 8 },
  /** A password form that posts to another domain than the sender's, a free host or an IP. Strong. */
  credential_form: { phishing: 35 },
  /** A password form posting to the sender's own domain: mail has no business asking for passwords. */
  password_form: { phishing: 15 },
  /** A form (without a password field) posting to another domain. */
  external_form: { phishing: 10 },
  /**
   * A web page (.html/.htm/.php/.shtml) served straight from a cloud storage bucket (S3, Google Cloud
   * Storage, Firebase, Azure Blob, R2, Spaces …): a phishing page with the cloud's name and TLS
   * certificate. Comes on top of free_hosting_link.
   */
  storage_bucket_page_link: { phishing: 10 },
  /** A link to free hosting or a site builder where phishing pages are set up in minutes. */
  free_hosting_link: { phishing: 10 },
  /** A URL with `user@` before the host: `https://paypal.com@evil.example` opens evil.example. */
  userinfo_link: { phishing: 25 },
  /** Links to unusually many different registered domains. */
  many_link_domains: { spam: 5, phishing: 2 },
  /** A link on a top-level domain with a poor abuse record. Weak. */
  suspicious_tld_link: { phishing: 4, spam: 3 },
  /** A link to a non-standard port (`:8080`). */
  nonstandard_port_link: { phishing: 8 },
  /** A link host that imitates a well-known brand. Strong. */
  brand_lookalike_link: { phishing: 30 },
  /** A dynamic-DNS name or a cloud machine's raw host name (an IP address written into the name). */
  raw_server_link: { phishing: 12, spam: 3 },
  /**
   * A link on someone else's domain carrying the recipient's own address in its query (plain,
   * %-encoded or base64): the page opens pre-filled with the victim's login, the credential-harvest
   * pattern. Unsubscribe links and the sender's own or its mail service's links do not count.
   */
  recipient_address_in_link: { phishing: 10, spam: 5 },
  /** The HTML refreshes itself to another page (`<meta http-equiv="refresh">`). */
  meta_refresh_link: { phishing: 10 },
} as const satisfies Record<string, Points>;

export type LinkFindingType = keyof typeof LINK_POINTS;

/** Thresholds of the aggregate link findings. */
export const LINK_LIMITS = {
  /** More distinct registered domains than this among clickable links is "many". Default 12. */
  manyDomains: 12,
  /** Values named in one finding's description before "and N more". Default 3. */
  namedValues: 3,
} as const;
