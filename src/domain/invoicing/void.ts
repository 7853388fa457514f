import { sql } from 'kysely';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { reverseVoucher } from '../ledger/voucher.js';
import { reverseStockMovements } from '../stock/movements.js';
import { postReversalVariance } from '../stock/variance.js';
import { relabel } from './post.js';
import { getInvoice } from './read.js';
import { INVOICE_TYPE_FA, type Invoice, type InvoiceType } from './types.js';
import { authorize } from '../auth/permissions.js';

/**
 * Voids (ابطال) an invoice: nothing is deleted. Its stock movements are mirrored at their own
 * original cost and its voucher is reversed, both dated on the invoice's date, and the invoice
 * is marked 'voided'. Refused for clerks, twice, for a sale that has live returns, and when
 * the goods a purchase brought in are no longer on hand (INSUFFICIENT_STOCK).
 */
export async function voidInvoice(tx: Tx, actor: Actor, id: number): Promise<Invoice> {
  authorize(actor, 'invoice.void');
  const businessId = actor.businessId;
  const inv = await tx
    .selectFrom('invoices')
    .select(['id', 'invoice_type', 'invoice_no', 'status', 'date', 'voucher_id'])
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!inv) throw fail.notFound('فاکتور', 'invoiceId', id, 'invoice');
  if (inv.status === 'voided') throw fail.conflict(`فاکتور ${id} قبلاً باطل شده است`, `invoice ${id} is already voided`, 'invoiceId');
  const type = Number(inv.invoice_type) as InvoiceType;
  const date = String(inv.date).slice(0, 10);

  const returns = await tx
    .selectFrom('invoices')
    .select('id')
    .where('business_id', '=', businessId)
    .where('original_invoice_id', '=', id)
    .where('status', '=', 'posted')
    .orderBy('id')
    .execute();
  if (returns.length > 0) {
    const ids = returns.map((r) => Number(r.id)).join(', ');
    throw fail.conflict(
      `فاکتور ${id} فاکتور برگشتی ثبت‌شده دارد (${ids})؛ ابتدا آن‌ها را باطل کنید`,
      `invoice ${id} has returns (${ids}); void them first`,
      'invoiceId',
    );
  }

  if (type !== 5) {
    const goodsLines = await tx
      .selectFrom('invoice_lines')
      .select('line_no')
      .where('business_id', '=', businessId)
      .where('invoice_id', '=', id)
      .where('item_type', '=', 0)
      .orderBy('line_no')
      .execute();
    let reversal;
    try {
      reversal = await reverseStockMovements(tx, actor, { docType: 'invoice', docId: id, date, newDocType: 'invoice_void', newDocId: id });
    } catch (err) {
      throw relabel(err, goodsLines.map((l) => l.line_no - 1));
    }
    await postReversalVariance(tx, actor, {
      date,
      docType: 'invoice',
      docId: id,
      reversal,
      counterRole: 'cogs',
      sourceType: 'invoice_void_variance',
      sourceId: id,
      description: `اختلاف بهای تمام‌شده در ابطال فاکتور ${INVOICE_TYPE_FA[type]} شماره ${inv.invoice_no}`,
    });
  }
  let voidVoucherId: number | null = null;
  if (inv.voucher_id !== null) {
    voidVoucherId = await reverseVoucher(tx, actor, Number(inv.voucher_id), {
      date,
      kind: 'void',
      description: `ابطال فاکتور ${INVOICE_TYPE_FA[type]} شماره ${inv.invoice_no}`,
      sourceType: 'invoice_void',
      sourceId: id,
    });
  }
  await tx
    .updateTable('invoices')
    .set({ status: 'voided', void_voucher_id: voidVoucherId, voided_at: sql`now()`, voided_by: actor.userId })
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .execute();
  await recordAudit(tx, actor, {
    action: 'void',
    entity: 'invoice',
    entityId: id,
    before: { status: 'posted', voucherId: inv.voucher_id },
    after: { status: 'voided', voidVoucherId },
  });
  return (await getInvoice(tx, actor, id))!;
}
