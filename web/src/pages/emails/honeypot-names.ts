/**
 * Honeypot addresses for the ids a page shows: lists carry `honeypot_id` only. The first 100
 * honeypots (by address) feed the filter menu; ids not among them are looked up with `id=in:…`.
 */
import { useEffect, useState } from 'react';
import { threatPage } from '../../api.ts';
import { useApi } from '../../ui/hooks.ts';

export interface HoneypotName {
  id: string;
  email_address: string;
}

/** The first 100 honeypots by address (for filter menus). */
export function useHoneypotMenu() {
  return useApi(async (signal) => (await threatPage<HoneypotName>('/honeypots', { fields: 'id,email_address', sort: 'email_address:asc', limit: 100 }, signal)), []);
}

/** id → address for `ids`, starting from `known`; unknown ids are fetched (at most 100 at a time). */
export function useHoneypotNames(ids: readonly string[], known: readonly HoneypotName[] | undefined): Map<string, string> {
  const [extra, setExtra] = useState<Map<string, string>>(new Map());
  const names = new Map<string, string>(extra);
  for (const h of known ?? []) names.set(h.id, h.email_address);
  const missing = [...new Set(ids)].filter((id) => !names.has(id)).slice(0, 100);
  const key = known === undefined ? '' : missing.join(',');
  useEffect(() => {
    if (key === '') return;
    const controller = new AbortController();
    threatPage<HoneypotName>('/honeypots', { id: `in:${key}`, fields: 'id,email_address', limit: 100 }, controller.signal).then(
      (page) => setExtra((old) => new Map([...old, ...page.data.map((h) => [h.id, h.email_address] as const)])),
      () => undefined, // the id stays on screen instead of the address
    );
    return () => controller.abort();
  }, [key]);
  return names;
}
