import type { Tx } from '../context.js';
import { MAX_LINES, type ReadInvoice } from './read-input.js';
import { postingContext, postingIds } from './repository.js';
import type { InvoiceLineInput } from './types.js';

export interface ContextProduct {
  id: number;
  code: string;
  name: string;
  kind: string;
  vatRate: string | null;
  active: boolean;
}

export interface ContextWarehouse {
  id: number;
  code: number;
  active: boolean;
}

/** What posting reads before it locks anything (repository.ts postingContext). */
export interface PostingContext {
  party: { id: number; detailId: number; name: string } | null;
  decimals: number;
  allowNegative: boolean;
  products: Map<number, ContextProduct>;
  /** by id */
  warehouses: Map<number, ContextWarehouse>;
  defaultWarehouse: ContextWarehouse | null;
  roles: Record<string, number>;
  fiscalYearId: number | null;
  /** the business's own VAT row in force on the date, if any */
  vatRate: string | null;
  /** Moadian's truncation from the business's Moadian start date, else half-up (docs/moadian.md, "Daftar's VAT arithmetic") */
  roundingMode: 'halfUp' | 'truncate';
  /** posting queues the invoice for Moadian when it is a sale or a sale return (docs/moadian.md "Sending on posting") */
  moadianOnPosting: boolean;
  invoiceId: number;
  voucherId: number | null;
}

/** Reads the posting context of a read invoice in two round trips (the ids apart: postingIds). */
export async function loadPostingContext(tx: Tx, businessId: number, read: ReadInvoice): Promise<PostingContext> {
  const ids = (pick: (l: InvoiceLineInput) => number | undefined) => [
    ...new Set(read.lines.slice(0, MAX_LINES).flatMap((l) => {
      const v = pick(l);
      return v !== undefined && Number.isSafeInteger(v) ? [v] : [];
    })),
  ];
  const warehouseIds = ids((l) => l.warehouseId ?? read.warehouseId);
  const r = await postingContext(businessId, {
    partyId: read.partyId,
    productIds: ids((l) => l.productId),
    warehouseIds,
    date: read.date,
    books: read.type !== 'proforma',
  }).execute(tx);
  const row = r.rows[0];
  const seq = (await postingIds(read.type !== 'proforma').execute(tx)).rows[0];
  const warehouse = (w: ContextWarehouse) => ({ id: Number(w.id), code: Number(w.code), active: Boolean(w.active) });
  return {
    party: row.party && { id: Number(row.party.id), detailId: Number(row.party.detailId), name: row.party.name },
    decimals: Number(row.business.decimals),
    allowNegative: Boolean(row.business.allowNegative),
    products: new Map(row.products.map((x) => [Number(x.id), { ...x, id: Number(x.id) }])),
    warehouses: new Map(row.warehouses.map((w) => [Number(w.id), warehouse(w)])),
    defaultWarehouse: row.default_warehouse && warehouse(row.default_warehouse),
    roles: row.roles ?? {},
    fiscalYearId: row.fiscal_year_id === null ? null : Number(row.fiscal_year_id),
    vatRate: row.vat_rate,
    roundingMode: row.truncate ? 'truncate' : 'halfUp',
    moadianOnPosting: Boolean(row.moadian_on_posting),
    invoiceId: Number(seq.invoice_id),
    voucherId: seq.voucher_id === null ? null : Number(seq.voucher_id),
  };
}

