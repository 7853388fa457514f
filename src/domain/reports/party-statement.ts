import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';
import { fail } from '../errors.js';
import { invoiceTypeOfCode } from '../invoicing/types.js';
import { Dec } from '../shared/money.js';
import { partyBalanceBefore, partyDocuments } from './party-statement.repository.js';
import type { Column, Row } from './layout.js';
import { readPaging, readPeriod, type Paging, type Period, type ReadDb } from './query.js';

/** What a statement row stands for, in the domain's words, with the number printed on it. */
export type StatementDocument =
  | { kind: 'invoice' | 'invoiceVoid'; invoiceType: string; invoiceId: number; number: number }
  | { kind: 'payment'; direction: 'in' | 'out'; paymentId: number; number: number }
  | { kind: 'opening' | 'voucher'; number: number };

export interface PartyStatementRow {
  date: string;
  voucherId: number;
  voucherNumber: number;
  document: StatementDocument;
  description: string;
  debit: string;
  credit: string;
  /** After this document: > 0 the party owes the business. */
  balance: string;
}

export interface PartyStatement {
  partyId: number;
  partyCode: string;
  partyName: string;
  period: Period;
  openingBalance: string;
  closingBalance: string;
  totals: { debit: string; credit: string };
  total: number;
  rows: PartyStatementRow[];
}

type DocRow = Awaited<ReturnType<ReturnType<typeof partyDocuments>['execute']>>['rows'][number];

function documentOf(r: DocRow): StatementDocument {
  const sourceId = Number(r.source_id);
  if (r.invoice_type !== null && r.invoice_no !== null) {
    const kind = r.source_type === 'invoice' ? 'invoice' : 'invoiceVoid';
    return { kind, invoiceType: invoiceTypeOfCode(Number(r.invoice_type)), invoiceId: sourceId, number: Number(r.invoice_no) };
  }
  if (r.source_type === 'payment' && r.payment_kind !== null) return { kind: 'payment', direction: r.payment_kind === 'receipt' ? 'in' : 'out', paymentId: sourceId, number: sourceId };
  return { kind: r.kind === 'opening' ? 'opening' : 'voucher', number: Number(r.voucher_number) };
}

/**
 * A party's statement (صورت‌حساب شخص), one row per document — an invoice, its void, a payment,
 * the opening balance, a manual voucher — with the number printed on it and the running balance
 * from the balance before the period. Lines of one voucher on the party's account are summed.
 */
export async function partyStatement(db: ReadDb, actor: Actor, q: { partyId: number; fromDate?: unknown; toDate?: unknown } & Partial<Paging>): Promise<PartyStatement> {
  authorize(actor, 'report.financial.read');
  const b = actor.businessId;
  const period = readPeriod(q);
  const { offset, limit } = readPaging(q);
  const party = await db.selectFrom('parties').select(['id', 'code', 'full_name', 'detail_id']).where('business_id', '=', b).where('id', '=', q.partyId).executeTakeFirst();
  if (!party) throw fail.notFound('party', 'partyId', q.partyId);
  const detailId = Number(party.detail_id);
  const opening = (await partyBalanceBefore(b, detailId, period).execute(db)).rows[0]?.balance ?? '0';
  const rows = (await partyDocuments(b, detailId, period, opening, offset, limit).execute(db)).rows;
  // A page past the end has no row to carry the totals: read them from page one's first row.
  const first = rows[0] ?? (offset > 0 ? (await partyDocuments(b, detailId, period, opening, 0, 1).execute(db)).rows[0] : undefined);
  const debit = first?.total_debit ?? '0';
  const credit = first?.total_credit ?? '0';
  return {
    partyId: Number(party.id),
    partyCode: party.code,
    partyName: party.full_name,
    period,
    openingBalance: new Dec(opening).toFixed(),
    closingBalance: new Dec(opening).plus(debit).minus(credit).toFixed(),
    totals: { debit: new Dec(debit).toFixed(), credit: new Dec(credit).toFixed() },
    total: first?.n ?? 0,
    rows: rows.map((r) => ({
      date: r.date.slice(0, 10),
      voucherId: Number(r.voucher_id),
      voucherNumber: Number(r.voucher_number),
      document: documentOf(r),
      description: r.description ?? '',
      debit: new Dec(r.debit).toFixed(),
      credit: new Dec(r.credit).toFixed(),
      balance: new Dec(r.balance).toFixed(),
    })),
  };
}

const DOCUMENT_FA: Record<string, string> = {
  sale: 'فاکتور فروش',
  purchase: 'فاکتور خرید',
  saleReturn: 'برگشت از فروش',
  purchaseReturn: 'برگشت از خرید',
  proforma: 'پیش‌فاکتور',
};

/** The document's name as the statement prints it ("فاکتور فروش", "ابطال فاکتور فروش", "دریافت", …). */
export function documentTitle(d: StatementDocument): string {
  if (d.kind === 'invoice') return DOCUMENT_FA[d.invoiceType] ?? 'فاکتور';
  if (d.kind === 'invoiceVoid') return `ابطال ${DOCUMENT_FA[d.invoiceType] ?? 'فاکتور'}`;
  if (d.kind === 'payment') return d.direction === 'in' ? 'دریافت' : 'پرداخت';
  return d.kind === 'opening' ? 'مانده اول دوره' : 'سند حسابداری';
}

/** The statement as a spreadsheet: one row per document, Jalali dates, Persian headers. */
export const PARTY_STATEMENT_COLUMNS: Column[] = [
  { key: 'date', title: 'تاریخ', kind: 'date' },
  { key: 'documentTitle', title: 'مدرک', kind: 'text' },
  { key: 'documentNumber', title: 'شماره', kind: 'int' },
  { key: 'description', title: 'شرح', kind: 'text' },
  { key: 'debit', title: 'بدهکار', kind: 'amount' },
  { key: 'credit', title: 'بستانکار', kind: 'amount' },
  { key: 'balance', title: 'مانده', kind: 'amount' },
];

export function statementSheetRows(s: PartyStatement): Row[] {
  return s.rows.map((r) => ({ ...r, documentTitle: documentTitle(r.document), documentNumber: r.document.number }));
}
