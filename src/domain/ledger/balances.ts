import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AccountRole } from './chart.js';

/**
 * Balances (Σ debit − Σ credit) of detail accounts over the accounts bound to `roles`, as exact
 * decimal strings. Detail accounts without lines are '0'.
 */
export async function detailBalances(db: Kysely<DB>, businessId: number, detailIds: number[], roles: AccountRole[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (detailIds.length === 0) return out;
  for (const id of detailIds) out.set(id, '0');
  const rows = await db
    .selectFrom('voucher_lines as l')
    .innerJoin('accounts as a', (j) => j.onRef('a.business_id', '=', 'l.business_id').onRef('a.id', '=', 'l.account_id'))
    .select(['l.detail_id', (eb) => eb.fn.sum<string>(eb('l.debit', '-', eb.ref('l.credit'))).as('balance')])
    .where('l.business_id', '=', businessId)
    .where('a.business_id', '=', businessId)
    .where('l.detail_id', 'in', detailIds)
    .where('a.role', 'in', roles)
    .groupBy('l.detail_id')
    .execute();
  for (const r of rows) out.set(Number(r.detail_id), normalizeNumeric(String(r.balance ?? '0')));
  return out;
}

/** '1250000.0000' → '1250000', '-3.5000' → '-3.5'. */
export function normalizeNumeric(s: string): string {
  if (!s.includes('.')) return s === '-0' ? '0' : s;
  const t = s.replace(/0+$/, '').replace(/\.$/, '');
  return t === '-0' || t === '' ? '0' : t;
}

/** Σ debit and Σ credit over every voucher line of a business (the trial balance's check). */
export async function ledgerTotals(db: Kysely<DB>, businessId: number): Promise<{ debit: string; credit: string }> {
  const r = await db
    .selectFrom('voucher_lines')
    .select([(eb) => eb.fn.coalesce(eb.fn.sum<string>('debit'), eb.val('0')).as('debit'), (eb) => eb.fn.coalesce(eb.fn.sum<string>('credit'), eb.val('0')).as('credit')])
    .where('business_id', '=', businessId)
    .executeTakeFirstOrThrow();
  return { debit: normalizeNumeric(String(r.debit)), credit: normalizeNumeric(String(r.credit)) };
}
