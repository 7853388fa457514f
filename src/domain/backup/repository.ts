import { sql } from 'kysely';
import { sqlSamples } from '../../db/sql-samples.js';

/**
 * The SQL of backups and restores. Backups read the catalogue (every table, column, sequence and
 * foreign key), not named tables, so that a new migration is backed up without a change here;
 * the statements are `sql` templates (they need no Kysely instance to be built).
 */

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Every stored (non-generated) column of every table of the current schema, in column order. */
export function tableColumns() {
  return sql<{ table: string; column: string; type: string }>`
    select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     where c.relkind in ('r', 'p') and n.nspname = current_schema()
     order by c.relname, a.attnum`;
}

/** Sequences owned by a table column (identity and serial), with their table and column. */
export function ownedSequenceRows() {
  return sql<{ sequence: string; table: string; column: string }>`
    select s.relname as sequence, t.relname as table, a.attname as column
      from pg_class s
      join pg_namespace n on n.oid = s.relnamespace
      join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
      join pg_class t on t.oid = d.refobjid
      join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
     where s.relkind = 'S' and n.nspname = current_schema()
     order by t.relname, a.attname`;
}

/** The migrations a database has applied. */
export function appliedMigrations() {
  return sql<{ name: string }>`select name from schema_migrations order by name`;
}

/** The businesses a backup holds: all, or the one of a one-business backup. */
export function businessesInScope(only: number | null) {
  return sql<{ id: number; name: string }>`select id, name from businesses ${only === null ? sql`` : sql`where id = ${only}`} order by id`;
}

/** A cursor over one table's rows, each a JSON array of its columns' text (of one business when `only`). */
export function declareRowCursor(table: string, columns: string[], only: number | null) {
  const values = sql.raw(columns.map((c) => `${quoteIdent(c)}::text`).join(', '));
  const key = table === 'businesses' ? 'id' : 'business_id';
  const where = only === null ? sql`` : sql`where ${sql.ref(key)} = ${only}`;
  return sql`declare backup_rows no scroll cursor for
    select json_build_array(${values})::text as r from ${sql.table(table)} ${where}`;
}

export function fetchRows(count: number) {
  return sql<{ r: string }>`fetch forward ${sql.raw(String(Math.trunc(count)))} from backup_rows`;
}

export function closeRowCursor() {
  return sql`close backup_rows`;
}

/** A sequence's position. */
export function sequencePosition(sequence: string) {
  return sql<{ v: string; c: boolean }>`select last_value::text as v, is_called as c from ${sql.table(sequence)}`;
}

/** How many relations the current schema holds (a restore goes only into an empty database). */
export function relationCount() {
  return sql<{ n: number }>`
    select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm', 'S')`;
}

/** The migrations' own bookkeeping table, created by a restore before it replays them. */
export function createMigrationsTable() {
  return sql`create table schema_migrations (name text primary key, applied_at timestamptz not null default now())`;
}

export function recordMigration(name: string) {
  return sql`insert into schema_migrations (name) values (${name})`;
}

/** Rows go in as they were: no trigger fires while `replica` is on (the load checks foreign keys itself). */
export function setReplicationRole(role: 'replica' | 'origin') {
  return role === 'replica' ? sql`set local session_replication_role = replica` : sql`set local session_replication_role = origin`;
}

/** Rows of one table from a JSON array of JSON arrays of text, each cast to its column's type. */
export function insertJsonRows(table: string, columns: string[], types: string[], rowsJson: string) {
  const names = sql.raw(columns.map(quoteIdent).join(', '));
  const casts = sql.raw(columns.map((_, i) => `(r->>${i})::${types[i]}`).join(', '));
  return sql`insert into ${sql.table(table)} (${names}) select ${casts} from json_array_elements(${rowsJson}::json) r`;
}

/** Every foreign key of the current schema, with the columns on each side in order. */
export function foreignKeys() {
  return sql<{ name: string; child: string; parent: string; child_cols: string; parent_cols: string }>`
    select k.conname as name, cl.relname as child, pl.relname as parent,
           (select string_agg(a.attname, ',' order by u.i) from unnest(k.conkey) with ordinality u(n, i)
              join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n) as child_cols,
           (select string_agg(a.attname, ',' order by u.i) from unnest(k.confkey) with ordinality u(n, i)
              join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n) as parent_cols
      from pg_constraint k
      join pg_class cl on cl.oid = k.conrelid
      join pg_class pl on pl.oid = k.confrelid
      join pg_namespace n on n.oid = cl.relnamespace
     where k.contype = 'f' and n.nspname = current_schema()
     order by k.conname`;
}

/** Rows of `child` whose (non-null) key matches no row of `parent`. */
export function danglingRowCount(child: string, parent: string, childCols: string[], parentCols: string[]) {
  const notNull = sql.raw(childCols.map((c) => `c.${quoteIdent(c)} is not null`).join(' and '));
  const match = sql.raw(childCols.map((c, i) => `p.${quoteIdent(parentCols[i]!)} = c.${quoteIdent(c)}`).join(' and '));
  return sql<{ n: number }>`select count(*)::int as n from ${sql.table(child)} c
      where ${notNull} and not exists (select 1 from ${sql.table(parent)} p where ${match})`;
}

export function maxColumnValue(table: string, column: string) {
  return sql<{ m: string | null }>`select max(${sql.ref(column)})::text as m from ${sql.table(table)}`;
}

/** Sets the sequence of `table.column` to `value` (the next id is value + 1 when `isCalled`). */
export function setSequence(table: string, column: string, value: string, isCalled: boolean) {
  return sql`select setval(pg_get_serial_sequence(${quoteIdent(table)}, ${column}), ${value}::bigint, ${isCalled})`;
}

export function businessIds() {
  return sql<{ id: number }>`select id from businesses order by id`;
}

export function utcTimezone() {
  return sql`set local timezone = 'UTC'`;
}

export function readOnlyTransaction() {
  return sql`set transaction read only`;
}

/** Flushes PGlite's dirty pages to its data files before they are copied. */
export function checkpoint() {
  return sql`checkpoint`;
}

/** The session settings under which a backup reads values as text: UTC, ISO dates, hex bytea, exact floats. */
export function textOutputSettings() {
  return [
    utcTimezone(),
    sql`set local datestyle = 'ISO, YMD'`,
    sql`set local intervalstyle = 'iso_8601'`,
    sql`set local bytea_output = 'hex'`,
    sql`set local extra_float_digits = 3`,
  ];
}

export const SQL_SAMPLES = sqlSamples({
  tableColumns: () => tableColumns(),
  ownedSequenceRows: () => ownedSequenceRows(),
  appliedMigrations: () => appliedMigrations(),
  businessesInScope: () => businessesInScope(1),
  declareRowCursor: () => declareRowCursor('products', ['business_id', 'id', 'name'], 1),
  fetchRows: () => fetchRows(500),
  closeRowCursor: () => closeRowCursor(),
  sequencePosition: () => sequencePosition('products_id_seq'),
  relationCount: () => relationCount(),
  createMigrationsTable: () => createMigrationsTable(),
  recordMigration: () => recordMigration('0001_init.sql'),
  setReplicationRole: () => setReplicationRole('replica'),
  insertJsonRows: () => insertJsonRows('units', ['business_id', 'id', 'name'], ['bigint', 'bigint', 'text'], '[["1","1","عدد"]]'),
  foreignKeys: () => foreignKeys(),
  danglingRowCount: () => danglingRowCount('products', 'units', ['business_id', 'unit_id'], ['business_id', 'id']),
  maxColumnValue: () => maxColumnValue('products', 'id'),
  setSequence: () => setSequence('products', 'id', '42', true),
  businessIds: () => businessIds(),
  utcTimezone: () => utcTimezone(),
  readOnlyTransaction: () => readOnlyTransaction(),
  checkpoint: () => checkpoint(),
  textOutputSettings: () => sql.join(textOutputSettings(), sql`; `),
});
