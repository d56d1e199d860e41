/**
 * Every page of the dashboard: its path pattern, its navigation entry, and its code (loaded on
 * first visit, so the initial download stays small). Pages receive the path's `:params`.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface PageProps {
  params: Record<string, string>;
}

export interface RouteEntry {
  pattern: string;
  page: LazyExoticComponent<ComponentType<PageProps>>;
  /** Shown in the sidebar when set, under `group`. */
  nav?: { label: string; group: 'Threat intelligence' | 'Deliverability' | 'Settings' | '' };
}

export const routes: RouteEntry[] = [
  { pattern: '/', page: lazy(() => import('./pages/overview.tsx')), nav: { label: 'Overview', group: '' } },
  { pattern: '/honeypots', page: lazy(() => import('./pages/honeypots.tsx')), nav: { label: 'Honeypots', group: 'Threat intelligence' } },
  { pattern: '/honeypots/:id', page: lazy(() => import('./pages/honeypot-detail.tsx')) },
  { pattern: '/emails', page: lazy(() => import('./pages/emails.tsx')), nav: { label: 'Emails', group: 'Threat intelligence' } },
  { pattern: '/emails/:id', page: lazy(() => import('./pages/email-detail.tsx')) },
  { pattern: '/campaigns', page: lazy(() => import('./pages/campaigns.tsx')), nav: { label: 'Campaigns', group: 'Threat intelligence' } },
  { pattern: '/campaigns/:id', page: lazy(() => import('./pages/campaign-detail.tsx')) },
  { pattern: '/reports', page: lazy(() => import('./pages/reports.tsx')), nav: { label: 'Reports', group: 'Threat intelligence' } },
  { pattern: '/webhooks', page: lazy(() => import('./pages/webhooks.tsx')), nav: { label: 'Webhooks', group: 'Threat intelligence' } },
  { pattern: '/webhooks/:id', page: lazy(() => import('./pages/webhook-detail.tsx')) },
  { pattern: '/mailboxes', page: lazy(() => import('./pages/mailboxes.tsx')), nav: { label: 'Mailboxes', group: 'Deliverability' } },
  { pattern: '/mailboxes/:id', page: lazy(() => import('./pages/mailbox-detail.tsx')) },
  { pattern: '/api-keys', page: lazy(() => import('./pages/api-keys.tsx')), nav: { label: 'API keys', group: 'Settings' } },
  { pattern: '/profile', page: lazy(() => import('./pages/profile.tsx')), nav: { label: 'Profile & audit log', group: 'Settings' } },
];
