/**
 * Shared set-up for report tests: an app that receives mail for the test domain (and optionally
 * relays outbound mail to an SMTP sink), a tenant with report permissions, and helpers to read
 * downloaded PDFs back as text with pdftotext (poppler-utils).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../support/app.ts';
import { callerFor, createTenant, DOMAIN, type Caller, type Tenant } from '../emails/support.ts';

export async function reportsTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  return createTestApp({ env: { HONEYPOT_DOMAINS: DOMAIN, ...env } });
}

export interface ReportTenant extends Tenant {
  /** A caller whose key holds reports:read and reports:write only. */
  reports: Caller;
}

export async function createReportTenant(t: TestApp, honeypots = 1): Promise<ReportTenant> {
  const tenant = await createTenant(t, honeypots);
  const key = await t.createKey(tenant.id, ['reports:read', 'reports:write']);
  return { ...tenant, reports: callerFor(t, key) };
}

/** The text of a PDF, as pdftotext reads it (layout kept, so table rows stay on one line). */
export function pdfToText(bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-report-'));
  try {
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Number of pages, from pdfinfo. */
export function pdfPages(bytes: Buffer): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-report-'));
  try {
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, bytes);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** RFC 4180 parser for the tests (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
