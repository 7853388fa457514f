import { fail } from '../errors.js';
import { Dec, ZERO, roundMoney, type Dec as Decimal } from '../shared/money.js';

/**
 * Invoice arithmetic (accounting.md, "Invoice arithmetic"): pure, exact, rounded half-up to
 * the currency's decimals per line. Throws VALIDATION naming the wire field on bad figures.
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
const MAX_QTY_DECIMALS = 4;
const MAX_AMOUNT = new Dec('1e19');

function percent(v: Decimal | undefined, field: string): Decimal {
  const p = v ?? ZERO;
  if (p.isNegative() || p.gt(HUNDRED)) throw fail.validation(field, `«${field}» باید درصدی بین ۰ و ۱۰۰ باشد`, `${field} must be a percentage between 0 and 100`);
  return p;
}

function amount(v: Decimal | undefined, field: string, decimals: number): Decimal {
  const a = v ?? ZERO;
  if (a.isNegative()) throw fail.validation(field, `«${field}» نمی‌تواند منفی باشد`, `${field} cannot be negative`);
  if (a.decimalPlaces() > Math.max(decimals, MAX_QTY_DECIMALS)) {
    throw fail.validation(field, `«${field}» بیش از حد مجاز رقم اعشار دارد`, `${field} has too many decimals`);
  }
  if (a.gte(MAX_AMOUNT)) throw fail.outOfRange(field);
  return a;
}

export function computeLine(l: ComputeLineInput, i: number, decimals = 0): ComputedLine {
  const f = (name: string) => `details[${i}].${name}`;
  const quantity = l.quantity;
  if (!quantity.gt(0)) throw fail.validation(f('quantity'), `«${f('quantity')}» باید بزرگ‌تر از صفر باشد`, `${f('quantity')} must be greater than zero`);
  if (quantity.decimalPlaces() > MAX_QTY_DECIMALS) {
    throw fail.validation(f('quantity'), `«${f('quantity')}» حداکثر ۴ رقم اعشار می‌پذیرد`, `${f('quantity')} allows at most 4 decimals`);
  }
  if (quantity.gte(MAX_AMOUNT)) throw fail.outOfRange(f('quantity'));
  const price = amount(l.price, f('price'), decimals);
  const exact = quantity.times(price);
  const sumPrice = roundMoney(exact, decimals);
  if (l.sumPrice !== undefined && !l.sumPrice.eq(sumPrice) && !l.sumPrice.eq(exact)) {
    throw fail.validation(
      f('sumPrice'),
      `«${f('sumPrice')}» (${l.sumPrice.toFixed()}) با حاصل‌ضرب مقدار در قیمت (${sumPrice.toFixed()}) برابر نیست`,
      `${f('sumPrice')} (${l.sumPrice.toFixed()}) must equal quantity × price (${sumPrice.toFixed()})`,
      { expected: sumPrice.toFixed(), sent: l.sumPrice.toFixed() },
    );
  }
  const discount = amount(l.discount, f('discount'), decimals);
  if (discount.gt(sumPrice)) {
    throw fail.validation(f('discount'), `تخفیف «${f('discount')}» از مبلغ سطر (${sumPrice.toFixed()}) بیشتر است`, `${f('discount')} exceeds the line amount`);
  }
  const net = sumPrice.minus(discount);
  const taxPerc = percent(l.taxPerc, f('taxPerc'));
  const feePerc = percent(l.feePerc, f('feePerc'));
  const tax = roundMoney(net.times(taxPerc).div(HUNDRED), decimals);
  const fee = roundMoney(net.times(feePerc).div(HUNDRED), decimals);
  return { quantity, price, sumPrice, discount, net, taxPerc, tax, feePerc, fee, total: net.plus(tax).plus(fee) };
}

export function computeInvoice(input: ComputeInput): ComputedInvoice {
  const decimals = input.decimals ?? 0;
  if (input.lines.length === 0) throw fail.validation('details', 'فاکتور باید دست‌کم یک سطر (details) داشته باشد', 'An invoice needs at least one line');
  const lines = input.lines.map((l, i) => computeLine(l, i, decimals));
  const sum = (pick: (l: ComputedLine) => Decimal) => lines.reduce((s, l) => s.plus(pick(l)), ZERO);
  const sumPrice = sum((l) => l.sumPrice);
  const sumDiscount = sum((l) => l.discount);
  const sumNet = sum((l) => l.net);
  const sumTax = sum((l) => l.tax);
  const sumFee = sum((l) => l.fee);
  const sumTotal = sum((l) => l.total);

  const discountItem = input.discountItem ?? ZERO;
  if (!discountItem.isZero() && !discountItem.eq(sumDiscount)) {
    throw fail.validation(
      'discountItem',
      `«discountItem» (${discountItem.toFixed()}) با جمع تخفیف سطرها (${sumDiscount.toFixed()}) برابر نیست`,
      `discountItem (${discountItem.toFixed()}) must equal the sum of line discounts (${sumDiscount.toFixed()})`,
      { expected: sumDiscount.toFixed(), sent: discountItem.toFixed() },
    );
  }
  const servicePerc = percent(input.servicePerc, 'servicePerc');
  const serviceCharge = roundMoney(sumNet.times(servicePerc).div(HUNDRED), decimals);
  const discount = amount(input.discount, 'discount', decimals);
  const roundPrice = input.roundPrice ?? ZERO;
  if (roundPrice.decimalPlaces() > Math.max(decimals, MAX_QTY_DECIMALS) || roundPrice.abs().gte(MAX_AMOUNT)) {
    throw fail.validation('roundPrice');
  }
  const payable = sumTotal.plus(serviceCharge).minus(discount).minus(roundPrice);
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
