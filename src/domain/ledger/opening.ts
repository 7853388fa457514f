import { sql } from 'kysely';
import type { Actor, Tx } from '../context.js';
import type { Dec as Decimal } from '../shared/money.js';
import { todayIso, type IsoDate } from '../shared/dates.js';
import { accountsByRole, type AccountRole } from './chart.js';
import { firstFiscalYear, inFiscalWindow } from './fiscal.js';
import { postVoucher, reverseVoucher, VoucherBuilder } from './voucher.js';
import { authorize } from '../auth/permissions.js';

/** What an opening balance belongs to; `source_type` of its vouchers. */
export type OpeningSource = 'party' | 'cash_register' | 'bank_account';

export interface OpeningBalanceInput {
  source: OpeningSource;
  sourceId: number;
  detailId: number;
  /** Signed: positive = a debit balance on `debitRole` (the party owes us / money on hand). */
  amount: Decimal;
  /** Account of a positive balance (receivable, cash, bank). */
  debitRole: AccountRole;
  /** Account of a negative balance; defaults to `debitRole` (a party's credit balance is payable). */
  creditRole?: AccountRole;
  description: string;
}

/** The opening date: the first day of the business's first fiscal year inside the fiscal window. */
export async function openingDate(tx: Tx, businessId: number): Promise<IsoDate> {
  const fy = await firstFiscalYear(tx, businessId);
  return fy ? fy.startDate : todayIso();
}

/** The current (not reversed) opening voucher of a source, if any. */
export async function currentOpeningVoucher(tx: Tx, businessId: number, source: OpeningSource, sourceId: number): Promise<{ id: number; date: IsoDate } | null> {
  const r = await sql<{ id: number; date: string }>`
    select v.id, v.date from vouchers v
     where v.business_id = ${businessId} and v.kind = 'opening' and v.source_type = ${source} and v.source_id = ${sourceId}
       and v.reverses_id is null
       and not exists (select 1 from vouchers r where r.business_id = v.business_id and r.reverses_id = v.id)
     order by v.id desc limit 1`.execute(tx);
  const row = r.rows[0];
  return row ? { id: Number(row.id), date: String(row.date) } : null;
}

/**
 * Replaces a source's opening balance: the current opening voucher (if any) is reversed by a new
 * voucher pointing at it, then a new opening voucher against opening equity is posted for a
 * non-zero amount. Posted vouchers are never changed. Returns the new voucher id (null for 0).
 */
export async function replaceOpeningBalance(tx: Tx, actor: Actor, input: OpeningBalanceInput): Promise<number | null> {
  authorize(actor, 'opening.write');
  const current = await currentOpeningVoucher(tx, actor.businessId, input.source, input.sourceId);
  // A current opening keeps its date, unless it lies outside the fiscal window (books from before it existed).
  const date = current && inFiscalWindow(current.date) ? current.date : await openingDate(tx, actor.businessId);
  if (current) {
    await reverseVoucher(tx, actor, current.id, {
      date,
      kind: 'opening',
      description: `اصلاح تراز افتتاحیه: ${input.description}`,
      sourceType: input.source,
      sourceId: input.sourceId,
    });
  }
  if (input.amount.isZero()) return null;
  const roles = await accountsByRole(tx, actor.businessId);
  const b = new VoucherBuilder();
  const abs = input.amount.abs();
  if (input.amount.isPositive()) {
    b.debit(roles[input.debitRole], abs, { detailId: input.detailId, description: input.description });
    b.credit(roles.opening_equity, abs, { description: input.description });
  } else {
    b.debit(roles.opening_equity, abs, { description: input.description });
    b.credit(roles[input.creditRole ?? input.debitRole], abs, { detailId: input.detailId, description: input.description });
  }
  return postVoucher(tx, actor, {
    date,
    kind: 'opening',
    description: `تراز افتتاحیه: ${input.description}`,
    sourceType: input.source,
    sourceId: input.sourceId,
    lines: b,
  });
}

