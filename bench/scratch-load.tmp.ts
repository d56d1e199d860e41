import fs from 'node:fs';
import { migrate, openDatabase, sqliteFile } from '../src/platform/db/index.ts';
import { loadSqlite } from './scratch-bench.tmp.ts';
const dataDir = '/tmp/lqbench';
fs.rmSync(dataDir, { recursive: true, force: true });
const setup = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
await migrate(setup); await setup.close();
console.log(loadSqlite(sqliteFile(dataDir)));
