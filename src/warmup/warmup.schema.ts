/**
 * Request and response schemas of `/api/v1/warmup` and `/api/v1/stats` (CONTRACT.md §2, seed "Warm-up"
 * and "Stats"). Bodies are validated strictly (no coercion, no unknown fields): a bad value is a 400
 * naming the field. The response schemas also serialise: nothing unlisted reaches a client.
 */
import { Type, type Static } from '@sinclair/typebox';

const MailboxId = Type.String({ minLength: 1, maxLength: 100, description: 'The mailbox (GET /api/v1/mailboxes lists yours).' });
const Mode = Type.Union([Type.Literal('slow'), Type.Literal('balanced'), Type.Literal('aggressive'), Type.Literal('recovery')], {
  description: 'slow (2→20/day, bounce limit 0.5 %), balanced (5→40, 1 %), aggressive (10→80, 2 %), recovery (1→15, 0.3 %).',
});
const Hour = (description: string) => Type.Integer({ minimum: 0, maximum: 23, description });
const Percent = (description: string) => Type.Integer({ minimum: 0, maximum: 100, description });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const WarmupQuery = Type.Object({ mailbox_id: MailboxId }, { additionalProperties: false });
export type WarmupQuery = Static<typeof WarmupQuery>;

export const StatsQuery = Type.Object(
  {
    mailbox_id: MailboxId,
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, description: 'Days back, today included. Default 7, at most 90.' })),
  },
  { additionalProperties: false },
);
export type StatsQuery = Static<typeof StatsQuery>;

export const ConfigInput = Type.Object(
  {
    warmup_mode: Type.Optional(Mode),
    target_daily_limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 80, description: "Caps the ramp; at most the mode's max/day." })),
    reply_rate: Type.Optional(Percent('Percent of received warm-up mail answered.')),
    thread_rate: Type.Optional(Percent('Percent of answers that get a further reply (thread continuation).')),
    weekdays_only: Type.Optional(Type.Boolean({ description: "true: send nothing on Saturdays and Sundays (in the mailbox's time zone)." })),
    send_window_start: Type.Optional(Hour('First hour of sending, local time (0–23); before send_window_end.')),
    send_window_end: Type.Optional(Hour('Hour at which sending stops, local time (0–23).')),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'IANA time zone of the send window and the daily stats, e.g. Europe/Paris. Default UTC.' })),
  },
  { additionalProperties: false },
);
export type ConfigInput = Static<typeof ConfigInput>;

export const WarmupActionBody = Type.Object(
  {
    mailbox_id: MailboxId,
    action: Type.Union([Type.Literal('pause'), Type.Literal('resume'), Type.Literal('update_config')], { description: 'pause, resume or update_config.' }),
    config: Type.Optional(ConfigInput),
  },
  { additionalProperties: false },
);
export type WarmupActionBody = Static<typeof WarmupActionBody>;

const ConfigFields = {
  target_daily_limit: Type.Integer(),
  reply_rate: Type.Integer(),
  thread_rate: Type.Integer(),
  weekdays_only: Type.Boolean(),
  send_window_start: Type.Integer(),
  send_window_end: Type.Integer(),
  timezone: Type.String({ description: 'Beyond the seed: the zone of the send window and the daily stats.' }),
};

const Reason = Type.Object({ code: Type.String(), message: Type.String(), impact: Type.Number({ description: 'Points this reason costs (≤ 0).' }) });

export const WarmupStatusSchema = Type.Object({
  mailbox_id: Type.String(),
  email: Type.String(),
  status: Type.String({ description: 'active, paused or error.' }),
  health_score: Type.Number(),
  daily_limit: Type.Integer(),
  warmup_day: Type.Integer(),
  warmup_mode: Type.String(),
  config: Type.Object(ConfigFields),
  recent_emails: Type.Array(
    Type.Object({
      id: Type.String(),
      status: Type.String({ description: 'scheduled, sent, failed or bounced.' }),
      landed_in: Nullable(Type.String({ description: 'inbox, spam, promotions or missing; null until located.' })),
      subject: Type.String(),
      scheduled_at: Type.String({ format: 'date-time' }),
      sent_at: Nullable(Type.String({ format: 'date-time' })),
      bounce_type: Nullable(Type.String()),
      bounce_category: Nullable(Type.String()),
    }),
  ),
  // Beyond the seed:
  warmup_started_at: Nullable(Type.String({ format: 'date-time' })),
  paused_reason: Nullable(Type.String({ description: 'Why warm-up is paused, in words (the bounce limit, or a pause through the API).' })),
  connection_error: Nullable(Type.String({ description: 'The server answer that put the mailbox in error.' })),
  health: Type.Object({
    score: Type.Number(),
    confident: Type.Boolean({ description: 'false until 20 warm-up messages were located in the last 7 days.' }),
    reasons: Type.Array(Reason, { description: 'The top reasons behind the score, largest impact first.' }),
  }),
});

export const WarmupActionResponse = Type.Object({
  success: Type.Boolean(),
  message: Type.String(),
  config: Type.Object({ warmup_mode: Type.String(), ...ConfigFields }),
});

export const StatsResponse = Type.Object({
  mailbox_id: Type.String(),
  period: Type.String({ description: 'e.g. "7d".' }),
  stats: Type.Array(
    Type.Object({
      date: Type.String({ description: "Local date in the mailbox's time zone, oldest first." }),
      sent: Type.Integer(),
      delivered: Type.Integer(),
      opened: Type.Integer(),
      replied: Type.Integer(),
      bounced: Type.Integer(),
      spam_landed: Type.Integer(),
      inbox_rate: Type.String({ description: 'Percent of sent that landed in the inbox, two decimals.' }),
      bounce_rate: Type.String(),
      reply_rate: Type.String(),
      health_score: Type.String(),
    }),
  ),
});
