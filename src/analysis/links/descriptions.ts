/**
 * Descriptions of link findings for a person: what was seen (the first few values) and why it matters.
 */
import type { LinkFindingType } from './points.ts';

const TEMPLATES: Record<LinkFindingType, (list: string) => string> = {
  link_text_domain_mismatch: (l) => `A link's text shows one site but opens another: ${l}.`,
  ip_literal_link: (l) => `Links open a bare IP address instead of a named site: ${l}.`,
  obfuscated_ip_link: (l) => `Links hide an IP address in an unusual notation that browsers still open: ${l}.`,
  idn_link_host: (l) => `Links use internationalised (punycode) host names, which can imitate familiar ones: ${l}.`,
  mixed_script_link_host: (l) => `Link host names mix Latin with look-alike letters from another alphabet: ${l}.`,
  url_shortener_link: (l) => `Links go through URL shorteners, which hide where they lead: ${l}.`,
  data_uri_link: (l) => `A link carries a whole page inside a data: URI, bypassing web filters: ${l}.`,
  script_uri_link: (l) => `A link runs script instead of opening a page: ${l}.`,
  known_redirector_link: (l) => `Links borrow a well-known site's redirector to reach another site: ${l}.`,
  open_redirect_link: (l) => `Links forward through a redirect parameter to another site: ${l}.`,
  credential_form: (l) => `The message contains a password form that sends what is typed to ${l}.`,
  password_form: (l) => `The message contains a password form (posting to ${l}); legitimate mail never asks for a password in the message.`,
  external_form: (l) => `The message contains a form that sends what is typed to another site: ${l}.`,
  free_hosting_link: (l) => `Links lead to free hosting or site builders where phishing pages are set up in minutes: ${l}.`,
  userinfo_link: (l) => `Links put a name before "@" in the address so it looks like another site: ${l}.`,
  many_link_domains: (l) => `Links lead to ${l} different registered domains, more than ordinary mail has.`,
  suspicious_tld_link: (l) => `Links use top-level domains with a poor abuse record: ${l}.`,
  nonstandard_port_link: (l) => `Links open unusual network ports: ${l}.`,
  brand_lookalike_link: (l) => `Link host names imitate well-known brands: ${l}.`,
  storage_bucket_page_link: (l) => `Links open a web page stored in a cloud storage bucket, where anyone can publish a page under the cloud's name: ${l}.`,
  raw_server_link: (l) => `Links lead to a dynamic-DNS name or a rented server's raw host name rather than an organisation's site: ${l}.`,
  recipient_address_in_link: (l) => `Links on another site carry the recipient's own address, so the page opens pre-filled with their login: ${l}.`,
  meta_refresh_link: (l) => `The HTML sends the reader on to another page by itself (meta refresh): ${l}.`,
};

/** The finding's description naming the first `named` values and how many more there were. */
export function describe(type: LinkFindingType, values: readonly string[], named: number): string {
  const shownValues = values.slice(0, named).map((v) => (v.length > 160 ? v.slice(0, 159) + '…' : v));
  const more = values.length - shownValues.length;
  const list = shownValues.join('; ') + (more > 0 ? ` and ${more} more` : '');
  return TEMPLATES[type](list);
}
