/**
 * Response schemas of the campaigns API (they serialize and feed OpenAPI). Item schemas are
 * `Type.Partial` so `?fields=` responses (any subset) serialize.
 */
import { Type } from '@sinclair/typebox';

const NullableString = (description?: string) => Type.Union([Type.String(), Type.Null()], description === undefined ? {} : { description });
const Strings = Type.Array(Type.String());

export const CampaignSchema = Type.Object({
  id: Type.String(),
  representative_subject: NullableString('The subject of its first message.'),
  message_count: Type.Integer({ description: 'Captured emails in the campaign (one message to two honeypots counts twice).' }),
  honeypot_count: Type.Integer(),
  honeypot_ids: Strings,
  max_threat_score: Type.Integer({ minimum: 0, maximum: 100 }),
  first_seen_at: Type.String({ format: 'date-time' }),
  last_seen_at: Type.String({ format: 'date-time' }),
  shared_iocs: Type.Object({ urls: Strings, domains: Strings, ips: Strings, hashes: Strings }, { description: 'IOCs seen in at least two of its messages (at most 100 per kind).' }),
  sender_domain: NullableString('Registered domain of the first message\'s sender.'),
  origin_network: NullableString('The /24 (IPv4) or /48 (IPv6) the first message came from.'),
  url_set: NullableString('Digest of the set of registered domains its links point to.'),
  body_simhash: NullableString('64-bit SimHash of the first message\'s body (16 hex digits); null for an empty body.'),
  attachment_hashes: Strings,
  pattern_detected_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When pattern.detected fired for it; null before.' }),
});

export const CampaignDetailSchema = Type.Object({
  ...CampaignSchema.properties,
  latest_email_ids: Type.Array(Type.String(), { description: 'Its 10 most recently received emails, newest first.' }),
});

export const CampaignPartialSchema = Type.Partial(CampaignSchema);
export const CampaignDetailPartialSchema = Type.Partial(CampaignDetailSchema);
