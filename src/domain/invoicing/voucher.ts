import { VoucherBuilder } from '../ledger/voucher.js';
import type { RoleMap } from '../ledger/chart.js';
import { ZERO, type Dec as Decimal } from '../shared/money.js';
import type { ComputedInvoice } from './compute.js';
import type { InvoiceType, LineKind } from './types.js';

export interface InvoiceVoucherInput {
  type: InvoiceType;
  roles: RoleMap;
  partyDetailId: number;
  computed: ComputedInvoice;
  /** each line's kind, in line order */
  kinds: LineKind[];
  /** Σ |value| of the invoice's stock movements (what the inventory account moves by). */
  stockValue: Decimal;
}

/**
 * The one voucher of an invoice (accounting.md's table). Goods lines move the inventory
 * account by exactly their stock movements' value, so the inventory account always equals
 * the valuation; the levy (عوارض) goes with VAT. Step 5 of posting (pure). Proformas post
 * nothing and never get here.
 */
export function buildInvoiceVoucher(p: InvoiceVoucherInput): VoucherBuilder {
  const { roles, computed: c, stockValue } = p;
  const party = { detailId: p.partyDetailId };
  let goodsNet = ZERO;
  let serviceNet = ZERO;
  c.lines.forEach((l, i) => {
    if (p.kinds[i] === 'goods') goodsNet = goodsNet.plus(l.net);
    else serviceNet = serviceNet.plus(l.net);
  });
  const vat = c.vat.plus(c.levy);
  const v = new VoucherBuilder();
  switch (p.type) {
    case 'purchase':
      v.debit(roles.inventory, stockValue, { description: 'خرید کالا' })
        // a unit cost that does not divide evenly leaves a sub-Rial difference
        .debit(roles.rounding, goodsNet.minus(stockValue), { description: 'گرد کردن بهای کالا' })
        .debit(roles.purchases_expense, serviceNet.plus(c.serviceCharge), { description: 'خدمات خریداری‌شده' })
        .debit(roles.purchases_expense, c.freight, { description: 'کرایه حمل' })
        .debit(roles.vat_receivable, vat, { description: 'مالیات و عوارض ارزش افزوده خرید' })
        .credit(roles.discounts_received, c.discount, { description: 'تخفیف خرید' })
        .credit(roles.rounding, c.rounding, { description: 'گرد کردن فاکتور' })
        .credit(roles.payable, c.payable, { ...party, description: 'بستانکار بابت خرید' });
      break;
    case 'sale':
      v.debit(roles.receivable, c.payable, { ...party, description: 'بدهکار بابت فروش' })
        .debit(roles.discounts_given, c.discount, { description: 'تخفیف فروش' })
        .debit(roles.rounding, c.rounding, { description: 'گرد کردن فاکتور' })
        .credit(roles.sales, goodsNet, { description: 'فروش کالا' })
        .credit(roles.service_revenue, serviceNet, { description: 'درآمد خدمات' })
        .credit(roles.service_revenue, c.freight, { description: 'کرایه حمل' })
        .credit(roles.service_charge, c.serviceCharge, { description: 'حق سرویس' })
        .credit(roles.vat_payable, vat, { description: 'مالیات و عوارض ارزش افزوده فروش' })
        .debit(roles.cogs, stockValue, { description: 'بهای تمام‌شده کالای فروش‌رفته' })
        .credit(roles.inventory, stockValue, { description: 'خروج کالا از انبار' });
      break;
    case 'purchaseReturn': // the goods leave at today's average; the price difference is a cost variance
      v.debit(roles.payable, c.payable, { ...party, description: 'بدهکار بابت برگشت از خرید' })
        .debit(roles.discounts_received, c.discount, { description: 'برگشت تخفیف خرید' })
        .debit(roles.rounding, c.rounding, { description: 'گرد کردن فاکتور' })
        .credit(roles.inventory, stockValue, { description: 'برگشت کالا به فروشنده' })
        .credit(roles.cogs, goodsNet.minus(stockValue), { description: 'تفاوت بهای برگشت از خرید' })
        .credit(roles.purchases_expense, serviceNet.plus(c.serviceCharge), { description: 'برگشت خدمات خریداری‌شده' })
        .credit(roles.purchases_expense, c.freight, { description: 'برگشت کرایه حمل' })
        .credit(roles.vat_receivable, vat, { description: 'مالیات و عوارض ارزش افزوده خرید' });
      break;
    case 'saleReturn':
      v.debit(roles.sales_returns, goodsNet.plus(serviceNet), { description: 'برگشت از فروش' })
        .debit(roles.sales_returns, c.freight, { description: 'برگشت کرایه حمل' })
        .debit(roles.service_charge, c.serviceCharge, { description: 'برگشت حق سرویس' })
        .debit(roles.vat_payable, vat, { description: 'مالیات و عوارض ارزش افزوده فروش' })
        .credit(roles.discounts_given, c.discount, { description: 'برگشت تخفیف فروش' })
        .credit(roles.rounding, c.rounding, { description: 'گرد کردن فاکتور' })
        .credit(roles.receivable, c.payable, { ...party, description: 'بستانکار بابت برگشت از فروش' })
        .debit(roles.inventory, stockValue, { description: 'ورود کالای برگشتی به انبار' })
        .credit(roles.cogs, stockValue, { description: 'برگشت بهای تمام‌شده' });
      break;
    case 'proforma':
      break;
  }
  return v;
}
