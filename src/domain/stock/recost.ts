import { sql } from 'kysely';
import type { Actor, Tx } from '../context.js';
import { fail } from '../errors.js';
import { accountsByRole } from '../ledger/chart.js';
import { postVoucher, VoucherBuilder } from '../ledger/voucher.js';
import { toJalali, type IsoDate } from '../shared/dates.js';
import { Dec, toDb, type Dec as Decimal } from '../shared/money.js';
import { averageCost, replay, type LiveMovement } from './costing.js';

/** doc_type of a value-only correction row (doc_id = the correcting voucher). */
export const RECOST_DOC = 'recost';

export interface RecostInput {
  /** Products already locked by the caller (products by id, then balances). */
  productIds: number[];
  /** The earliest date the change touches: running quantities are checked from here on. */
  fromDate: IsoDate;
  decimals: number;
  allowNegative: boolean;
  /** What caused it: the correcting vouchers' source, e.g. ('invoice_void', 12). */
  cause: { sourceType: string; sourceId: number; description: string };
  /** The caller's field for a refusal on (product, warehouse), e.g. "lines[2]". */
  fieldFor: (productId: number, warehouseId: number) => string;
}

interface Row {
  id: string | number;
  product_id: string | number;
  warehouse_id: string | number;
  date: string;
  quantity: string;
  value: string;
  doc_type: string;
  doc_id: string | number;
  invoice_type: string | number | null;
  original_invoice_id: string | number | null;
  counter: string;
  name: string;
  stock_control: boolean;
}

/**
 * The live movements of products in replay order (date, posting order), each with its value
 * as the books hold it (posted value + its corrections) and the account its cost went to.
 * A movement is live when it is not a reversal, not a correction and not reversed.
 */
async function liveMovements(tx: Tx, businessId: number, productIds: number[]): Promise<Row[]> {
  const r = await sql<Row>`
    select m.id, m.product_id, m.warehouse_id, m.date::text as date, m.quantity::text as quantity,
           (m.value + coalesce((select sum(c.value) from stock_movements c
                                 where c.business_id = m.business_id and c.corrects_id = m.id), 0))::text as value,
           m.doc_type, m.doc_id, i.invoice_type, i.original_invoice_id,
           case when m.doc_type = 'stock_adjustment' and a.kind = 'opening' then 'opening_equity'
                when m.doc_type = 'stock_adjustment' then 'stock_adjustment' else 'cogs' end as counter,
           p.name, p.stock_control
      from stock_movements m
      join products p on p.business_id = m.business_id and p.id = m.product_id
      left join invoices i on m.doc_type = 'invoice' and i.business_id = m.business_id and i.id = m.doc_id
      left join stock_adjustments a on m.doc_type = 'stock_adjustment' and a.business_id = m.business_id and a.id = m.doc_id
     where m.business_id = ${businessId} and m.product_id = any(cast(${productIds} as bigint[]))
       and m.reverses_id is null and m.corrects_id is null
       and not exists (select 1 from stock_movements r where r.business_id = m.business_id and r.reverses_id = m.id)
     order by m.product_id, m.date, m.id`.execute(tx);
  return r.rows;
}

const toLive = (r: Row): LiveMovement => ({
  id: Number(r.id),
  warehouseId: Number(r.warehouse_id),
  date: r.date,
  quantity: new Dec(r.quantity),
  value: new Dec(r.value),
  docType: r.doc_type,
  docId: Number(r.doc_id),
  invoiceType: r.invoice_type === null ? null : Number(r.invoice_type),
  originalInvoiceId: r.original_invoice_id === null ? null : Number(r.original_invoice_id),
});

interface Correction {
  movementId: number;
  productId: number;
  warehouseId: number;
  date: string;
  delta: Decimal;
  counter: string;
}

/** Replays each product's live movements; the value corrections due (refusing a negative running quantity). */
function replayProducts(byProduct: Map<number, Row[]>, input: RecostInput): Correction[] {
  const corrections: Correction[] = [];
  for (const [productId, list] of byProduct) {
    const live = list.map(toLive);
    const checked = !input.allowNegative && list[0].stock_control;
    const r = replay(live, { decimals: input.decimals, checkFrom: checked ? input.fromDate : null });
    if (r.negative) {
      const m = r.negative.movement;
      const q = m.quantity.neg();
      throw fail.insufficientStock(
        input.fieldFor(productId, m.warehouseId),
        { productId, warehouseId: m.warehouseId, date: m.date, dateJalali: toJalali(m.date), available: r.negative.running.plus(q).toFixed(), requested: q.toFixed() },
        list[0].name,
      );
    }
    live.forEach((m, k) => {
      const delta = r.due.get(m.id)!.minus(m.value);
      if (!delta.isZero()) corrections.push({ movementId: m.id, productId, warehouseId: m.warehouseId, date: m.date, delta, counter: list[k].counter });
    });
  }
  return corrections;
}

/** Each product's stored stock value and average cost moved by its corrections. */
async function applyToProducts(tx: Tx, businessId: number, corrections: Correction[]): Promise<void> {
  const perProduct = new Map<number, Decimal>();
  for (const c of corrections) perProduct.set(c.productId, (perProduct.get(c.productId) ?? new Dec(0)).plus(c.delta));
  for (const [productId, d] of perProduct) {
    const p = await tx
      .selectFrom('products')
      .select(['stock_qty', 'stock_value'])
      .where('business_id', '=', businessId)
      .where('id', '=', productId)
      .executeTakeFirstOrThrow();
    const value = new Dec(p.stock_value).plus(d);
    await tx
      .updateTable('products')
      .set({ stock_value: toDb(value), avg_cost: toDb(averageCost(new Dec(p.stock_qty), value).toDecimalPlaces(10)), updated_at: sql`now()` })
      .where('business_id', '=', businessId)
      .where('id', '=', productId)
      .execute();
  }
}

/**
 * Re-costs products after a change that is not at the end of their history (a back-dated
 * document, a void): replays each product's live movements with the moving average, refuses
 * the change when a warehouse's running quantity would go below zero at any position from
 * `fromDate` on (INSUFFICIENT_STOCK naming the date), and brings every movement whose value
 * differs from the replay to it with a value-only correction row — never editing a posted
 * movement — plus, per date, one balanced voucher (inventory against the account the cost went
 * to) dated on the corrected movements' date, so reports at any date see the corrected books.
 */
export async function recostProducts(tx: Tx, actor: Actor, input: RecostInput): Promise<Correction[]> {
  const businessId = actor.businessId;
  if (input.productIds.length === 0) return [];
  const rows = await liveMovements(tx, businessId, input.productIds);
  const byProduct = new Map<number, Row[]>();
  for (const r of rows) {
    const list = byProduct.get(Number(r.product_id)) ?? [];
    list.push(r);
    byProduct.set(Number(r.product_id), list);
  }
  const corrections = replayProducts(byProduct, input);
  if (corrections.length === 0) return [];

  const roles = await accountsByRole(tx, businessId);
  const dates = [...new Set(corrections.map((c) => c.date))].sort();
  for (const date of dates) {
    const today = corrections.filter((c) => c.date === date);
    const v = new VoucherBuilder();
    const byCounter = new Map<string, Decimal>();
    for (const c of today) byCounter.set(c.counter, (byCounter.get(c.counter) ?? new Dec(0)).plus(c.delta));
    for (const [counter, d] of byCounter) {
      v.debit(roles.inventory, d, { description: input.cause.description }).credit(roles[counter as 'cogs'], d, { description: input.cause.description });
    }
    const voucherId = await postVoucher(tx, actor, {
      date,
      kind: 'stock_adjustment',
      description: input.cause.description,
      sourceType: `${input.cause.sourceType}_recost`,
      sourceId: input.cause.sourceId,
      lines: v,
    });
    await tx
      .insertInto('stock_movements')
      .values(
        today.map((c) => ({
          business_id: businessId,
          product_id: c.productId,
          warehouse_id: c.warehouseId,
          doc_type: RECOST_DOC,
          doc_id: voucherId,
          date,
          quantity: '0',
          unit_cost: '0',
          value: toDb(c.delta),
          corrects_id: c.movementId,
        })),
      )
      .execute();
  }
  await applyToProducts(tx, businessId, corrections);
  return corrections;
}

/**
 * The state of products at the end of a date, from the movements dated on or before it (voided
 * documents net to zero there: a void is dated on its document's date, a correction on its
 * movement's): quantity and value per product, quantity per (product, warehouse).
 */
export async function stockAtDate(
  tx: Tx,
  businessId: number,
  productIds: number[],
  date: IsoDate,
): Promise<{ products: Map<number, { qty: Decimal; value: Decimal }>; balances: Map<string, Decimal> }> {
  const r = await sql<{ product_id: string | number; warehouse_id: string | number; q: string; v: string }>`
    select product_id, warehouse_id, sum(quantity)::text as q, sum(value)::text as v
      from stock_movements
     where business_id = ${businessId} and product_id = any(cast(${productIds} as bigint[])) and date <= cast(${date} as date)
     group by product_id, warehouse_id`.execute(tx);
  const products = new Map<number, { qty: Decimal; value: Decimal }>();
  const balances = new Map<string, Decimal>();
  for (const id of productIds) products.set(id, { qty: new Dec(0), value: new Dec(0) });
  for (const x of r.rows) {
    const p = products.get(Number(x.product_id))!;
    p.qty = p.qty.plus(x.q);
    p.value = p.value.plus(x.v);
    balances.set(`${x.product_id}:${x.warehouse_id}`, new Dec(x.q));
  }
  return { products, balances };
}
