/**
 * The analysis hook that records where each analysed email came from (glossary of types.ts):
 * the SMTP client's address for mail received over SMTP; for mail posted over HTTP, the oldest public
 * address of its Received chain (the analyser's notion of origin, analysis/sender/received.ts).
 * Country and AS come from the offline databases (geoip.ts). Runs inside the transaction that stores
 * the analysis; the rollup triggers then count the email in `analytics_geo_daily`.
 */
import type { AnalysisHook } from '../analysis/analysis.jobs.ts';
import type { ClaimedEmail } from '../analysis/analysis.repo.ts';
import { readReceivedChain } from '../analysis/sender/received.ts';
import type { StoredHeaders } from '../emails/emails.model.ts';
import type { DbExecutor } from '../platform/db/index.ts';
import type { GeoIpResult } from './geoip.ts';
import { UNKNOWN_COUNTRY } from './geoip.ts';

/** What the hook needs of GeoIp (injected; tests may pass the real one or a stand-in). */
export interface GeoLookup {
  lookup(ip: string): GeoIpResult;
}

/** Received lines past this many are not read (a forged chain can be long). */
const MAX_RECEIVED = 50;

export function analyticsOriginHook(geo: GeoLookup): AnalysisHook {
  return async (trx, rows) => {
    const httpIds = rows.filter((r) => r.transport === 'http').map((r) => r.id);
    const headers = await receivedHeaders(trx, httpIds);
    const byOrigin = new Map<string, string[]>();
    for (const row of rows) {
      const ip = originIpOf(row, headers.get(row.id) ?? []) ?? '';
      const ids = byOrigin.get(ip);
      if (ids === undefined) byOrigin.set(ip, [row.id]);
      else ids.push(row.id);
    }
    for (const [ip, ids] of byOrigin) {
      const where = ip === '' ? { country_code: UNKNOWN_COUNTRY, asn: null, as_org: null } : geo.lookup(ip);
      await trx.updateTable('emails')
        .set({ origin_ip: ip === '' ? null : ip, origin_country: where.country_code, origin_asn: where.asn, origin_as_org: where.as_org })
        .where('id', 'in', ids)
        .execute();
    }
  };
}

/** The origin address of one email, or null when there is none to tell. */
export function originIpOf(row: Pick<ClaimedEmail, 'transport' | 'smtp_ip'>, received: readonly string[]): string | null {
  if (row.transport === 'smtp') return row.smtp_ip;
  return readReceivedChain(received.slice(0, MAX_RECEIVED), 0).origin?.ip ?? null;
}

/** Received header values (top first) of the given emails, from the stored header fields. */
async function receivedHeaders(trx: DbExecutor, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await trx.selectFrom('emails').select(['id', 'headers']).where('id', 'in', [...ids]).execute();
  for (const row of rows) {
    const stored = JSON.parse(row.headers) as Partial<StoredHeaders>;
    out.set(row.id, (stored.fields ?? []).filter((h) => h.name.toLowerCase() === 'received').map((h) => h.value));
  }
  return out;
}
