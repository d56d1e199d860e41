/**
 * `npm run bench`: every benchmark, one JSON line per figure. Measures and reports; never fails on
 * a slow machine. Set BENCH_DATABASE_URL=postgres://… to add the PostgreSQL figures.
 */
import { run as runHttp } from './http.bench.ts';
import { run as runListQuery } from './list-query.bench.ts';

await runHttp();
await runListQuery();
