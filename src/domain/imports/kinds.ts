import { normalizeText, toAsciiDigits } from '../shared/text.js';
import { PARTY_COLUMNS, PRODUCT_COLUMNS } from '../reports/lists.js';
import type { Column } from '../reports/layout.js';

/**
 * What each kind of import reads: its fields, each with the Persian title an error names it by,
 * the headers it is known by (Daftar's own export, Hesabfa's and Siba's exports and API words,
 * common Persian synonyms) and how a cell is read. Headers match after normalisation (Arabic
 * ي/ك, digits, spaces, zero-width joiners, punctuation and case do not matter).
 */
export type ImportKind = 'products' | 'parties' | 'openingStock' | 'openingBalances';
export const IMPORT_KINDS: readonly ImportKind[] = ['products', 'parties', 'openingStock', 'openingBalances'];

export type FieldType = 'text' | 'code' | 'amount' | 'quantity' | 'integer' | 'list' | 'boolean' | 'choice';

export interface Field {
  key: string;
  /** The field's Persian name (a message names the file's own header, this when the column is missing). */
  title: string;
  type: FieldType;
  required?: boolean;
  headers: string[];
  /** choice: each accepted spelling (normalised) → the stored value. */
  choices?: Record<string, string>;
  /** amount/quantity: refuse values ≤ 0 (`positive`) or < 0 (`nonNegative`). */
  sign?: 'positive' | 'nonNegative';
  max?: number;
}

/** Our own export's header for a field key, so a sheet exported by Daftar imports back unchanged. */
const own = (columns: Column[], key: string) => columns.filter((c) => c.key === key).map((c) => c.title);

const PRODUCT_FIELDS: Field[] = [
  { key: 'code', title: 'کد کالا', type: 'code', max: 100, headers: [...own(PRODUCT_COLUMNS, 'code'), 'کد', 'کد حسابداری', 'کد حسابداری کالا', 'code'] },
  { key: 'name', title: 'نام کالا', type: 'text', required: true, max: 500, headers: [...own(PRODUCT_COLUMNS, 'name'), 'نام', 'عنوان', 'عنوان کالا', 'نام کالا یا خدمت', 'نام کالا/خدمت', 'شرح کالا', 'name', 'title'] },
  {
    key: 'kind', title: 'نوع', type: 'choice', headers: [...own(PRODUCT_COLUMNS, 'kind'), 'نوع کالا', 'نوع کالا/خدمت', 'kind'],
    choices: { کالا: 'goods', goods: 'goods', محصول: 'goods', '0': 'goods', true: 'goods', خدمت: 'service', خدمات: 'service', service: 'service', '1': 'service', false: 'service' },
  },
  { key: 'unit', title: 'واحد', type: 'text', max: 200, headers: [...own(PRODUCT_COLUMNS, 'unit'), 'واحد اصلی', 'واحد شمارش', 'واحد کالا', 'واحد سنجش', 'unit'] },
  { key: 'group', title: 'گروه', type: 'text', max: 1000, headers: [...own(PRODUCT_COLUMNS, 'group'), 'گروه کالا', 'دسته بندی', 'دسته', 'مسیر دسته بندی', 'group', 'category'] },
  { key: 'barcodes', title: 'بارکد', type: 'list', headers: [...own(PRODUCT_COLUMNS, 'barcodes'), 'بارکدها', 'بارکد کالا', 'barcode', 'barcodes'] },
  { key: 'sellPrice', title: 'قیمت فروش', type: 'amount', sign: 'nonNegative', headers: [...own(PRODUCT_COLUMNS, 'sellPrice'), 'فی فروش', 'بهای فروش', 'مبلغ فروش', 'قیمت فروش (ریال)', 'sellPrice', 'salePrice'] },
  { key: 'buyPrice', title: 'قیمت خرید', type: 'amount', sign: 'nonNegative', headers: [...own(PRODUCT_COLUMNS, 'buyPrice'), 'فی خرید', 'بهای خرید', 'مبلغ خرید', 'قیمت خرید (ریال)', 'buyPrice', 'purchasePrice'] },
  { key: 'vatRate', title: 'نرخ مالیات', type: 'amount', sign: 'nonNegative', headers: [...own(PRODUCT_COLUMNS, 'vatRate'), 'نرخ مالیات', 'درصد مالیات', 'نرخ مالیات بر ارزش افزوده', 'vatRate', 'taxRate'] },
  { key: 'active', title: 'فعال', type: 'boolean', headers: [...own(PRODUCT_COLUMNS, 'active'), 'وضعیت', 'active'] },
];

const PARTY_FIELDS: Field[] = [
  { key: 'code', title: 'کد شخص', type: 'code', max: 100, headers: [...own(PARTY_COLUMNS, 'code'), 'کد', 'کد حسابداری', 'کد طرف حساب', 'code'] },
  { key: 'kind', title: 'نوع شخص', type: 'choice', headers: [...own(PARTY_COLUMNS, 'kind'), 'نوع', 'kind', 'personType'], choices: { حقیقی: 'person', شخص: 'person', person: 'person', حقوقی: 'company', شرکت: 'company', company: 'company' } },
  {
    key: 'role', title: 'نقش', type: 'choice', headers: [...own(PARTY_COLUMNS, 'role'), 'نوع طرف حساب', 'role', 'roles'],
    choices: { مشتری: 'customer', خریدار: 'customer', customer: 'customer', تامین‌کننده: 'supplier', تامینکننده: 'supplier', 'تامین کننده': 'supplier', 'تأمین کننده': 'supplier', تأمین‌کننده: 'supplier', فروشنده: 'supplier', supplier: 'supplier', خدمات‌دهنده: 'serviceProvider', 'خدمات دهنده': 'serviceProvider', serviceProvider: 'serviceProvider', کارمند: 'employee', employee: 'employee' },
  },
  { key: 'name', title: 'نام کامل', type: 'text', max: 500, headers: [...own(PARTY_COLUMNS, 'name'), 'نام و نام خانوادگی', 'نام نمایشی', 'عنوان', 'fullName', 'name', 'title'] },
  { key: 'firstName', title: 'نام', type: 'text', max: 200, headers: [...own(PARTY_COLUMNS, 'firstName'), 'firstName'] },
  { key: 'lastName', title: 'نام خانوادگی', type: 'text', max: 200, headers: [...own(PARTY_COLUMNS, 'lastName'), 'lastName', 'family'] },
  { key: 'companyName', title: 'نام شرکت', type: 'text', max: 500, headers: [...own(PARTY_COLUMNS, 'companyName'), 'شرکت', 'companyName'] },
  { key: 'nationalId', title: 'کد ملی', type: 'code', max: 20, headers: [...own(PARTY_COLUMNS, 'nationalId'), 'شناسه ملی', 'کد/شناسه ملی', 'nationalId', 'nationalCode'] },
  { key: 'economicCode', title: 'کد اقتصادی', type: 'code', max: 20, headers: [...own(PARTY_COLUMNS, 'economicCode'), 'economicCode'] },
  { key: 'mobile', title: 'موبایل', type: 'code', max: 30, headers: [...own(PARTY_COLUMNS, 'mobile'), 'تلفن همراه', 'شماره موبایل', 'همراه', 'mobile'] },
  { key: 'phones', title: 'تلفن', type: 'list', headers: [...own(PARTY_COLUMNS, 'phones'), 'تلفن ثابت', 'شماره تلفن', 'phone', 'phones', 'tel'] },
  { key: 'address', title: 'آدرس', type: 'text', max: 1000, headers: [...own(PARTY_COLUMNS, 'address'), 'نشانی', 'address'] },
  { key: 'postalCode', title: 'کد پستی', type: 'code', max: 20, headers: [...own(PARTY_COLUMNS, 'postalCode'), 'postalCode'] },
  { key: 'active', title: 'فعال', type: 'boolean', headers: [...own(PARTY_COLUMNS, 'active'), 'وضعیت', 'active'] },
];

const OPENING_STOCK_FIELDS: Field[] = [
  { key: 'productCode', title: 'کد کالا', type: 'code', max: 100, headers: ['کد کالا', 'کد', 'productCode', 'code'] },
  { key: 'barcode', title: 'بارکد', type: 'code', max: 100, headers: ['بارکد', 'barcode'] },
  { key: 'warehouse', title: 'کد انبار', type: 'integer', headers: ['کد انبار', 'انبار', 'warehouse'] },
  { key: 'quantity', title: 'مقدار', type: 'quantity', required: true, sign: 'positive', headers: ['مقدار', 'تعداد', 'موجودی', 'موجودی اول دوره', 'quantity', 'stock'] },
  { key: 'unitCost', title: 'بهای واحد', type: 'amount', required: true, sign: 'positive', headers: ['بهای واحد', 'قیمت واحد', 'فی', 'نرخ', 'بهای تمام‌شده واحد', 'میانگین بها', 'قیمت خرید', 'unitCost', 'cost', 'buyPrice'] },
];

const OPENING_BALANCE_FIELDS: Field[] = [
  { key: 'partyCode', title: 'کد شخص', type: 'code', required: true, max: 100, headers: ['کد شخص', 'کد', 'کد طرف حساب', 'partyCode', 'code'] },
  { key: 'debit', title: 'بدهکار', type: 'amount', sign: 'nonNegative', headers: ['بدهکار', 'debit'] },
  { key: 'credit', title: 'بستانکار', type: 'amount', sign: 'nonNegative', headers: ['بستانکار', 'credit'] },
  { key: 'balance', title: 'مانده', type: 'amount', headers: ['مانده', 'مانده اول دوره', 'مبلغ', 'balance', 'openingBalance', 'amount'] },
];

export const IMPORT_FIELDS: Record<ImportKind, Field[]> = {
  products: PRODUCT_FIELDS,
  parties: PARTY_FIELDS,
  openingStock: OPENING_STOCK_FIELDS,
  openingBalances: OPENING_BALANCE_FIELDS,
};

/** A header's matching form: Arabic letters and digits folded, spaces, joiners and punctuation dropped. */
export function headerKey(h: string): string {
  return normalizeText(h).replace(/[\s\u200c_\-–—.:/\\()[\]{}«»"'*#،,؛;]+/g, '').replace(/آ/g, 'ا').replace(/أ/g, 'ا');
}

/**
 * More headers a field is known by, per kind and field key: the other vendors' export and API
 * words, which their surfaces own (src/http/common/import-headers.ts) and pass in.
 */
export type ExtraHeaders = Partial<Record<ImportKind, Record<string, readonly string[]>>>;

/** A kind's header lookup: matching form → field key (our own names first; the first field that claims a header wins). */
function lookupOf(kind: ImportKind, extra: ExtraHeaders): Map<string, string> {
  const m = new Map<string, string>();
  const add = (h: string, key: string) => {
    if (!m.has(headerKey(h))) m.set(headerKey(h), key);
  };
  for (const f of IMPORT_FIELDS[kind]) for (const h of [f.title, ...f.headers]) add(h, f.key);
  for (const [key, headers] of Object.entries(extra[kind] ?? {})) for (const h of headers) add(h, key);
  return m;
}

const LOOKUPS = new WeakMap<ExtraHeaders, Map<ImportKind, Map<string, string>>>();
const NONE: ExtraHeaders = {};

/** The field a header names in an import of `kind`, if any. */
export function fieldOfHeader(kind: ImportKind, header: string, extra: ExtraHeaders = NONE): string | undefined {
  const k = headerKey(header);
  if (k === '') return undefined;
  let byKind = LOOKUPS.get(extra);
  if (!byKind) LOOKUPS.set(extra, (byKind = new Map()));
  let m = byKind.get(kind);
  if (!m) byKind.set(kind, (m = lookupOf(kind, extra)));
  return m.get(k);
}

/** A cell's text as read: Arabic ي/ك folded to ی/ک, invisible marks dropped, spaces trimmed (digits kept as written). */
export function cleanCell(s: string): string {
  return s
    .replace(/[\u064A\u0649]/g, '\u06CC')
    .replace(/\u0643/g, '\u06A9')
    .replace(/[\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * An exact decimal from a cell's text, or null when it is not a plain number: Persian and Arabic
 * digits; `٬` thousands separators anywhere, `,` only in proper groups of three («1,250,000»;
 * «1,5» is refused, not read as 15); `٫` as the decimal point; `+`; accountants' negatives
 * «(1250)» and «1250-». No float is involved: the digits are kept as text.
 */
export function decimalText(s: string): string | null {
  let t = toAsciiDigits(s).replace(/\s/g, '').replace(/\u066C/g, '').replace(/\u066B/g, '.').replace(/^\+/, '');
  const paren = /^\((.*)\)$/.exec(t);
  if (paren) t = `-${paren[1]}`;
  const trailing = /^([^-].*)-$/.exec(t);
  if (trailing) t = `-${trailing[1]}`;
  if (t.includes(',')) {
    if (!/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return null;
    t = t.replace(/,/g, '');
  }
  return /^-?\d+(\.\d+)?$/.test(t) ? t : null;
}
