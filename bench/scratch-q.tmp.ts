import { DatabaseSync } from 'node:sqlite';
const db = new DatabaseSync('/tmp/lqbench/mailwarden.db');
const U = 'user_0000bench0000000000000000';
const q = (s: string, ...p: any[]) => db.prepare(s).all(...p);
console.log(q('select sqlite_version() v'));
for (const s of [
  'select count(*) from bench_items where user_id = ? and score >= ?',
  'select * from bench_items where user_id = ? and score >= ? order by created_at desc, id desc limit 25 offset 0',
]) console.log(s, q('explain query plan ' + s, U, 60));
function time(label: string, fn: () => void, n = 100) { for (let i = 0; i < 10; i++) fn(); const xs: number[] = []; for (let i = 0; i < n; i++) { const t = performance.now(); fn(); xs.push(performance.now() - t); } xs.sort((a, b) => a - b); console.log(label, 'p50', xs[n / 2]!.toFixed(2), 'p99', xs[Math.ceil(n * 0.99) - 1]!.toFixed(2)); }
const count = db.prepare('select count(*) n from bench_items where user_id = ? and score >= ?');
const page = db.prepare('select * from bench_items where user_id = ? and score >= ? order by created_at desc, id desc limit 25 offset 0');
time('count default', () => count.get(U, 60));
time('count int bind', () => count.get(U, 60n));
time('page', () => page.all(U, 60));
console.log(q('pragma cache_size'), q('pragma mmap_size'), q('pragma page_size'));
db.exec('pragma cache_size = -65536');
time('count cache64MB', () => count.get(U, 60));
db.exec('pragma mmap_size = 268435456');
time('count cache+mmap', () => count.get(U, 60));
db.exec('pragma cache_size = -2000');
time('count mmap only', () => count.get(U, 60));
