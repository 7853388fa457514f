import type { Expression, Insertable, Kysely } from 'kysely';
import type { AuditEntriesTable, DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/** The SQL of the history (audit_entries): writing entries and reading them back, newest first. */
type Db = Kysely<DB>;
export type AuditRow = Insertable<AuditEntriesTable>;

/** One history entry; `after`, when given, is an SQL expression (over the caller's other CTEs). */
export function insertAuditEntry(db: Db, row: AuditRow, after?: Expression<string | null>) {
  return db.insertInto('audit_entries').values(after ? { ...row, after } : row);
}

/** Many history entries in one statement. */
export function insertAuditEntries(db: Db, rows: AuditRow[]) {
  return db.insertInto('audit_entries').values(rows);
}

export interface HistoryFilter {
  userId?: number;
  entity?: string;
  entityId?: string;
}

function filteredEntries(db: Db, businessId: number, f: HistoryFilter) {
  let q = db.selectFrom('audit_entries as a').where('a.business_id', '=', businessId);
  if (f.userId !== undefined) q = q.where('a.user_id', '=', f.userId);
  if (f.entity !== undefined) q = q.where('a.entity', '=', f.entity);
  if (f.entityId !== undefined) q = q.where('a.entity_id', '=', f.entityId);
  return q;
}

export function historyCount(db: Db, businessId: number, f: HistoryFilter) {
  return filteredEntries(db, businessId, f).select((eb) => eb.fn.countAll<number>().as('n'));
}

/** A page of the filtered history, newest first, with each entry's user name. */
export function historyPage(db: Db, businessId: number, f: HistoryFilter, page: { offset: number; limit: number }) {
  return filteredEntries(db, businessId, f)
    .leftJoin('users as u', (j) => j.onRef('u.business_id', '=', 'a.business_id').onRef('u.id', '=', 'a.user_id'))
    .select(['a.id', 'a.user_id', 'u.user_name', 'a.action', 'a.entity', 'a.entity_id', 'a.at', 'a.surface', 'a.before', 'a.after'])
    .orderBy('a.id', 'desc')
    .limit(page.limit)
    .offset(page.offset);
}

const ROW: AuditRow = { business_id: 1, user_id: 1, action: 'create', entity: 'product', entity_id: '1', surface: 'daftar', before: null, after: '{}' };

export const SQL_SAMPLES = sqlSamples({
  insertAuditEntry: (db) => insertAuditEntry(db, ROW),
  insertAuditEntries: (db) => insertAuditEntries(db, [ROW, ROW]),
  historyCount: (db) => historyCount(db, 1, { entity: 'product', entityId: '1' }),
  historyPage: (db) => historyPage(db, 1, { userId: 1 }, { offset: 0, limit: 100 }),
});
