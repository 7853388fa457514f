import { fail } from '../errors.js';
import { Dec, ZERO, assertSize, roundMoney, type Dec as Decimal } from '../shared/money.js';

/**
 * Invoice arithmetic (accounting.md, "Invoice arithmetic"): pure, exact, rounded half-up to
 * the currency's decimals per line. Throws VALIDATION naming the wire field on bad figures.
 * Unit prices and quantities are rates (up to 4 decimals); every amount the invoice stores —
 * line and header discounts, roundPrice, and every computed figure — has the currency's
 * decimals (docs/invoicing.md, "Rounding"), and at most 18 integer digits (OUT_OF_RANGE).
 */
export interface ComputeLineInput {
  quantity: Decimal;
  price: Decimal;
  /** When the client sent it: must equal quantity × price after rounding. */
  sumPrice?: Decimal;
  discount?: Decimal;
  taxPerc?: Decimal;
  feePerc?: Decimal;
}

export interface ComputeInput {
  lines: ComputeLineInput[];
  discount?: Decimal;
  discountItem?: Decimal;
  servicePerc?: Decimal;
  roundPrice?: Decimal;
  /** The currency's decimals (Rial: 0). */
  decimals?: number;
  /** i8 (issue 23): 'truncate' from the business's Moadian start date (src/domain/moadian/rounding.ts). */
  rounding?: 'halfUp' | 'truncate';
}

export interface ComputedLine {
  quantity: Decimal;
  price: Decimal;
  sumPrice: Decimal;
  discount: Decimal;
  net: Decimal;
  taxPerc: Decimal;
  tax: Decimal;
  feePerc: Decimal;
  fee: Decimal;
  total: Decimal;
}

export interface ComputedInvoice {
  lines: ComputedLine[];
  discount: Decimal;
  discountItem: Decimal;
  servicePerc: Decimal;
  roundPrice: Decimal;
  sumPrice: Decimal;
  sumDiscount: Decimal;
  sumNet: Decimal;
  sumTax: Decimal;
  sumFee: Decimal;
  /** Σ line totals. */
  sumTotal: Decimal;
  serviceCharge: Decimal;
  payable: Decimal;
}

const HUNDRED = new Dec(100);
const roundHalfUp = roundMoney;
/** i8: Moadian's «روش قطع کردن»: toward zero to the currency's decimals. */
const truncMoney = (v: Decimal, decimals = 0): Decimal => v.toDecimalPlaces(decimals, Dec.ROUND_DOWN);
const MAX_QTY_DECIMALS = 4;

function percent(v: Decimal | undefined, field: string): Decimal {
  const p = v ?? ZERO;
  if (p.isNegative() || p.gt(HUNDRED)) throw fail.validation(field, `«${field}» باید درصدی بین ۰ و ۱۰۰ باشد`, `${field} must be a percentage between 0 and 100`);
  return p;
}

/** A unit price: a rate, up to 4 decimals (finer is refused, never silently cut). */
function rate(v: Decimal | undefined, field: string): Decimal {
  const a = v ?? ZERO;
  if (a.isNegative()) throw fail.validation(field, `«${field}» نمی‌تواند منفی باشد`, `${field} cannot be negative`);
  if (a.decimalPlaces() > MAX_QTY_DECIMALS) {
    throw fail.validation(field, `«${field}» حداکثر ۴ رقم اعشار می‌پذیرد`, `${field} allows at most 4 decimals`);
  }
  return assertSize(a, field);
}

/** A client-sent amount (a discount): rounded half-up to the currency's decimals, as the
 * invoice's own figures are (accounting.md: rounding per line), before anything uses it. */
function amount(v: Decimal | undefined, field: string, decimals: number): Decimal {
  const a = v ?? ZERO;
  if (a.isNegative()) throw fail.validation(field, `«${field}» نمی‌تواند منفی باشد`, `${field} cannot be negative`);
  return assertSize(roundMoney(a, decimals), field);
}

export function computeLine(l: ComputeLineInput, i: number, decimals = 0, rounding: 'halfUp' | 'truncate' = 'halfUp'): ComputedLine {
  const roundMoney = rounding === 'truncate' ? truncMoney : roundHalfUp; // i8: the line amount, VAT and levy
  const f = (name: string) => `lines[${i}].${name}`;
  const quantity = l.quantity;
  if (!quantity.gt(0)) throw fail.validation(f('quantity'), `«${f('quantity')}» باید بزرگ‌تر از صفر باشد`, `${f('quantity')} must be greater than zero`);
  if (quantity.decimalPlaces() > MAX_QTY_DECIMALS) {
    throw fail.validation(f('quantity'), `«${f('quantity')}» حداکثر ۴ رقم اعشار می‌پذیرد`, `${f('quantity')} allows at most 4 decimals`);
  }
  assertSize(quantity, f('quantity'));
  const price = rate(l.price, f('unitPrice'));
  const exact = quantity.times(price);
  const sumPrice = assertSize(roundMoney(exact, decimals), f('lineTotal'));
  if (l.sumPrice !== undefined && !l.sumPrice.eq(sumPrice) && !l.sumPrice.eq(exact)) {
    throw fail.validation(
      f('lineTotal'),
      `«${f('lineTotal')}» (${l.sumPrice.toFixed()}) با حاصل‌ضرب مقدار در قیمت (${sumPrice.toFixed()}) برابر نیست`,
      `${f('lineTotal')} (${l.sumPrice.toFixed()}) must equal quantity × price (${sumPrice.toFixed()})`,
      { expected: sumPrice.toFixed(), sent: l.sumPrice.toFixed() },
    );
  }
  const discount = amount(l.discount, f('discount'), decimals);
  if (discount.gt(sumPrice)) {
    throw fail.validation(f('discount'), `تخفیف «${f('discount')}» از مبلغ سطر (${sumPrice.toFixed()}) بیشتر است`, `${f('discount')} exceeds the line amount`);
  }
  const net = sumPrice.minus(discount);
  const taxPerc = percent(l.taxPerc, f('vatRate'));
  const feePerc = percent(l.feePerc, f('levyRate'));
  const tax = roundMoney(net.times(taxPerc).div(HUNDRED), decimals);
  const fee = roundMoney(net.times(feePerc).div(HUNDRED), decimals);
  return { quantity, price, sumPrice, discount, net, taxPerc, tax, feePerc, fee, total: assertSize(net.plus(tax).plus(fee), f('lineTotal')) };
}

export function computeInvoice(input: ComputeInput): ComputedInvoice {
  const decimals = input.decimals ?? 0;
  if (input.lines.length === 0) throw fail.validation('lines', 'فاکتور باید دست‌کم یک سطر (lines) داشته باشد', 'An invoice needs at least one line');
  const lines = input.lines.map((l, i) => computeLine(l, i, decimals, input.rounding));
  const sum = (pick: (l: ComputedLine) => Decimal) => lines.reduce((s, l) => s.plus(pick(l)), ZERO);
  const sumPrice = sum((l) => l.sumPrice);
  const sumDiscount = sum((l) => l.discount);
  const sumNet = sum((l) => l.net);
  const sumTax = sum((l) => l.tax);
  const sumFee = sum((l) => l.fee);
  const sumTotal = sum((l) => l.total);

  // Sent as the sum of the line discounts, before or after their rounding.
  const sentItem = input.discountItem ?? ZERO;
  const rawSum = input.lines.reduce((s, l) => s.plus(l.discount ?? ZERO), ZERO);
  const discountItem = sentItem.eq(rawSum) ? sumDiscount : roundMoney(sentItem, decimals);
  if (!discountItem.isZero() && !discountItem.eq(sumDiscount)) {
    throw fail.validation(
      'lineDiscount',
      `«lineDiscount» (${discountItem.toFixed()}) با جمع تخفیف سطرها (${sumDiscount.toFixed()}) برابر نیست`,
      `lineDiscount (${discountItem.toFixed()}) must equal the sum of line discounts (${sumDiscount.toFixed()})`,
      { expected: sumDiscount.toFixed(), sent: discountItem.toFixed() },
    );
  }
  const servicePerc = percent(input.servicePerc, 'serviceChargeRate');
  const serviceCharge = roundMoney(sumNet.times(servicePerc).div(HUNDRED), decimals);
  const discount = amount(input.discount, 'discount', decimals);
  // roundPrice may be negative (rounding up); it is an amount like the discount.
  const roundPrice = assertSize(roundMoney(input.roundPrice ?? ZERO, decimals), 'rounding');
  const payable = sumTotal.plus(serviceCharge).minus(discount).minus(roundPrice);
  for (const [name, v] of [['linesTotal', sumPrice], ['vatTotal', sumTax], ['levyTotal', sumFee], ['serviceCharge', serviceCharge], ['payable', payable]] as const) {
    assertSize(v, name);
  }
  if (payable.isNegative()) {
    throw fail.validation(
      'discount',
      `مبلغ قابل پرداخت منفی می‌شود (${payable.toFixed()}): تخفیف «discount» و «roundPrice» از جمع فاکتور بیشترند`,
      `The payable amount would be negative (${payable.toFixed()}): discount and roundPrice exceed the invoice total`,
    );
  }
  return {
    lines,
    discount,
    discountItem,
    servicePerc,
    roundPrice,
    sumPrice,
    sumDiscount,
    sumNet,
    sumTax,
    sumFee,
    sumTotal,
    serviceCharge,
    payable,
  };
}
