import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ownedSequenceRows, tableColumns } from './repository.js';

export { quoteIdent } from './repository.js';

export interface TableInfo {
  name: string;
  columns: { name: string; type: string }[];
  hasBusinessId: boolean;
}

/** Tables the migrations keep for themselves; a restore rebuilds them by running the migrations. */
const NOT_DATA = new Set(['schema_migrations']);

/** Every data table of the current schema with its stored (non-generated) columns, in column order. */
export async function dataTables(db: Kysely<DB>): Promise<TableInfo[]> {
  const r = await tableColumns().execute(db);
  const byName = new Map<string, TableInfo>();
  for (const row of r.rows) {
    if (NOT_DATA.has(row.table)) continue;
    let t = byName.get(row.table);
    if (!t) byName.set(row.table, (t = { name: row.table, columns: [], hasBusinessId: false }));
    t.columns.push({ name: row.column, type: row.type });
    if (row.column === 'business_id') t.hasBusinessId = true;
  }
  // businesses first: only for readability of the file; the restore does not depend on order.
  return [...byName.values()].sort((a, b) => (a.name === 'businesses' ? -1 : b.name === 'businesses' ? 1 : a.name.localeCompare(b.name)));
}

/** Sequences owned by a table column (identity and serial), with their table and column. */
export async function ownedSequences(db: Kysely<DB>): Promise<{ sequence: string; table: string; column: string }[]> {
  return (await ownedSequenceRows().execute(db)).rows;
}
