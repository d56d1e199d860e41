/**
 * Every page of the dashboard: its path pattern, its navigation entry, and its code (loaded on
 * first visit, so the initial download stays small). Pages receive the path's `:params`.
 *
 * Pages are loaded by `loadPage` and rendered directly once loaded, not through React.lazy: a lazy
 * component behind Suspense is held back ~300 ms after its chunk arrives (React's fallback
 * throttle), which was most of the email list's time to first page.
 */
import type { ComponentType } from 'react';
import { matchRoute } from './router.tsx';

export interface PageProps {
  params: Record<string, string>;
}

export interface RouteEntry {
  pattern: string;
  load: () => Promise<{ default: ComponentType<PageProps> }>;
  /** Shown in the sidebar when set, under `group`. */
  nav?: { label: string; group: 'Threat intelligence' | 'Deliverability' | 'Settings' | '' };
}

export const routes: RouteEntry[] = [
  { pattern: '/', load: () => import('./pages/overview.tsx'), nav: { label: 'Overview', group: '' } },
  { pattern: '/honeypots', load: () => import('./pages/honeypots.tsx'), nav: { label: 'Honeypots', group: 'Threat intelligence' } },
  { pattern: '/honeypots/:id', load: () => import('./pages/honeypot-detail.tsx') },
  { pattern: '/emails', load: () => import('./pages/emails.tsx'), nav: { label: 'Emails', group: 'Threat intelligence' } },
  { pattern: '/emails/:id', load: () => import('./pages/email-detail.tsx') },
  { pattern: '/campaigns', load: () => import('./pages/campaigns.tsx'), nav: { label: 'Campaigns', group: 'Threat intelligence' } },
  { pattern: '/campaigns/:id', load: () => import('./pages/campaign-detail.tsx') },
  { pattern: '/reports', load: () => import('./pages/reports.tsx'), nav: { label: 'Reports', group: 'Threat intelligence' } },
  { pattern: '/webhooks', load: () => import('./pages/webhooks.tsx'), nav: { label: 'Webhooks', group: 'Threat intelligence' } },
  { pattern: '/webhooks/:id', load: () => import('./pages/webhook-detail.tsx') },
  { pattern: '/mailboxes', load: () => import('./pages/mailboxes.tsx'), nav: { label: 'Mailboxes', group: 'Deliverability' } },
  { pattern: '/mailboxes/:id', load: () => import('./pages/mailbox-detail.tsx') },
  { pattern: '/api-keys', load: () => import('./pages/api-keys.tsx'), nav: { label: 'API keys', group: 'Settings' } },
  { pattern: '/profile', load: () => import('./pages/profile.tsx'), nav: { label: 'Profile & audit log', group: 'Settings' } },
];

const loaded = new Map<RouteEntry, ComponentType<PageProps>>();

/** The page's component if its code is already here (render it without waiting). */
export function loadedPage(route: RouteEntry): ComponentType<PageProps> | undefined {
  return loaded.get(route);
}

/** Loads a page's code once; later calls resolve at once. */
export async function loadPage(route: RouteEntry): Promise<ComponentType<PageProps>> {
  const cached = loaded.get(route);
  if (cached !== undefined) return cached;
  const module = await route.load();
  loaded.set(route, module.default);
  return module.default;
}

/** The route for a path and its `:params`, if any. */
export function findRoute(path: string): { route: RouteEntry; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const params = matchRoute(route.pattern, path);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}
