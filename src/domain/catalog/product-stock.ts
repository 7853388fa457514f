import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import type { IsoDate } from '../shared/dates.js';
import { Dec, roundQty, type Dec as Decimal } from '../shared/money.js';
import { postStockAdjustmentUnaudited } from '../stock/movements.js';
import { defaultWarehouse } from '../stock/warehouses.js';
import { updateProductUnaudited } from './products.js';
import type { Product, ProductInput } from './types.js';
import { authorize } from '../auth/permissions.js';

/**
 * A product change that may also set the total quantity on hand (Siba PUT totalQuantity):
 * the difference is posted as a stock adjustment in the default warehouse (movements and a
 * voucher inventory vs stock adjustment), never by rewriting history. One audit entry.
 *
 * Cost of an increase: the current moving average when the product has stock, otherwise its
 * buy price (the one in this change when given).
 */
export async function updateProductWithQuantity(
  tx: Tx,
  actor: Actor,
  id: number,
  input: ProductInput,
  totalQuantity: Decimal | undefined,
  date: IsoDate,
): Promise<{ product: Product; adjustmentId: number | null; voucherId: number | null }> {
  authorize(actor, 'product.write');
  const { before, after } = await updateProductUnaudited(tx, actor, id, input);
  let product = after;
  let adjustmentId: number | null = null;
  let voucherId: number | null = null;
  if (totalQuantity !== undefined) {
    if (totalQuantity.isNegative()) throw fail.with('PRODUCT_QUANTITY_NEGATIVE', { field: 'totalQuantity' });
    if (!roundQty(totalQuantity).eq(totalQuantity)) throw fail.with('PRODUCT_QUANTITY_DECIMALS', { field: 'totalQuantity', max: 4 });
    const diff = totalQuantity.minus(new Dec(after.stockQty));
    if (!diff.isZero()) {
      if (after.kind === 'service') {
        throw fail.with('PRODUCT_SERVICE_NO_STOCK', { field: 'totalQuantity' });
      }
      const warehouse = await defaultWarehouse(tx, actor);
      const unitCost = diff.gt(0) && !new Dec(after.stockQty).gt(0) ? new Dec(after.buyPrice) : undefined;
      const r = await postStockAdjustmentUnaudited(tx, actor, {
        date,
        warehouseId: warehouse.id,
        kind: 'adjustment',
        description: `تعدیل موجودی کالای «${after.name}» به ${totalQuantity.toFixed()}`,
        lines: [{ productId: id, quantity: diff, unitCost }],
      });
      adjustmentId = r.adjustmentId;
      voucherId = r.voucherId;
      const fresh = await tx
        .selectFrom('products')
        .select(['stock_qty', 'avg_cost'])
        .where('business_id', '=', actor.businessId)
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      product = { ...after, stockQty: new Dec(fresh.stock_qty).toFixed(), avgCost: new Dec(fresh.avg_cost).toFixed() };
    }
  }
  await recordAudit(tx, actor, {
    action: 'update',
    entity: 'product',
    entityId: id,
    before,
    after: adjustmentId === null ? product : { ...product, stockAdjustmentId: adjustmentId, voucherId },
  });
  return { product, adjustmentId, voucherId };
}
