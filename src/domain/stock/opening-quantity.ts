import { sql } from 'kysely';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { openingDate } from '../ledger/opening.js';
import { reverseVoucher } from '../ledger/voucher.js';
import { assertSize, type Dec } from '../shared/money.js';
import { postStockAdjustmentUnaudited, reverseStockMovements } from './movements.js';
import { postReversalVariance } from './variance.js';
import { authorize } from '../auth/permissions.js';

export interface OpeningQuantityLine {
  productId: number;
  warehouseId: number;
  quantity: Dec;
  unitCost: Dec;
  /** Field path for messages, e.g. "items[3]". */
  field: string;
}

/** doc_type of the reversal movements of a replaced opening (doc_id = the replaced adjustment). */
export const OPENING_REVERSAL_DOC = 'opening_reversal';

/**
 * Sets products' opening stock (Hesabfa UpdateOpeningQuantity): each product's opening is its
 * own stock adjustment of kind 'opening' dated at the first fiscal year's start (movements +
 * a voucher inventory vs opening equity). Setting it again reverses the previous adjustment's
 * movements (at their own cost) and voucher, then records the new one; other products' openings
 * are untouched. Lines are applied in product-id order (the lock order); a product named twice
 * ends with its last line.
 */
export async function setOpeningQuantities(tx: Tx, actor: Actor, lines: OpeningQuantityLine[]): Promise<void> {
  authorize(actor, 'opening.write');
  const businessId = actor.businessId;
  for (const l of lines) {
    if (!l.quantity.gt(0)) throw fail.outOfRange(`${l.field}.Quantity`, `«${l.field}.Quantity» باید بزرگ‌تر از صفر باشد`, `${l.field}.Quantity must be > 0`);
    if (!l.unitCost.gt(0)) throw fail.outOfRange(`${l.field}.UnitPrice`, `«${l.field}.UnitPrice» باید بزرگ‌تر از صفر باشد`, `${l.field}.UnitPrice must be > 0`);
    if (l.quantity.decimalPlaces() > 4) throw fail.validation(`${l.field}.Quantity`, `«${l.field}.Quantity» حداکثر ۴ رقم اعشار می‌پذیرد`);
    if (l.unitCost.decimalPlaces() > 4) throw fail.validation(`${l.field}.UnitPrice`, `«${l.field}.UnitPrice» حداکثر ۴ رقم اعشار می‌پذیرد`);
    assertSize(l.quantity, `${l.field}.Quantity`);
    assertSize(l.quantity.times(l.unitCost), `${l.field}.UnitPrice`);
  }
  if (lines.length === 0) return;

  const ids = [...new Set(lines.map((l) => l.productId))];
  // Lock the products first, in id order (the lock order of every stock posting): two
  // concurrent calls for one product then see each other's opening instead of both adding one.
  const kinds = await tx
    .selectFrom('products')
    .select(['id', 'kind', 'name'])
    .where('business_id', '=', businessId)
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  const kindOf = new Map(kinds.map((k) => [Number(k.id), k]));
  for (const l of lines) {
    const p = kindOf.get(l.productId);
    if (!p) throw fail.notFound('کالا', `${l.field}.Code`, l.productId, 'Product');
    if (p.kind === 'service') {
      throw fail.validation(`${l.field}.Code`, `«${p.name}» خدمات است و موجودی اول دوره ندارد (${l.field}.Code)`, `${l.field}: a service has no stock`);
    }
  }

  const date = await openingDate(tx, businessId);
  const ordered = lines.map((l, i) => ({ l, i })).sort((a, b) => a.l.productId - b.l.productId || a.i - b.i);
  for (const { l } of ordered) {
    const current = await tx
      .selectFrom('product_openings')
      .select(['adjustment_id', 'doc_type'])
      .where('business_id', '=', businessId)
      .where('product_id', '=', l.productId)
      .executeTakeFirst();

    // The new opening first, so that removing the old one never dips below zero on the way.
    const adj = await postStockAdjustmentUnaudited(tx, actor, {
      date,
      warehouseId: l.warehouseId,
      kind: 'opening',
      description: 'موجودی اول دوره',
      lines: [{ productId: l.productId, quantity: l.quantity, unitCost: l.unitCost }],
    });
    const moved = await tx
      .selectFrom('stock_movements')
      .select('doc_type')
      .where('business_id', '=', businessId)
      .where('id', '=', adj.lines[0].movementId)
      .executeTakeFirstOrThrow();

    if (current) {
      const oldId = Number(current.adjustment_id);
      const reversal = await reverseStockMovements(tx, actor, {
        docType: current.doc_type,
        docId: oldId,
        date,
        newDocType: OPENING_REVERSAL_DOC,
        newDocId: oldId,
      });
      await postReversalVariance(tx, actor, {
        date,
        docType: current.doc_type,
        docId: oldId,
        reversal,
        counterRole: 'opening_equity',
        sourceType: 'opening_variance',
        sourceId: oldId,
        description: `اختلاف ارزش در اصلاح موجودی اول دوره (تعدیل ${oldId})`,
      });
      const old = await tx
        .selectFrom('stock_adjustments')
        .select('voucher_id')
        .where('business_id', '=', businessId)
        .where('id', '=', oldId)
        .executeTakeFirstOrThrow();
      if (old.voucher_id !== null) {
        await reverseVoucher(tx, actor, Number(old.voucher_id), {
          date,
          kind: 'opening',
          description: `اصلاح موجودی اول دوره (تعدیل ${oldId})`,
          sourceType: 'stock_adjustment',
          sourceId: oldId,
        });
      }
    }

    await sql`
      insert into product_openings (business_id, product_id, adjustment_id, doc_type)
      values (${businessId}, ${l.productId}, ${adj.adjustmentId}, ${moved.doc_type})
      on conflict (business_id, product_id)
      do update set adjustment_id = excluded.adjustment_id, doc_type = excluded.doc_type, updated_at = now()`.execute(tx);
    // One history entry per product whose opening changed (the adjustment and any reversal).
    await recordAudit(tx, actor, {
      action: current ? 'update' : 'create',
      entity: 'opening_stock',
      entityId: l.productId,
      before: current ? { adjustmentId: Number(current.adjustment_id) } : undefined,
      after: {
        adjustmentId: adj.adjustmentId,
        voucherId: adj.voucherId,
        warehouseId: l.warehouseId,
        quantity: l.quantity.toFixed(),
        unitCost: l.unitCost.toFixed(),
        date,
      },
    });
  }
}
