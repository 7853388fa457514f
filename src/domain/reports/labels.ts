import { CHEQUE_ACTION_FA, CHEQUE_STATE_FA } from '../cheques/cheques.js';

/**
 * Persian words for the codes that stand in reports and lists, so that no English code
 * (`invoice`, `payment`, `asset`) appears inside a Persian sheet. JSON keeps the codes; a
 * `Column`'s `labels` puts these in its CSV and XLSX cells (layout.ts).
 */

/** Stock movements' and vouchers' source documents. */
export const DOCUMENT_TYPE_FA: Readonly<Record<string, string>> = {
  invoice: 'فاکتور',
  invoice_void: 'ابطال فاکتور',
  invoice_void_variance: 'تفاوت بهای ابطال فاکتور',
  stock_adjustment: 'تعدیل انبار',
  opening: 'موجودی اول دوره',
  opening_reversal: 'اصلاح موجودی اول دوره',
  payment: 'دریافت/پرداخت',
  party: 'مانده اول دوره شخص',
  cash_register: 'مانده اول دوره صندوق',
  bank_account: 'مانده اول دوره بانک',
  cheque_event: 'گردش چک',
  fiscal_year_close: 'اختتامیه سال مالی',
  fiscal_year_open: 'افتتاحیه سال مالی',
  fiscal_year_result: 'بستن سود و زیان سال',
};

export const INVOICE_TYPE_FA: Readonly<Record<string, string>> = {
  sale: 'فروش',
  purchase: 'خرید',
  saleReturn: 'برگشت از فروش',
  purchaseReturn: 'برگشت از خرید',
  proforma: 'پیش‌فاکتور',
};

export const STATUS_FA: Readonly<Record<string, string>> = { posted: 'ثبت‌شده', void: 'باطل‌شده' };
export const DIRECTION_FA: Readonly<Record<string, string>> = { in: 'دریافت', out: 'پرداخت', received: 'دریافتی', issued: 'پرداختی' };
export const PAYMENT_METHOD_FA: Readonly<Record<string, string>> = { cash: 'نقد', bank: 'انتقال بانکی', card: 'کارت', cheque: 'چک' };
export const PRODUCT_KIND_FA: Readonly<Record<string, string>> = { goods: 'کالا', service: 'خدمت' };
export const PARTY_KIND_FA: Readonly<Record<string, string>> = { person: 'حقیقی', company: 'حقوقی' };
export const PARTY_ROLE_FA: Readonly<Record<string, string>> = { customer: 'مشتری', supplier: 'تامین‌کننده', serviceProvider: 'خدمات‌دهنده', employee: 'کارمند' };
export const YES_NO_FA: Readonly<Record<string, string>> = { true: 'بله', false: 'خیر' };
export const CHEQUE_STATE_LABELS: Readonly<Record<string, string>> = CHEQUE_STATE_FA;
export const CHEQUE_ACTION_LABELS: Readonly<Record<string, string>> = CHEQUE_ACTION_FA;
