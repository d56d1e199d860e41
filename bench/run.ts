/**
 * `npm run bench`: every benchmark, one JSON line per figure. Measures and reports; never fails on
 * a slow machine. Set BENCH_DATABASE_URL=postgres://… to add the PostgreSQL figures.
 */
import { run as runAnalysis } from './analysis.bench.ts';
import { run as runAnalytics } from './analytics.bench.ts';
import { run as runBlobs } from './blobs.bench.ts';
import { run as runCampaigns } from './campaigns.bench.ts';
import { run as runDashboard } from './dashboard.bench.ts';
import { run as runDnsbl } from './dnsbl.bench.ts';
import { run as runEmailsList } from './emails-list.bench.ts';
import { run as runHttp } from './http.bench.ts';
import { run as runListQuery } from './list-query.bench.ts';
import { run as runMailboxDnsRefresh } from './mailbox-dns-refresh.bench.ts';
import { run as runParse } from './parse.bench.ts';
import { run as runReports } from './reports.bench.ts';
import { run as runSmtpIngest } from './smtp-ingest.bench.ts';
import { run as runWebhooks } from './webhooks.bench.ts';
import { run as runWarmupPlacement } from './warmup-placement.bench.ts';
import { run as runWarmupPlan } from './warmup-plan.bench.ts';
import { run as runWarmupSend } from './warmup-send.bench.ts';
import { run as runWarmupMemory } from './warmup-memory.bench.ts';

await runHttp();
await runListQuery();
await runBlobs();
await runParse();
await runSmtpIngest();
await runAnalysis();
await runEmailsList();
await runDnsbl();
await runMailboxDnsRefresh();
await runCampaigns();
await runWebhooks();
await runAnalytics();
await runReports();
await runWarmupPlan();
await runWarmupSend();
await runWarmupMemory();
await runWarmupPlacement();
await runDashboard();
