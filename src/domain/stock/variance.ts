import { documentValue } from './repository.js';
import type { Actor, Tx } from '../context.js';
import { accountsByRole } from '../ledger/chart.js';
import { postVoucher, VoucherBuilder } from '../ledger/voucher.js';
import type { IsoDate } from '../shared/dates.js';
import { Dec } from '../shared/money.js';
import type { StockLineResult } from './movements.js';

/**
 * A reversal of goods that came in (a voided purchase or sale return, a replaced opening) takes
 * them out at their own original cost, but never more value than the product still holds: when the
 * average cost has fallen since, the stock side takes out less than the original brought in. The
 * mirrored voucher moves the inventory account by the full original amount, so the difference is
 * posted here (inventory against `counterRole`: cost of sales for invoices, opening equity for
 * openings), keeping the inventory account equal to Σ stock value. Returns the voucher id, or null
 * when there is no difference. Found by the randomised simulation (docs/reliability.md).
 */
export async function postReversalVariance(
  tx: Tx,
  actor: Actor,
  input: {
    date: IsoDate;
    /** The reversed document's own movements. */
    docType: string;
    docId: number;
    reversal: StockLineResult[];
    counterRole: 'cogs' | 'opening_equity';
    sourceType: string;
    sourceId: number;
    description: string;
  },
): Promise<number | null> {
  if (input.reversal.length === 0) return null;
  const original = await documentValue(actor.businessId, input.docType, input.docId).execute(tx);
  const intended = new Dec(original.rows[0]?.v ?? 0).neg();
  const actual = input.reversal.reduce((s, l) => s.plus(l.value), new Dec(0));
  const difference = actual.minus(intended);
  if (difference.isZero()) return null;
  const roles = await accountsByRole(tx, actor.businessId);
  const lines = new VoucherBuilder()
    .debit(roles.inventory, difference, { description: input.description })
    .credit(roles[input.counterRole], difference, { description: input.description });
  return postVoucher(tx, actor, {
    date: input.date,
    kind: 'stock_adjustment',
    description: input.description,
    sourceType: input.sourceType,
    sourceId: input.sourceId,
    lines,
  });
}
