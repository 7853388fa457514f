import { sql, type RawBuilder } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { fail } from '../errors.js';
import { parseDate, type IsoDate } from '../shared/dates.js';

/** Reports read from a database handle or a transaction (both are Kysely<DB>). */
export type ReadDb = Kysely<DB>;

/** A report's date range: both ends inclusive, either may be open. */
export interface Period {
  fromDate?: IsoDate;
  toDate?: IsoDate;
}

export interface Paging {
  offset: number;
  limit: number;
}

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;

/** Reads fromDate/toDate as clients send them (Gregorian or Jalali) and checks their order. */
export function readPeriod(input: { fromDate?: unknown; toDate?: unknown }): Period {
  const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
  const fromDate = present(input.fromDate) ? parseDate(input.fromDate, 'fromDate') : undefined;
  const toDate = present(input.toDate) ? parseDate(input.toDate, 'toDate') : undefined;
  if (fromDate && toDate && fromDate > toDate) {
    throw fail.with('REPORT_PERIOD_REVERSED', { field: 'fromDate', toField: 'toDate' });
  }
  return { fromDate, toDate };
}

export function readPaging(input: { offset?: number; limit?: number }, max = MAX_LIMIT): Paging {
  const offset = input.offset ?? 0;
  const limit = input.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(offset) || offset < 0) throw fail.with('REPORT_OFFSET_INVALID', { field: 'offset' });
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw fail.with('REPORT_LIMIT_RANGE', { field: 'limit', min: 1, max });
  }
  return { offset, limit };
}

/** `<col> between` the period's ends, as a SQL condition (true when both ends are open). */
export function inPeriod(col: RawBuilder<unknown>, p: Period): RawBuilder<boolean> {
  if (p.fromDate && p.toDate) return sql<boolean>`(${col} >= ${p.fromDate}::date and ${col} <= ${p.toDate}::date)`;
  if (p.fromDate) return sql<boolean>`${col} >= ${p.fromDate}::date`;
  if (p.toDate) return sql<boolean>`${col} <= ${p.toDate}::date`;
  return sql<boolean>`true`;
}

/** Before the period's start (the opening balance); false when the period has no start. */
export function beforePeriod(col: RawBuilder<unknown>, p: Period): RawBuilder<boolean> {
  return p.fromDate ? sql<boolean>`${col} < ${p.fromDate}::date` : sql<boolean>`false`;
}

/** Up to the period's end (the closing balance). */
export function upToEnd(col: RawBuilder<unknown>, p: Period): RawBuilder<boolean> {
  return p.toDate ? sql<boolean>`${col} <= ${p.toDate}::date` : sql<boolean>`true`;
}

/** Does a table exist yet (tables of modules that land later: invoices, payments, …)? */
export async function tableExists(db: ReadDb, table: string): Promise<boolean> {
  const r = await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(db);
  return r.rows[0]?.t != null;
}

export async function columnExists(db: ReadDb, table: string, column: string): Promise<boolean> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from information_schema.columns
     where table_schema = current_schema() and table_name = ${table} and column_name = ${column}`.execute(db);
  return Number(r.rows[0]?.n ?? 0) > 0;
}

export async function currencyDecimals(db: ReadDb, businessId: number): Promise<number> {
  const r = await db.selectFrom('businesses').select('currency_decimals').where('id', '=', businessId).executeTakeFirst();
  return Number(r?.currency_decimals ?? 0);
}

/**
 * Each account with its parent and grandparent (the chart has three levels), so a line can roll
 * up to its ancestor at any level: columns id, level, p_id, p_level, g_id, g_level.
 */
export function accountAncestors(businessId: number): RawBuilder<unknown> {
  return sql`
    select a.id, a.level, p.id as p_id, p.level as p_level, g.id as g_id, g.level as g_level
      from accounts a
      left join accounts p on p.business_id = a.business_id and p.id = a.parent_id
      left join accounts g on g.business_id = p.business_id and g.id = p.parent_id
     where a.business_id = ${businessId}`;
}
