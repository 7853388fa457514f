import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { transact } from '../../db/transact.js';
import type { Actor, Tx } from '../context.js';
import { authorize, invoicePermission } from '../auth/permissions.js';
import { fail } from '../errors.js';
import { toRoleMap } from '../ledger/chart.js';
import { fiscalYearFor } from '../ledger/fiscal.js';
import { buildInvoiceVoucher } from './voucher.js';
import { draftInvoice } from './draft.js';
import { assertInvoiceNumberFree } from './numbering.js';
import { loadOriginal } from './original.js';
import { checkReturnAgainstOriginal, type OriginalInvoice } from './return-check.js';
import { isReturn, readInvoiceInput, type ReadInvoice } from './read-input.js';
import { loadPostingContext, type PostingContext } from './context.js';
import { resolveLines, type ResolvedInvoice } from './resolve.js';
import { planStockMovements, type StockPlan } from './stock-plan.js';
import { INVOICE_TYPE_CODE, isInvoiceType, type Invoice, type InvoiceInput, type InvoiceType } from './types.js';
import { enqueueOnPosting } from '../moadian/submission.js';
import { writeInvoice, type InvoiceWrite } from './write.js';

/** Everything posting has decided before it writes: the invoice as it will be stored. */
interface PlannedInvoice {
  read: ReadInvoice;
  ctx: PostingContext;
  resolved: ResolvedInvoice;
  original?: OriginalInvoice;
  stock: StockPlan;
  write: InvoiceWrite;
}

/**
 * Steps 1–5 (read, resolve, check the return, plan the stock, build the voucher): what posting
 * reads, locks and decides, writing nothing. Shared by postInvoice and previewInvoice.
 */
async function planInvoice(tx: Tx, actor: Actor, input: InvoiceInput): Promise<PlannedInvoice> {
  if (isInvoiceType(input.type)) authorize(actor, invoicePermission(INVOICE_TYPE_CODE[input.type], 'create'));
  const read = readInvoiceInput(input);
  const ctx = await loadPostingContext(tx, actor.businessId, read);
  const resolved = resolveLines(read, ctx);
  let original: OriginalInvoice | undefined;
  if (read.originalInvoiceId !== undefined) {
    if (!isReturn(read.type)) throw fail.with('INVOICE_ORIGINAL_NOT_A_RETURN', { field: 'originalInvoiceId' });
    original = await loadOriginal(tx, actor.businessId, read.originalInvoiceId);
    checkReturnAgainstOriginal(read, resolved, original);
  }
  if (read.number !== undefined) await assertInvoiceNumberFree(tx, actor.businessId, read.type, read.number);
  const stock = await planStockMovements(tx, actor, { decimals: ctx.decimals, allowNegative: ctx.allowNegative }, {
    type: read.type,
    invoiceId: ctx.invoiceId,
    date: read.date,
    resolved,
    original,
  });
  const invoice = draftInvoice(read, { invoiceId: ctx.invoiceId, voucherId: ctx.voucherId, userId: read.userId ?? actor.userId ?? null }, resolved, stock);
  let voucher: InvoiceWrite['voucher'] = null;
  if (read.type !== 'proforma') {
    const lines = buildInvoiceVoucher({
      type: read.type,
      roles: toRoleMap(actor.businessId, ctx.roles),
      partyDetailId: resolved.party.detailId,
      computed: resolved.computed,
      kinds: resolved.lines.map((l) => l.kind),
      stockValue: stock.value,
    });
    // The first document of a year opens it (fiscalYearFor inserts the year, refusing a closed
    // one); in a preview that insert is rolled back with the rest (docs/api.md).
    const fiscalYearId = ctx.fiscalYearId ?? (await fiscalYearFor(tx, actor.businessId, read.date, 'invoiceDate')).id;
    voucher = { id: ctx.voucherId!, fiscalYearId, lines };
  }
  return { read, ctx, resolved, original, stock, write: { invoice, wantedNumber: read.number, stock, voucher } };
}

/**
 * Posts an invoice: validates it whole, stores it with every computed figure, and in the same
 * transaction posts its stock movements, its one balanced voucher and its audit entry.
 * A proforma is stored and numbered but posts nothing.
 *
 * Round trips (docs/performance.md): one read of everything posting needs, the stock locks
 * (products, then balances), then ONE write statement (writeInvoice).
 */
export async function postInvoice(tx: Tx, actor: Actor, input: InvoiceInput): Promise<Invoice> {
  const planned = await planInvoice(tx, actor, input);
  const invoice = await writeInvoice(tx, actor, planned.write);
  // Sending on posting (docs/moadian.md): queued in this transaction, on every surface; never fails the posting
  if (planned.ctx.moadianOnPosting && MOADIAN_TYPES.has(planned.read.type)) await enqueueOnPosting(tx, actor, invoice.id);
  return invoice;
}

/** What Moadian takes (spec §5.1): a sale goes as an original, a sale return as a return (or a void when nothing remains). */
const MOADIAN_TYPES: ReadonlySet<InvoiceType> = new Set(['sale', 'saleReturn']);

/** Carries a previewed invoice out of the transaction that computed it, rolling that transaction back. */
class Previewed extends Error {
  constructor(readonly invoice: Invoice) {
    super('invoice preview');
  }
}

/**
 * Every figure of an invoice as posting would store it, writing nothing: the same steps as
 * postInvoice up to the voucher (which is built, so an unbalanced one is refused), with the
 * stock locked and checked as posting checks it (a sale beyond the stock is refused here too).
 * Only the id sequences advance. `number` is the client's own or 0; `id` and `voucherId` are
 * the ids the posting would have taken.
 *
 * A back-dated invoice (a movement of its products is dated after it) is the one case that
 * writes: the later movements can only be re-costed and checked against a history that holds
 * this invoice's own movements, so that preview posts and rolls back (docs/api.md).
 */
export async function previewInvoice(db: Kysely<DB>, actor: Actor, input: InvoiceInput): Promise<Invoice> {
  try {
    await transact(db, async (tx) => {
      const planned = await planInvoice(tx, actor, input);
      planned.write.voucher?.lines.build();
      if (planned.stock.recost) throw new Previewed(await writeInvoice(tx, actor, planned.write));
      throw new Previewed(planned.write.invoice);
    });
  } catch (err) {
    if (err instanceof Previewed) return err.invoice;
    throw err;
  }
  throw new Error('a preview always rolls back');
}
