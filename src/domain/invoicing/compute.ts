import { fail } from '../errors.js';
import { Dec, ZERO, assertSize, roundMoney, type Dec as Decimal } from '../shared/money.js';

/**
 * Invoice arithmetic (accounting.md, "Invoice arithmetic"): pure, exact, rounded half-up to
 * the currency's decimals per line. Throws VALIDATION naming the domain field on bad figures.
 * Unit prices and quantities are rates (up to 4 decimals); every amount the invoice stores —
 * line and header discounts, rounding, and every computed figure — has the currency's
 * decimals (docs/invoicing.md, "Rounding"), and at most 18 integer digits (OUT_OF_RANGE).
 */
export interface ComputeLineInput {
  quantity: Decimal;
  unitPrice: Decimal;
  /** When the client sent it: must equal quantity × unitPrice after rounding. */
  amount?: Decimal;
  discount?: Decimal;
  vatRate?: Decimal;
  /** The VAT as an amount instead of vatRate (the rate stored is the one it makes). */
  vat?: Decimal;
  levyRate?: Decimal;
}

export interface ComputeInput {
  lines: ComputeLineInput[];
  discount?: Decimal;
  /** A check: Σ line discounts as the client stated it. */
  lineDiscount?: Decimal;
  serviceChargeRate?: Decimal;
  rounding?: Decimal;
  /** Carriage added to the payable. */
  freight?: Decimal;
  /** The currency's decimals (Rial: 0). */
  decimals?: number;
  /** 'truncate' from the business's Moadian start date (docs/moadian.md, "Daftar's VAT arithmetic"); else half-up. */
  roundingMode?: 'halfUp' | 'truncate';
}

export interface ComputedLine {
  quantity: Decimal;
  unitPrice: Decimal;
  amount: Decimal;
  discount: Decimal;
  net: Decimal;
  vatRate: Decimal;
  vat: Decimal;
  levyRate: Decimal;
  levy: Decimal;
  total: Decimal;
}

export interface ComputedInvoice {
  lines: ComputedLine[];
  discount: Decimal;
  lineDiscount: Decimal;
  serviceChargeRate: Decimal;
  rounding: Decimal;
  subtotal: Decimal;
  lineDiscounts: Decimal;
  net: Decimal;
  vat: Decimal;
  levy: Decimal;
  /** Σ line totals. */
  linesTotal: Decimal;
  serviceCharge: Decimal;
  freight: Decimal;
  payable: Decimal;
}

const HUNDRED = new Dec(100);
const roundHalfUp = roundMoney;
/** i8: Moadian's «روش قطع کردن»: toward zero to the currency's decimals. */
const truncMoney = (v: Decimal, decimals = 0): Decimal => v.toDecimalPlaces(decimals, Dec.ROUND_DOWN);
const MAX_QTY_DECIMALS = 4;

function percent(v: Decimal | undefined, field: string): Decimal {
  const p = v ?? ZERO;
  if (p.isNegative() || p.gt(HUNDRED)) throw fail.with('INVOICE_PERCENT_RANGE', { field });
  return p;
}

/** A quantity or unit price: a rate, up to 4 decimals (finer is refused, never silently cut). */
function rate(v: Decimal | undefined, field: string): Decimal {
  const a = v ?? ZERO;
  if (a.isNegative()) throw fail.with('INVOICE_NEGATIVE', { field });
  if (a.decimalPlaces() > MAX_QTY_DECIMALS) throw fail.with('INVOICE_TOO_MANY_DECIMALS', { field, max: MAX_QTY_DECIMALS });
  return assertSize(a, field);
}

/** A client-sent amount (a discount): rounded half-up to the currency's decimals, as the
 * invoice's own figures are (accounting.md: rounding per line), before anything uses it. */
function amountOf(v: Decimal | undefined, field: string, decimals: number): Decimal {
  const a = v ?? ZERO;
  if (a.isNegative()) throw fail.with('INVOICE_NEGATIVE', { field });
  return assertSize(roundMoney(a, decimals), field);
}

export function computeLine(l: ComputeLineInput, i: number, decimals = 0, rounding: 'halfUp' | 'truncate' = 'halfUp'): ComputedLine {
  const roundMoney = rounding === 'truncate' ? truncMoney : roundHalfUp; // i8: the line amount, VAT and levy
  const f = (name: string) => `lines[${i}].${name}`;
  const quantity = l.quantity;
  if (!quantity.gt(0)) throw fail.with('INVOICE_QUANTITY_NOT_POSITIVE', { field: f('quantity') });
  rate(quantity, f('quantity'));
  const unitPrice = rate(l.unitPrice, f('unitPrice'));
  const exact = quantity.times(unitPrice);
  const amount = assertSize(roundMoney(exact, decimals), f('amount'));
  if (l.amount !== undefined && !l.amount.eq(amount) && !l.amount.eq(exact)) {
    const values = { expected: amount.toFixed(), sent: l.amount.toFixed() };
    throw fail.with('INVOICE_AMOUNT_MISMATCH', { field: f('amount'), ...values }, values);
  }
  const discount = amountOf(l.discount, f('discount'), decimals);
  if (discount.gt(amount)) throw fail.with('INVOICE_LINE_DISCOUNT_ABOVE_AMOUNT', { field: f('discount'), amount });
  const net = amount.minus(discount);
  const levyRate = percent(l.levyRate, f('levyRate'));
  let vatRate: Decimal;
  let vat: Decimal;
  if (l.vat !== undefined) {
    // A stated VAT amount: kept as sent (rounded to the currency), with the rate it makes.
    vat = amountOf(l.vat, f('vat'), decimals);
    if (net.isZero() && !vat.isZero()) throw fail.with('INVOICE_PERCENT_RANGE', { field: f('vat') });
    vatRate = net.isZero() ? ZERO : percent(vat.times(HUNDRED).div(net).toDecimalPlaces(MAX_QTY_DECIMALS, Dec.ROUND_HALF_UP), f('vat'));
  } else {
    vatRate = percent(l.vatRate, f('vatRate'));
    vat = roundMoney(net.times(vatRate).div(HUNDRED), decimals);
  }
  const levy = roundMoney(net.times(levyRate).div(HUNDRED), decimals);
  // A total too large is reported on the line's amount, the figure the client controls.
  return { quantity, unitPrice, amount, discount, net, vatRate, vat, levyRate, levy, total: assertSize(net.plus(vat).plus(levy), f('amount')) };
}

/** The stated line-discount sum, before or after the lines' rounding; refused when it is neither. */
function statedLineDiscount(input: ComputeInput, lineDiscounts: Decimal, decimals: number): Decimal {
  const sent = input.lineDiscount ?? ZERO;
  const rawSum = input.lines.reduce((s, l) => s.plus(l.discount ?? ZERO), ZERO);
  const stated = sent.eq(rawSum) ? lineDiscounts : roundMoney(sent, decimals);
  if (!stated.isZero() && !stated.eq(lineDiscounts)) {
    const values = { expected: lineDiscounts.toFixed(), sent: stated.toFixed() };
    throw fail.with('INVOICE_LINE_DISCOUNT_MISMATCH', { field: 'lineDiscount', ...values }, values);
  }
  return stated;
}

export function computeInvoice(input: ComputeInput): ComputedInvoice {
  const decimals = input.decimals ?? 0;
  if (input.lines.length === 0) throw fail.with('INVOICE_NO_LINES', { field: 'lines' });
  const lines = input.lines.map((l, i) => computeLine(l, i, decimals, input.roundingMode));
  const sum = (pick: (l: ComputedLine) => Decimal) => lines.reduce((s, l) => s.plus(pick(l)), ZERO);
  const subtotal = sum((l) => l.amount);
  const lineDiscounts = sum((l) => l.discount);
  const net = sum((l) => l.net);
  const vat = sum((l) => l.vat);
  const levy = sum((l) => l.levy);
  const linesTotal = sum((l) => l.total);
  const lineDiscount = statedLineDiscount(input, lineDiscounts, decimals);
  const serviceChargeRate = percent(input.serviceChargeRate, 'serviceChargeRate');
  const serviceCharge = roundMoney(net.times(serviceChargeRate).div(HUNDRED), decimals);
  const discount = amountOf(input.discount, 'discount', decimals);
  // rounding may be negative (rounding up); it is an amount like the discount.
  const rounding = assertSize(roundMoney(input.rounding ?? ZERO, decimals), 'rounding');
  const freight = amountOf(input.freight, 'freight', decimals);
  const payable = linesTotal.plus(serviceCharge).plus(freight).minus(discount).minus(rounding);
  for (const [name, v] of [['linesTotal', subtotal], ['vatTotal', vat], ['levyTotal', levy], ['serviceCharge', serviceCharge], ['payable', payable]] as const) {
    assertSize(v, name);
  }
  if (payable.isNegative()) throw fail.with('INVOICE_PAYABLE_NEGATIVE', { field: 'discount', roundingField: 'rounding', payable });
  return { lines, discount, lineDiscount, serviceChargeRate, rounding, subtotal, lineDiscounts, net, vat, levy, linesTotal, serviceCharge, freight, payable };
}
