/**
 * Column helpers so one migration produces the same schema on both engines.
 */
import { sql, type ColumnDefinitionBuilder } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';

/**
 * Text columns compare byte-wise on both engines. SQLite's default collation is BINARY; PostgreSQL's
 * default follows the OS locale (which ignores punctuation and case when sorting), so we pin "C".
 */
export function byteText(engine: DatabaseEngine) {
  return (col: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    engine === 'postgres' ? col.modifyEnd(sql`collate "C"`) : col;
}

export function notNullByteText(engine: DatabaseEngine) {
  return (col: ColumnDefinitionBuilder): ColumnDefinitionBuilder => byteText(engine)(col.notNull());
}
