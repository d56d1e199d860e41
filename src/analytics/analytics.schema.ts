/**
 * TypeBox schemas of `/v1/analytics/*` (validation, serialization and the published OpenAPI).
 * Query parameters are plain strings here: the service checks them and answers 422 naming the field
 * (an unknown period or group_by is well-formed input it cannot apply, not a malformed request).
 */
import { Type, type TSchema } from '@sinclair/typebox';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Count = Type.Integer({ minimum: 0 });
const Change = nullable(Type.Number({ description: 'Percent change against the previous period, one decimal; null when the previous figure is 0.' }));

const ApiKeyParam = Type.Optional(Type.String({ description: 'The API key, when not sent as a Bearer header.' }));

export const PeriodQuerySchema = {
  period: Type.Optional(Type.String({ description: '24h, 7d, 30d, 90d, 365d (each ending now) or custom. Default 30d.' })),
  start_date: Type.Optional(Type.String({ description: 'With period=custom: YYYY-MM-DD (midnight UTC) or an ISO-8601 date-time with a zone; inclusive.' })),
  end_date: Type.Optional(Type.String({ description: 'With period=custom: YYYY-MM-DD (the whole day counts) or an ISO-8601 date-time (exclusive). At most 366 days after start_date.' })),
  api_key: ApiKeyParam,
};

const PeriodSchema = Type.Object({
  start: Type.String({ format: 'date-time', description: 'Inclusive.' }),
  end: Type.String({ format: 'date-time', description: 'Exclusive.' }),
});
const ResolvedPeriodSchema = Type.Object({ ...PeriodSchema.properties, preset: Type.String({ description: 'The period parameter used (custom for explicit dates).' }) });

const totalsProperties = {
  emails: Type.Integer({ minimum: 0, description: 'Emails received in the period, pending analysis included.' }),
  analysed: Type.Integer({ minimum: 0, description: 'Emails with scores.' }),
  threats: Type.Integer({ minimum: 0, description: 'Emails classified THREAT or CRITICAL.' }),
  malware: Type.Integer({ minimum: 0, description: 'Emails whose threat type is malware (highest of the three scores, at least 40).' }),
  phishing: Count,
  spam: Count,
  clean: Type.Integer({ minimum: 0, description: 'Analysed emails with no score of 40 or more.' }),
  avg_threat_score: nullable(Type.Number({ description: 'Mean threat_score of analysed emails, one decimal.' })),
  honeypots_hit: Type.Integer({ minimum: 0, description: 'Honeypots that received mail in the period.' }),
  new_campaigns: Type.Integer({ minimum: 0, description: 'Campaigns whose first message falls in the period.' }),
};
const OverviewTotalsSchema = Type.Object(totalsProperties);
const ChangesSchema = Type.Object(Object.fromEntries(Object.keys(totalsProperties).map((k) => [k, Change])));

export const ClassificationSchema = Type.Object({ CLEAN: Count, LOW_RISK: Count, SUSPICIOUS: Count, THREAT: Count, CRITICAL: Count });
export const ThreatTypesSchema = Type.Object({ malware: Count, phishing: Count, spam: Count, clean: Count });

export const TimeSeriesSchema = Type.Object({
  granularity: Type.Union([Type.Literal('hour'), Type.Literal('day')], { description: 'Hourly for periods up to 48 hours, daily otherwise (UTC).' }),
  buckets: Type.Array(Type.Object({
    start: Type.String({ format: 'date-time' }),
    emails: Count, threats: Count, malware: Count, phishing: Count, spam: Count,
  })),
});

export const OverviewSchema = Type.Object({
  period: ResolvedPeriodSchema,
  totals: OverviewTotalsSchema,
  classification: ClassificationSchema,
  threat_types: ThreatTypesSchema,
  time_series: TimeSeriesSchema,
  comparison: nullable(Type.Object({ previous_period: PeriodSchema, previous_totals: OverviewTotalsSchema, changes: ChangesSchema }, { description: 'With compare=true; null otherwise.' })),
});

export const ThreatDistributionSchema = Type.Object({
  period: ResolvedPeriodSchema,
  group_by: Type.Union([Type.Literal('type'), Type.Literal('score'), Type.Literal('severity')]),
  emails: Type.Integer({ minimum: 0, description: 'Emails received, pending included.' }),
  analysed: Type.Integer({ minimum: 0, description: 'Emails with scores; the buckets add up to this.' }),
  buckets: Type.Array(Type.Object({
    key: Type.String({ description: 'type: malware, phishing, spam, clean; score: 0-9 … 90-100; severity: CLEAN … CRITICAL.' }),
    emails: Count,
    percent: Type.Number({ description: 'Share of analysed emails, one decimal.' }),
  })),
});

export const GeographicSchema = Type.Object({
  period: ResolvedPeriodSchema,
  located_emails: Type.Integer({ minimum: 0, description: 'Emails whose origin is known (stored with the analysis).' }),
  countries: Type.Array(Type.Object({
    country_code: Type.String({ description: 'ISO 3166-1 alpha-2; ZZ when the origin has no country (private address, unknown).' }),
    country_name: Type.String(),
    emails: Count, threats: Count,
    percent: Type.Number({ description: 'Share of located emails, one decimal.' }),
  })),
  asns: Type.Array(Type.Object({
    asn: Type.Integer(), as_org: nullable(Type.String()), emails: Count, threats: Count,
    percent: Type.Number({ description: 'Share of located emails, one decimal.' }),
  })),
});
