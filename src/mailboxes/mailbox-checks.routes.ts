/**
 * `GET /api/v1/dns?mailbox_id=&refresh=` and `GET /api/v1/blacklist?mailbox_id=&refresh=` (CONTRACT.md §2).
 * Thin: the checks live in mailbox-checks.service.ts and src/checks/.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { principalOf } from '../http/types.ts';
import type { MailboxChecks } from './mailbox-checks.service.ts';
import { deliverabilityResponses } from './mailboxes.routes.ts';

const TAGS = ['Deliverability: DNS and blacklists'];
const SECURITY: Array<Record<string, string[]>> = [{ bearer: [] }];

const CheckQuery = Type.Object(
  {
    mailbox_id: Type.String({ minLength: 1, maxLength: 100, description: 'The mailbox whose domain / sending IP to check.' }),
    refresh: Type.Optional(Type.Boolean({ description: 'true: check live now. Default false: the cached result when fresh.' })),
  },
  { additionalProperties: false },
);
type CheckQuery = Static<typeof CheckQuery>;

/** A record's result: the documented `status` and `record`, plus the check's details. */
const RecordResult = (description: string) =>
  Type.Object(
    {
      status: Type.String({ description: 'pass, fail, missing, or unknown (the lookup failed; never reported as fail).' }),
      record: Type.Union([Type.String(), Type.Null()]),
    },
    { additionalProperties: true, description },
  );
const Loose = (description: string) => Type.Unknown({ description });

const DnsResponse = Type.Object({
  mailbox_id: Type.String(),
  domain: Type.String(),
  checked_at: Type.String({ format: 'date-time' }),
  source: Type.Union([Type.Literal('cached'), Type.Literal('live')]),
  spf: RecordResult('SPF: record, lookups (limit 10), void lookups (limit 2), the final all, and whether the sending IP passes.'),
  dkim: RecordResult('DKIM: the selector found (known or probed), key type and size, revoked or testing keys.'),
  dmarc: RecordResult('DMARC: policy, sp, pct, alignment, rua; where it was found (organisational-domain fallback).'),
  ip: Type.Union([Type.String(), Type.Null()], { description: 'The sending IP checked against SPF and for PTR.' }),
  mx: Loose('MX hosts and their addresses.'),
  ptr: Loose('Reverse DNS of the sending IP and whether it is forward-confirmed.'),
  problems: Type.Array(Type.Object({ code: Type.String(), severity: Type.String(), message: Type.String() }), {
    description: 'Findings a person can act on, most severe first.',
  }),
});

const BlacklistResponse = Type.Object({
  mailbox_id: Type.String(),
  domain: Type.String(),
  ip: Type.String(),
  checked_at: Type.String({ format: 'date-time' }),
  listed: Type.Boolean(),
  blacklists_found: Type.Array(
    Type.Object(
      {
        list: Type.String(),
        target: Type.String(),
        codes: Type.Array(Type.String()),
        reasons: Type.Array(Type.String()),
        details: Type.Array(Type.String()),
      },
      { description: 'A list that lists the IP (or the domain), with its return codes decoded.' },
    ),
  ),
  total_checked: Type.Integer({ description: 'Lists that answered; lists that timed out or refused are in errors, not counted.' }),
  source: Type.Union([Type.Literal('cached'), Type.Literal('live')]),
  lists_queried: Type.Integer(),
  errors: Type.Array(Type.Object({ list: Type.String(), error: Type.String() })),
});

export function mailboxChecksRoutes(checks: MailboxChecks): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: CheckQuery }>(
      '/dns',
      {
        schema: {
          tags: TAGS,
          summary: "SPF, DKIM and DMARC of a mailbox's domain",
          description: 'Cached (refreshed daily by the worker) unless refresh=true. Also MX, the sending IP\'s PTR, and problems to fix.',
          security: SECURITY,
          querystring: CheckQuery,
          response: deliverabilityResponses({ 200: DnsResponse }),
        },
      },
      async (request) => checks.dns(principalOf(request).user.id, request.query.mailbox_id, request.query.refresh === true),
    );

    app.get<{ Querystring: CheckQuery }>(
      '/blacklist',
      {
        schema: {
          tags: TAGS,
          summary: "DNS blacklist status of a mailbox's sending IP",
          description: 'Cached for 30 minutes unless refresh=true; a live scan queries the 12 configured IP lists (and the domain lists) at once.',
          security: SECURITY,
          querystring: CheckQuery,
          response: deliverabilityResponses({ 200: BlacklistResponse }, [503]),
        },
      },
      async (request) => checks.blacklist(principalOf(request).user.id, request.query.mailbox_id, request.query.refresh === true),
    );
  };
}
