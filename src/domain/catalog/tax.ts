import type { Product } from './types.js';
import { Dec, roundMoney, type Dec as Decimal } from '../shared/money.js';

/** VAT rate for a product's sale/buy tax amounts when it has no rate of its own (Chortke's
 * seed: 556200 = 9% of 6180000). Invoices use the effective-dated table (invoicing/vat.ts). */
export const DEFAULT_PRODUCT_VAT_PERCENT = '9';

/** A product's sale and buy tax AMOUNTS: the stored ones when a client gave them, else
 * round(price × rate / 100) at the product's rate or the default. */
export function productTaxAmounts(p: Pick<Product, 'saleTax' | 'buyTax' | 'sellPrice' | 'buyPrice' | 'vatRate'>): { saleTax: Decimal; buyTax: Decimal } {
  const rate = p.vatRate ?? DEFAULT_PRODUCT_VAT_PERCENT;
  const amount = (stored: string | null, price: string) => (stored !== null ? new Dec(stored) : roundMoney(new Dec(price).times(rate).div(100)));
  return { saleTax: amount(p.saleTax, p.sellPrice), buyTax: amount(p.buyTax, p.buyPrice) };
}
