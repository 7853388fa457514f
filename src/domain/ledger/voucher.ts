import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Actor, Tx } from '../context.js';
import { Dec, toDb, type Dec as Decimal } from '../shared/money.js';
import type { IsoDate } from '../shared/dates.js';
import { fiscalYearFor } from './fiscal.js';

export type VoucherKind = 'opening' | 'invoice' | 'payment' | 'stock_adjustment' | 'void' | 'manual' | 'closing';

export interface VoucherLine {
  accountId: number;
  detailId?: number | null;
  debit: Decimal;
  credit: Decimal;
  description?: string;
}

export class UnbalancedVoucherError extends Error {
  constructor(debit: Decimal, credit: Decimal) {
    super(`unbalanced voucher: debit ${debit.toFixed()} ≠ credit ${credit.toFixed()}`);
    this.name = 'UnbalancedVoucherError';
  }
}

/**
 * Builds a voucher line by line (Frappe Books' debit/credit style). `build()` refuses an
 * unbalanced voucher before anything is written; the database refuses one too.
 */
export class VoucherBuilder {
  readonly lines: VoucherLine[] = [];

  static of(lines: VoucherLine[]): VoucherBuilder {
    const b = new VoucherBuilder();
    b.lines.push(...lines.filter((l) => !(l.debit.isZero() && l.credit.isZero())));
    return b;
  }

  debit(accountId: number, amount: Decimal, opts: { detailId?: number | null; description?: string } = {}): this {
    return this.add(accountId, amount, true, opts);
  }

  credit(accountId: number, amount: Decimal, opts: { detailId?: number | null; description?: string } = {}): this {
    return this.add(accountId, amount, false, opts);
  }

  private add(accountId: number, amount: Decimal, isDebit: boolean, opts: { detailId?: number | null; description?: string }): this {
    if (amount.isZero()) return this;
    // A negative debit is a credit (e.g. a negative rounding adjustment).
    const debitSide = amount.isNegative() ? !isDebit : isDebit;
    const abs = amount.abs();
    this.lines.push({
      accountId,
      detailId: opts.detailId ?? null,
      debit: debitSide ? abs : new Dec(0),
      credit: debitSide ? new Dec(0) : abs,
      description: opts.description,
    });
    return this;
  }

  totals(): { debit: Decimal; credit: Decimal } {
    let debit = new Dec(0);
    let credit = new Dec(0);
    for (const l of this.lines) {
      debit = debit.plus(l.debit);
      credit = credit.plus(l.credit);
    }
    return { debit, credit };
  }

  build(): VoucherLine[] {
    const { debit, credit } = this.totals();
    if (!debit.eq(credit)) throw new UnbalancedVoucherError(debit, credit);
    return this.lines;
  }
}

export interface PostVoucherInput {
  date: IsoDate;
  kind: VoucherKind;
  description?: string;
  sourceType?: string;
  sourceId?: number;
  reversesId?: number;
  lines: VoucherBuilder | VoucherLine[];
}

function lineRows(actor: Actor, voucherId: number, lines: VoucherLine[]) {
  return lines.map((l, i) => ({
    business_id: actor.businessId,
    voucher_id: voucherId,
    line_no: i + 1,
    account_id: l.accountId,
    detail_id: l.detailId ?? null,
    debit: toDb(l.debit),
    credit: toDb(l.credit),
    description: l.description ?? '',
  }));
}

/** Writes one balanced voucher and its lines (one multi-row insert). Returns the voucher id. */
export async function postVoucher(tx: Tx, actor: Actor, input: PostVoucherInput): Promise<number> {
  const lines = (input.lines instanceof VoucherBuilder ? input.lines : VoucherBuilder.of(input.lines)).build();
  const fy = await fiscalYearFor(tx, actor.businessId, input.date);
  // Vouchers are numbered by their id (temporary numbering); see docs/accounting.md.
  const v = await sql<{ id: number }>`
    insert into vouchers (id, business_id, fiscal_year_id, number, date, kind, description, source_type, source_id, reverses_id, created_by)
    select n, ${actor.businessId}, ${fy.id}, n, ${input.date}, ${input.kind}, ${input.description ?? ''},
           ${input.sourceType ?? null}, ${input.sourceId ?? null}, ${input.reversesId ?? null}, ${actor.userId}
      from (select nextval(pg_get_serial_sequence('vouchers', 'id')) as n) s
    returning id`.execute(tx);
  const voucherId = Number(v.rows[0].id);
  if (lines.length > 0) await tx.insertInto('voucher_lines').values(lineRows(actor, voucherId, lines)).execute();
  return voucherId;
}

/** An id for a voucher written later by voucherCtes (taken from the vouchers' own sequence). */
export const nextVoucherIdSql = sql<number>`nextval(pg_get_serial_sequence('vouchers', 'id'))`;

/**
 * A balanced voucher as two data-modifying CTEs (`voucher_head`, `voucher_body`) for a caller
 * whose whole write is one statement (invoice posting). The id is taken beforehand
 * (nextVoucherIdSql) and the fiscal year resolved; the description may be an SQL expression
 * over the caller's other CTEs or parameters (the invoice number). Refuses
 * an unbalanced voucher before anything is written, as postVoucher does.
 */
export function voucherCtes(
  tx: Tx,
  actor: Actor,
  input: Omit<PostVoucherInput, 'description'> & { id: number; fiscalYearId: number; description: string | Expression<string> },
): RawBuilder<unknown> {
  const lines = (input.lines instanceof VoucherBuilder ? input.lines : VoucherBuilder.of(input.lines)).build();
  const head = tx.insertInto('vouchers').values({
    id: input.id,
    business_id: actor.businessId,
    fiscal_year_id: input.fiscalYearId,
    number: input.id,
    date: input.date,
    kind: input.kind,
    description: input.description,
    source_type: input.sourceType ?? null,
    source_id: input.sourceId ?? null,
    reverses_id: input.reversesId ?? null,
    created_by: actor.userId,
  });
  if (lines.length === 0) return sql`voucher_head as (${head})`;
  return sql`voucher_head as (${head}), voucher_body as (${tx.insertInto('voucher_lines').values(lineRows(actor, input.id, lines))})`;
}

/** Posts the mirror image of a voucher (debits ↔ credits) that points at the original. */
export async function reverseVoucher(
  tx: Tx,
  actor: Actor,
  voucherId: number,
  opts: { date: IsoDate; kind?: VoucherKind; description?: string; sourceType?: string; sourceId?: number },
): Promise<number> {
  const original = await tx
    .selectFrom('voucher_lines')
    .select(['account_id', 'detail_id', 'debit', 'credit', 'description'])
    .where('business_id', '=', actor.businessId)
    .where('voucher_id', '=', voucherId)
    .orderBy('line_no')
    .execute();
  const lines: VoucherLine[] = original.map((l) => ({
    accountId: Number(l.account_id),
    detailId: l.detail_id === null ? null : Number(l.detail_id),
    debit: new Dec(l.credit),
    credit: new Dec(l.debit),
    description: l.description,
  }));
  return postVoucher(tx, actor, {
    date: opts.date,
    kind: opts.kind ?? 'void',
    description: opts.description ?? `برگشت سند ${voucherId}`,
    sourceType: opts.sourceType,
    sourceId: opts.sourceId,
    reversesId: voucherId,
    lines,
  });
}
