/**
 * The analysis hook that records where each analysed email came from (glossary of types.ts):
 * the SMTP client's address for mail received over SMTP; for mail posted over HTTP, the oldest public
 * address of its Received chain (the analyser's notion of origin, analysis/sender/received.ts).
 * Country and AS come from the offline databases (geoip.ts). Runs inside the transaction that stores
 * the analysis; the rollup triggers then count the email in `analytics_geo_daily`.
 */
import type { AnalysisHook } from '../analysis/analysis.jobs.ts';
import type { ClaimedEmail } from '../analysis/analysis.repo.ts';
import type { GeoIpResult } from './geoip.ts';
import { UNKNOWN_COUNTRY } from './geoip.ts';

/** What the hook needs of GeoIp (injected; tests may pass the real one or a stand-in). */
export interface GeoLookup {
  lookup(ip: string): GeoIpResult;
}

export function analyticsOriginHook(geo: GeoLookup): AnalysisHook {
  return async (trx, rows, result) => {
    const byOrigin = new Map<string, string[]>();
    for (const row of rows) {
      const ip = originIpOf(row, result.receivedOriginIp) ?? '';
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

/**
 * The origin address of one email, or null when there is none to tell: the SMTP client for mail
 * received over SMTP, else `receivedOriginIp` (the analysis's reading of the Received chain).
 */
export function originIpOf(row: Pick<ClaimedEmail, 'transport' | 'smtp_ip'>, receivedOriginIp: string | null): string | null {
  return row.transport === 'smtp' ? row.smtp_ip : receivedOriginIp;
}
