import type { InvoiceType } from './types.js';

/** Each type's name in a message: `{typeFa}` in Persian, `{type}` in English. */
const TYPE_EN: Record<InvoiceType, string> = {
  purchase: 'purchase',
  sale: 'sale',
  purchaseReturn: 'purchase return',
  saleReturn: 'sale return',
  proforma: 'proforma',
};

export const INVOICE_TYPE_FA: Record<InvoiceType, string> = {
  purchase: 'خرید',
  sale: 'فروش',
  purchaseReturn: 'برگشت از خرید',
  saleReturn: 'برگشت از فروش',
  proforma: 'پیش‌فاکتور',
};

export function typeSlots(type: InvoiceType): { type: string; typeFa: string } {
  return { type: TYPE_EN[type], typeFa: INVOICE_TYPE_FA[type] };
}
