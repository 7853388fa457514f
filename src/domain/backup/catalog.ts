import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface TableInfo {
  name: string;
  columns: { name: string; type: string }[];
  hasBusinessId: boolean;
}

/** Tables the migrations keep for themselves; a restore rebuilds them by running the migrations. */
const NOT_DATA = new Set(['schema_migrations']);

/** Every data table of the current schema with its stored (non-generated) columns, in column order. */
export async function dataTables(db: Kysely<DB>): Promise<TableInfo[]> {
  const r = await sql<{ table: string; column: string; type: string }>`
    select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     where c.relkind in ('r', 'p') and n.nspname = current_schema()
     order by c.relname, a.attnum`.execute(db);
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
  const r = await sql<{ sequence: string; table: string; column: string }>`
    select s.relname as sequence, t.relname as table, a.attname as column
      from pg_class s
      join pg_namespace n on n.oid = s.relnamespace
      join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
      join pg_class t on t.oid = d.refobjid
      join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
     where s.relkind = 'S' and n.nspname = current_schema()
     order by t.relname, a.attname`.execute(db);
  return r.rows;
}

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}
