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
