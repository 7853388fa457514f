import { Dec } from '../shared/money.js';
import type { Product } from '../catalog/types.js';
import type { Party } from '../parties/types.js';
import type { Column, Row } from './layout.js';
import {
  CHEQUE_STATE_LABELS,
  DIRECTION_FA,
  INVOICE_TYPE_FA,
  PARTY_KIND_FA,
  PARTY_ROLE_FA,
  PAYMENT_METHOD_FA,
  PRODUCT_KIND_FA,
  STATUS_FA,
  YES_NO_FA,
} from './labels.js';

/**
 * The lists of /daftar/v1 (products, parties, invoices, payments, cheques, stock) as
 * spreadsheets (docs/reports.md "Lists as spreadsheets"): Persian headers, codes in Persian
 * words, amounts exact. The product and party layouts are also what an import reads back
 * (src/domain/imports): a sheet exported here imports into another business unchanged.
 */

/** The separator of several values in one cell (a product's barcodes, a party's phones). */
export const LIST_SEPARATOR = '، ';

export const PRODUCT_COLUMNS: Column[] = [
  { key: 'code', title: 'کد کالا', kind: 'text' },
  { key: 'name', title: 'نام کالا', kind: 'text' },
  { key: 'kind', title: 'نوع', kind: 'text', labels: PRODUCT_KIND_FA },
  { key: 'unit', title: 'واحد', kind: 'text' },
  { key: 'group', title: 'گروه', kind: 'text' },
  { key: 'barcodes', title: 'بارکد', kind: 'text' },
  { key: 'sellPrice', title: 'قیمت فروش', kind: 'amount' },
  { key: 'buyPrice', title: 'قیمت خرید', kind: 'amount' },
  { key: 'vatRate', title: 'نرخ مالیات (درصد)', kind: 'amount' },
  { key: 'active', title: 'فعال', kind: 'text', labels: YES_NO_FA },
  { key: 'stock', title: 'موجودی', kind: 'qty' },
  { key: 'averageCost', title: 'میانگین بها', kind: 'amount' },
];

/** The separator of a group path in one cell, root first («نوشیدنی / چای»). */
export const GROUP_PATH_SEPARATOR = ' / ';

export function productSheetRow(p: Product): Row {
  return {
    code: p.code,
    name: p.name,
    kind: p.kind,
    unit: p.unit,
    group: p.groupPath.join(GROUP_PATH_SEPARATOR),
    barcodes: p.barcodes.map((b) => b.barcode).join(LIST_SEPARATOR),
    sellPrice: p.sellPrice,
    buyPrice: p.buyPrice,
    vatRate: p.vatRate,
    active: String(p.active),
    stock: p.stockQty,
    averageCost: p.avgCost,
  };
}

export const PARTY_COLUMNS: Column[] = [
  { key: 'code', title: 'کد شخص', kind: 'text' },
  { key: 'kind', title: 'نوع شخص', kind: 'text', labels: PARTY_KIND_FA },
  { key: 'role', title: 'نقش', kind: 'text', labels: PARTY_ROLE_FA },
  { key: 'name', title: 'نام کامل', kind: 'text' },
  { key: 'firstName', title: 'نام', kind: 'text' },
  { key: 'lastName', title: 'نام خانوادگی', kind: 'text' },
  { key: 'companyName', title: 'نام شرکت', kind: 'text' },
  { key: 'nationalId', title: 'کد ملی', kind: 'text' },
  { key: 'economicCode', title: 'کد اقتصادی', kind: 'text' },
  { key: 'mobile', title: 'موبایل', kind: 'text' },
  { key: 'phones', title: 'تلفن', kind: 'text' },
  { key: 'address', title: 'آدرس', kind: 'text' },
  { key: 'postalCode', title: 'کد پستی', kind: 'text' },
  { key: 'active', title: 'فعال', kind: 'text', labels: YES_NO_FA },
  { key: 'balance', title: 'مانده', kind: 'amount' },
];

export function partySheetRow(p: Party): Row {
  const primary = p.phones.find((ph) => ph.isPrimary) ?? p.phones[0];
  return {
    code: p.code,
    kind: p.kind,
    role: p.roles[0] ?? null,
    name: p.fullName,
    firstName: p.firstName,
    lastName: p.lastName,
    companyName: p.companyName,
    nationalId: p.nationalId,
    economicCode: p.economicCode,
    mobile: primary?.tel ?? '',
    phones: p.phones.filter((ph) => ph !== primary).map((ph) => ph.tel).join(LIST_SEPARATOR),
    address: p.address,
    postalCode: p.postalCode,
    active: String(p.active),
    balance: p.balance,
  };
}

/** Invoices as the list gives them (`GET /invoices` items); the totals row sums the posted ones. */
export const INVOICE_COLUMNS: Column[] = [
  { key: 'number', title: 'شماره', kind: 'int' },
  { key: 'type', title: 'نوع فاکتور', kind: 'text', labels: INVOICE_TYPE_FA },
  { key: 'date', title: 'تاریخ', kind: 'date' },
  { key: 'partyName', title: 'طرف حساب', kind: 'text' },
  { key: 'subtotal', title: 'مبلغ کالاها', kind: 'amount' },
  { key: 'lineDiscounts', title: 'تخفیف ردیف‌ها', kind: 'amount' },
  { key: 'discount', title: 'تخفیف فاکتور', kind: 'amount' },
  { key: 'vat', title: 'مالیات بر ارزش افزوده', kind: 'amount' },
  { key: 'total', title: 'مبلغ قابل پرداخت', kind: 'amount' },
  { key: 'paid', title: 'پرداخت‌شده', kind: 'amount' },
  { key: 'remaining', title: 'مانده', kind: 'amount' },
  { key: 'status', title: 'وضعیت', kind: 'text', labels: STATUS_FA },
  { key: 'description', title: 'شرح', kind: 'text' },
];

/** Receipts and payments: the amount under «دریافت» or «پرداخت», so that the totals row means something. */
export const PAYMENT_COLUMNS: Column[] = [
  { key: 'id', title: 'شماره', kind: 'int' },
  { key: 'direction', title: 'نوع', kind: 'text', labels: DIRECTION_FA },
  { key: 'date', title: 'تاریخ', kind: 'date' },
  { key: 'partyName', title: 'طرف حساب', kind: 'text' },
  { key: 'method', title: 'روش', kind: 'text', labels: PAYMENT_METHOD_FA },
  { key: 'received', title: 'دریافت', kind: 'amount' },
  { key: 'paidOut', title: 'پرداخت', kind: 'amount' },
  { key: 'status', title: 'وضعیت', kind: 'text', labels: STATUS_FA },
  { key: 'description', title: 'شرح', kind: 'text' },
];

/**
 * A row with its amount under one of two columns by its direction (money in, money out), so
 * that each column adds up in the totals row.
 */
export function amountBySide<T extends { amount: string } & Row>(row: T, incoming: boolean, inKey: string, outKey: string): Row {
  return { ...row, [inKey]: incoming ? row.amount : null, [outKey]: incoming ? null : row.amount };
}

export function paymentSheetRow(p: { direction: string; amount: string } & Row): Row {
  return amountBySide(p, p.direction === 'in', 'received', 'paidOut');
}

/** Cheques: the amount under «دریافتی» or «پرداختی». */
export const CHEQUE_COLUMNS: Column[] = [
  { key: 'number', title: 'شماره چک', kind: 'text' },
  { key: 'direction', title: 'نوع', kind: 'text', labels: DIRECTION_FA },
  { key: 'dueDate', title: 'سررسید', kind: 'date' },
  { key: 'partyName', title: 'طرف حساب', kind: 'text' },
  { key: 'bank', title: 'بانک', kind: 'text' },
  { key: 'branch', title: 'شعبه', kind: 'text' },
  { key: 'sayadId', title: 'شناسه صیادی', kind: 'text' },
  { key: 'drawer', title: 'صادرکننده', kind: 'text' },
  { key: 'received', title: 'دریافتی', kind: 'amount' },
  { key: 'issued', title: 'پرداختی', kind: 'amount' },
  { key: 'state', title: 'وضعیت', kind: 'text', labels: CHEQUE_STATE_LABELS },
  { key: 'description', title: 'شرح', kind: 'text' },
];

export function chequeSheetRow(c: { direction: string; amount: string } & Row, partyName: string | null): Row {
  return amountBySide({ ...c, partyName }, c.direction === 'received', 'received', 'issued');
}

/** Stock on hand per product and warehouse (`GET /stock` items). No totals: units differ. */
export const STOCK_COLUMNS: Column[] = [
  { key: 'productCode', title: 'کد کالا', kind: 'text' },
  { key: 'productName', title: 'نام کالا', kind: 'text' },
  { key: 'unit', title: 'واحد', kind: 'text' },
  { key: 'warehouse', title: 'کد انبار', kind: 'int' },
  { key: 'warehouseName', title: 'انبار', kind: 'text' },
  { key: 'quantity', title: 'موجودی', kind: 'qty' },
];

/** The sum of each amount column over the rows (null cells count as 0), exact. */
export function columnTotals(columns: Column[], rows: Row[]): Row {
  const out: Row = {};
  for (const c of columns) {
    if (c.kind !== 'amount') continue;
    out[c.key] = rows.reduce((s, r) => (r[c.key] === null || r[c.key] === undefined ? s : s.plus(String(r[c.key]))), new Dec(0)).toFixed();
  }
  return out;
}
