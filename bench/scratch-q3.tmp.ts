import { DatabaseSync } from 'node:sqlite';
const raw = new DatabaseSync('/tmp/lqbench/mailwarden.db');
const U = 'user_0000bench0000000000000000';
raw.exec(`drop table if exists k2; create table k2 as select rowid as rid, case when user_id = '${U}' then 1 else 2 end as uid, score from bench_items; create index k2_idx on k2 (uid, score);`);
function time(label: string, fn: () => void, n = 200) { for (let i = 0; i < 20; i++) fn(); const xs: number[] = []; for (let i = 0; i < n; i++) { const t = performance.now(); fn(); xs.push(performance.now() - t); } xs.sort((a, b) => a - b); console.log(label, 'p50', xs[n / 2]!.toFixed(2), 'p99', xs[Math.ceil(n * 0.99) - 1]!.toFixed(2)); }
const textKey = raw.prepare('select count(*) n from bench_items where user_id = ? and score >= ?');
const intKey = raw.prepare('select count(*) n from k2 where uid = ? and score >= ?');
console.log(textKey.get(U, 60), intKey.get(1, 60));
time('text user_id key', () => textKey.get(U, 60));
time('integer user key', () => intKey.get(1, 60));
raw.exec('pragma cache_size = -65536; pragma mmap_size = 268435456');
time('text key + 64MB cache + mmap', () => textKey.get(U, 60));
time('int key + 64MB cache + mmap', () => intKey.get(1, 60));
const page = raw.prepare(`select * from bench_items where user_id = ? and score >= ? order by created_at desc, id desc limit 25 offset 0`);
const cnt2 = raw.prepare(`select count(*) from bench_items where user_id = ?`);
time('count all user rows (no score)', () => cnt2.get(U));
raw.exec('drop table k2');
