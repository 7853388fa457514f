import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';
import { fail } from '../errors.js';
import { invoiceTypeOfCode } from '../invoicing/types.js';
import { Dec } from '../shared/money.js';
import { CHEQUE_ACTION_FA, CHEQUE_STATE_FA, type ChequeAction, type ChequeState } from '../cheques/cheques.js';
import { partyBalanceBefore, partyDocuments } from './party-statement.repository.js';
import type { Column, Row } from './layout.js';
import { readPaging, readPeriod, type Paging, type Period, type ReadDb } from './query.js';

/** What a statement row stands for, in the domain's words, with the number printed on it. */
export type StatementDocument =
  | { kind: 'invoice' | 'invoiceVoid'; invoiceType: string; invoiceId: number; number: number }
  | { kind: 'payment' | 'paymentVoid'; direction: 'in' | 'out'; paymentId: number; number: number; cheque?: { number: string; state: string } }
  | { kind: 'cheque'; action: string; chequeId: number; number: number; chequeNumber: string; chequeState: string }
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
  const cheque = r.cheque_number !== null ? { number: r.cheque_number, state: r.cheque_state! } : undefined;
  if (r.source_type === 'payment' && r.payment_kind !== null) {
    const kind = r.kind === 'void' ? 'paymentVoid' : 'payment';
    return { kind, direction: r.payment_kind === 'receipt' ? 'in' : 'out', paymentId: sourceId, number: sourceId, ...(cheque ? { cheque } : {}) };
  }
  if (r.source_type === 'cheque_event' && cheque && r.cheque_action !== null) {
    return { kind: 'cheque', action: r.cheque_action, chequeId: Number(r.cheque_id), number: Number(r.voucher_number), chequeNumber: cheque.number, chequeState: cheque.state };
  }
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
  const party = await db.selectFrom('parties').select(['id', 'code', 'full_name', 'detail_id']).where('business_id', '=', b).where('id', '=', q.partyId).executeTakeFirst();
  if (!party) throw fail.notFound('party', 'partyId', q.partyId);
  const book = await detailBook(db, b, Number(party.detail_id), q);
  return { partyId: Number(party.id), partyCode: party.code, partyName: party.full_name, ...book };
}

export type DetailBook = Omit<PartyStatement, 'partyId' | 'partyCode' | 'partyName'>;

/**
 * The book of one detail account (a party's, a cash register's, a bank account's): one row per
 * document in the period with its running balance from the balance before the period.
 */
export async function detailBook(
  db: ReadDb,
  businessId: number,
  detailId: number,
  q: { fromDate?: unknown; toDate?: unknown } & Partial<Paging>,
  roles?: string[],
): Promise<DetailBook> {
  const b = businessId;
  const period = readPeriod(q);
  const { offset, limit } = readPaging(q);
  const opening = (await partyBalanceBefore(b, detailId, period, roles).execute(db)).rows[0]?.balance ?? '0';
  const rows = (await partyDocuments(b, detailId, period, opening, offset, limit, roles).execute(db)).rows;
  // A page past the end has no row to carry the totals: read them from page one's first row.
  const first = rows[0] ?? (offset > 0 ? (await partyDocuments(b, detailId, period, opening, 0, 1, roles).execute(db)).rows[0] : undefined);
  const debit = first?.total_debit ?? '0';
  const credit = first?.total_credit ?? '0';
  return {
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
  if (d.kind === 'payment' || d.kind === 'paymentVoid') {
    const what = `${d.kind === 'paymentVoid' ? 'ابطال ' : ''}${d.direction === 'in' ? 'دریافت' : 'پرداخت'}`;
    return d.cheque ? `${what} چک ${d.cheque.number} (${CHEQUE_STATE_FA[d.cheque.state as ChequeState] ?? d.cheque.state})` : what;
  }
  if (d.kind === 'cheque') return `${CHEQUE_ACTION_FA[d.action as ChequeAction] ?? d.action} چک ${d.chequeNumber} (${CHEQUE_STATE_FA[d.chequeState as ChequeState] ?? d.chequeState})`;
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

/** A party statement's or a money book's rows for a sheet: the document's title and printed number. */
export function statementSheetRows(s: Pick<PartyStatement, 'rows'>): Row[] {
  return s.rows.map((r) => ({ ...r, documentTitle: documentTitle(r.document), documentNumber: r.document.number }));
}
