import { openDatabase } from '../src/platform/db/index.ts';
import { parseListQuery, runListQuery, type ListResource } from '../src/http/list-query.ts';
import { DatabaseSync } from 'node:sqlite';
const U = 'user_0000bench0000000000000000';
const resource: ListResource = { name: 'b', table: 'bench_items', fields: { id: { column: 'id', type: 'string' }, score: { column: 'score', type: 'integer' }, created_at: { column: 'created_at', type: 'timestamp', sortable: true } }, selectable: ['id'], timestampField: 'created_at' };
const db = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir: '/tmp/lqbench' });
const raw = new DatabaseSync('/tmp/lqbench/mailwarden.db');
const count = raw.prepare('select count(*) n from bench_items where user_id = ? and score >= ?');
const page = raw.prepare('select * from bench_items where user_id = ? and score >= ? order by created_at desc, id desc limit 25 offset 0');
const samples: Record<string, number[]> = { list: [], rawCount: [], rawBoth: [] };
for (let i = 0; i < 330; i++) {
  let t = performance.now();
  await runListQuery(db, resource, parseListQuery(resource, { score: 'gte:60', sort: 'created_at:desc', limit: '25' }), (qb) => qb.where('user_id', '=', U));
  if (i >= 30) samples.list!.push(performance.now() - t);
  t = performance.now(); count.get(U, 60); if (i >= 30) samples.rawCount!.push(performance.now() - t);
  t = performance.now(); count.get(U, 60); page.all(U, 60); if (i >= 30) samples.rawBoth!.push(performance.now() - t);
}
for (const [k, xs] of Object.entries(samples)) { xs.sort((a, b) => a - b); console.log(k, 'p50', xs[150]!.toFixed(2), 'p90', xs[270]!.toFixed(2), 'p99', xs[296]!.toFixed(2), 'max', xs[299]!.toFixed(2)); }
await db.close();
