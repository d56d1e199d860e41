/** Captured-email shapes as `GET /v1/emails[/:id]` returns them, from the SDK's generated types. */
import type * as Sdk from '@mailwarden/sdk';

export const CLASSIFICATIONS = ['CLEAN', 'LOW_RISK', 'SUSPICIOUS', 'THREAT', 'CRITICAL'] as const;

/** Whole shapes: the dashboard never asks for a `fields=` subset (the SDK types lists and `fields`-selectable gets as partial). */
export type EmailListItem = Required<Sdk.EmailListItem>;
export type EmailDetail = Required<Sdk.EmailDetail>;
export type Attachment = EmailDetail['attachments'][number];
export type Indicator = NonNullable<EmailDetail['threat_analysis']>['indicators'][number];

/** The badge class of a classification, matching ScoreBadge's bands. */
export function classificationBand(classification: string | null): string {
  switch (classification) {
    case 'CRITICAL': return 'critical';
    case 'THREAT': return 'high';
    case 'SUSPICIOUS': return 'medium';
    case 'LOW_RISK': return 'low';
    case 'CLEAN': return 'clean';
    default: return 'muted';
  }
}
