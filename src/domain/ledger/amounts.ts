import type { Tx } from '../context.js';
import { fail } from '../errors.js';
import { Dec, roundMoney, type Dec as Decimal } from '../shared/money.js';

/** The business's currency decimals (Rial: 0). */
export async function currencyDecimals(tx: Tx, businessId: number): Promise<number> {
  const b = await tx.selectFrom('businesses').select('currency_decimals').where('id', '=', businessId).executeTakeFirstOrThrow();
  return b.currency_decimals;
}

/** A money amount posted to the ledger: no more decimals than the currency has, and a sane size. */
export async function assertCurrencyAmount(tx: Tx, businessId: number, v: Decimal, field: string): Promise<Decimal> {
  const decimals = await currencyDecimals(tx, businessId);
  if (!roundMoney(v, decimals).eq(v)) {
    throw fail.validation(field, `مبلغ «${field}» بیش از ${decimals} رقم اعشار دارد`, `${field} has more than ${decimals} decimals`);
  }
  if (v.abs().gte(new Dec('1e19'))) throw fail.outOfRange(field, `مبلغ «${field}» بیش از حد بزرگ است`);
  return v;
}
