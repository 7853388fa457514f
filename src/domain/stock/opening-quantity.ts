import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { openingDate } from '../ledger/opening.js';
import { reverseVoucher } from '../ledger/voucher.js';
import { assertSize, type Dec } from '../shared/money.js';
import { postStockAdjustmentUnaudited, reverseStockMovements } from './movements.js';
import { postReversalVariance } from './variance.js';
import { authorize } from '../auth/permissions.js';
import { findProductByCode } from '../catalog/products.js';
import type { IsoDate } from '../shared/dates.js';
import { adjustmentVoucher, lockProductKinds, movementDocType, productOpening, upsertProductOpening } from './repository.js';
import { defaultWarehouse } from './warehouses.js';

/** One product's opening: the product by id or by code, in a warehouse (absent: the default one). */
export interface OpeningQuantity {
  productId?: number;
  /** The product's code (as findProductByCode reads it). */
  code?: string;
  warehouseId?: number;
  quantity: Dec;
  unitCost: Dec;
}

/** doc_type of the reversal movements of a replaced opening (doc_id = the replaced adjustment). */
export const OPENING_REVERSAL_DOC = 'opening_reversal';

const at = (i: number) => `openings[${i}]`;

/** A resolved opening: product and warehouse ids, in request order. */
interface OpeningLine {
  productId: number;
  warehouseId: number;
  quantity: Dec;
  unitCost: Dec;
  index: number;
}

/**
 * Sets products' opening stock: each product's opening is its own stock adjustment of kind
 * 'opening' dated at the first fiscal year's start (movements + a voucher inventory vs opening
 * equity). Setting it again reverses the previous adjustment's movements (at their own cost)
 * and voucher, then records the new one; other products' openings are untouched. Lines are
 * applied in product-id order (the lock order); a product named twice ends with its last line.
 * Errors name `openings[i].quantity`, `.unitCost`, `.code` (or `.productId`).
 */
export async function setOpeningQuantities(tx: Tx, actor: Actor, openings: OpeningQuantity[]): Promise<void> {
  authorize(actor, 'opening.write');
  openings.forEach(checkAmounts);
  if (openings.length === 0) return;
  const lines = await resolveOpenings(tx, actor, openings);
  await lockStockedProducts(tx, actor.businessId, lines, openings);
  const date = await openingDate(tx, actor.businessId);
  const ordered = [...lines].sort((a, b) => a.productId - b.productId || a.index - b.index);
  for (const l of ordered) await replaceOpening(tx, actor, l, date);
}

function checkAmounts(o: OpeningQuantity, i: number): void {
  if (!o.quantity.gt(0)) throw fail.with('STOCK_NOT_POSITIVE', { field: `${at(i)}.quantity` });
  if (!o.unitCost.gt(0)) throw fail.with('STOCK_NOT_POSITIVE', { field: `${at(i)}.unitCost` });
  if (o.quantity.decimalPlaces() > 4) throw fail.with('STOCK_DECIMALS', { field: `${at(i)}.quantity`, max: 4 });
  if (o.unitCost.decimalPlaces() > 4) throw fail.with('STOCK_DECIMALS', { field: `${at(i)}.unitCost`, max: 4 });
  assertSize(o.quantity, `${at(i)}.quantity`);
  assertSize(o.quantity.times(o.unitCost), `${at(i)}.unitCost`);
}

/** Product codes to ids (NOT_FOUND naming the code) and an absent warehouse to the default one. */
async function resolveOpenings(tx: Tx, actor: Actor, openings: OpeningQuantity[]): Promise<OpeningLine[]> {
  let fallback: number | undefined;
  const out: OpeningLine[] = [];
  for (const [i, o] of openings.entries()) {
    let productId = o.productId;
    if (productId === undefined) {
      const p = o.code === undefined ? null : await findProductByCode(tx, actor, o.code);
      if (!p) throw fail.notFound('product', `${at(i)}.code`, o.code ?? '');
      productId = p.id;
    }
    const warehouseId = o.warehouseId ?? (fallback ??= (await defaultWarehouse(tx, actor)).id);
    out.push({ productId, warehouseId, quantity: o.quantity, unitCost: o.unitCost, index: i });
  }
  return out;
}

/**
 * Locks the products first, in id order (the lock order of every stock posting): two concurrent
 * calls for one product then see each other's opening instead of both adding one. A service has
 * no opening stock.
 */
async function lockStockedProducts(tx: Tx, businessId: number, lines: OpeningLine[], openings: OpeningQuantity[]): Promise<void> {
  const rows = await lockProductKinds(tx, businessId, [...new Set(lines.map((l) => l.productId))]).execute();
  const byId = new Map(rows.map((k) => [Number(k.id), k]));
  for (const l of lines) {
    const field = `${at(l.index)}.${openings[l.index].productId === undefined ? 'code' : 'productId'}`;
    const p = byId.get(l.productId);
    if (!p) throw fail.notFound('product', field, l.productId);
    if (p.kind === 'service') throw fail.with('STOCK_SERVICE_NO_OPENING', { field, name: p.name });
  }
}

/** One product's new opening, then the reversal of its previous one, then the pointer and history. */
async function replaceOpening(tx: Tx, actor: Actor, l: OpeningLine, date: IsoDate): Promise<void> {
  const businessId = actor.businessId;
  const current = await productOpening(tx, businessId, l.productId).executeTakeFirst();
  // The new opening first, so that removing the old one never dips below zero on the way.
  const adj = await postStockAdjustmentUnaudited(tx, actor, {
    date,
    warehouseId: l.warehouseId,
    kind: 'opening',
    description: 'موجودی اول دوره',
    lines: [{ productId: l.productId, quantity: l.quantity, unitCost: l.unitCost }],
  });
  const moved = await movementDocType(tx, businessId, adj.lines[0].movementId).executeTakeFirstOrThrow();
  if (current) await reverseOpening(tx, actor, Number(current.adjustment_id), current.doc_type, date);
  await upsertProductOpening(businessId, l.productId, adj.adjustmentId, moved.doc_type).execute(tx);
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

/** Reverses a replaced opening: its movements at their own cost, any value difference, its voucher. */
async function reverseOpening(tx: Tx, actor: Actor, oldId: number, docType: string, date: IsoDate): Promise<void> {
  const reversal = await reverseStockMovements(tx, actor, { docType, docId: oldId, date, newDocType: OPENING_REVERSAL_DOC, newDocId: oldId });
  await postReversalVariance(tx, actor, {
    date,
    docType,
    docId: oldId,
    reversal,
    counterRole: 'opening_equity',
    sourceType: 'opening_variance',
    sourceId: oldId,
    description: `اختلاف ارزش در اصلاح موجودی اول دوره (تعدیل ${oldId})`,
  });
  const old = await adjustmentVoucher(tx, actor.businessId, oldId).executeTakeFirstOrThrow();
  if (old.voucher_id === null) return;
  await reverseVoucher(tx, actor, Number(old.voucher_id), {
    date,
    kind: 'opening',
    description: `اصلاح موجودی اول دوره (تعدیل ${oldId})`,
    sourceType: 'stock_adjustment',
    sourceId: oldId,
  });
}
