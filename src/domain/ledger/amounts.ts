import type { Tx } from '../context.js';
import { fail } from '../errors.js';
import { assertSize, roundMoney, type Dec as Decimal } from '../shared/money.js';

/** The business's currency decimals (Rial: 0). */
export async function currencyDecimals(tx: Tx, businessId: number): Promise<number> {
  const b = await tx.selectFrom('businesses').select('currency_decimals').where('id', '=', businessId).executeTakeFirstOrThrow();
  return b.currency_decimals;
}

/** A money amount posted to the ledger (a payment, an opening balance, a credit): no more
 * decimals than the currency has — refused, never rounded, since it records money that moved —
 * and at most 18 integer digits. */
export async function assertCurrencyAmount(tx: Tx, businessId: number, v: Decimal, field: string): Promise<Decimal> {
  const decimals = await currencyDecimals(tx, businessId);
  if (!roundMoney(v, decimals).eq(v)) {
    throw fail.with('LEDGER_AMOUNT_DECIMALS', { field, decimals });
  }
  return assertSize(v, field);
}
