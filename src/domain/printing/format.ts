import { numberToWords } from '@persian-tools/persian-tools';
import { Dec } from '../shared/money.js';

/**
 * How printed documents show figures: Persian digits, «٬» between thousands, «/» before a
 * fraction, and the payable in words. Figures arrive as the domain's exact decimal strings and
 * stay decimal here (no float on the way to paper).
 */
const FA = '۰۱۲۳۴۵۶۷۸۹';

export function faDigits(s: string | number): string {
  return String(s).replace(/[0-9]/g, (d) => FA[Number(d)]!);
}

/** An exact amount with thousands separators, in Persian digits: '1250000.5' → '۱٬۲۵۰٬۰۰۰/۵'. */
export function faAmount(v: string): string {
  const d = new Dec(v);
  const [int, frac] = d.abs().toFixed().split('.') as [string, string | undefined];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '٬');
  return (d.isNegative() && !d.isZero() ? '−' : '') + faDigits(grouped) + (frac ? '/' + faDigits(frac) : '');
}

/** A quantity or rate without separators: '2.500' → '۲/۵'. */
export function faNumber(v: string): string {
  const d = new Dec(v);
  return (d.isNegative() ? '−' : '') + faDigits(d.abs().toFixed()).replace('.', '/');
}

const SAFE = new Dec(Number.MAX_SAFE_INTEGER);
const QUADRILLION = new Dec('1e15');

/**
 * The whole part of an amount in Persian words («یک میلیون و دویست و پنجاه هزار»), by
 * @persian-tools. Its words stop at 2^53; a larger amount (over nine thousand trillion) is read as
 * thousands of trillions and the rest.
 */
export function amountInWords(v: string): string {
  const n = new Dec(v).abs().trunc();
  if (n.lte(SAFE)) return String(numberToWords(n.toFixed()));
  const high = n.divToInt(QUADRILLION);
  const low = n.mod(QUADRILLION);
  return `${amountInWords(high.toFixed())} هزار تریلیون` + (low.isZero() ? '' : ` و ${amountInWords(low.toFixed())}`);
}

const FRACTION = ['دهم', 'صدم', 'هزارم'];

/**
 * An amount in words with its fraction («یک میلیون و هفتاد و پنج و پنج دهم»): a Toman figure is a
 * tenth of the Rial one and may carry a tenth; longer fractions are read in thousandths at most.
 */
export function amountWithFractionInWords(v: string): string {
  const d = new Dec(v).abs();
  const frac = d.minus(d.trunc());
  if (frac.isZero()) return amountInWords(d.toFixed());
  const digits = Math.min(frac.decimalPlaces(), FRACTION.length);
  const scaled = frac.times(new Dec(10).pow(digits)).trunc();
  return `${amountInWords(d.toFixed())} و ${amountInWords(scaled.toFixed())} ${FRACTION[digits - 1]}`;
}

export type CurrencyDisplay = 'rial' | 'toman';

/** The business shows Rial or Toman (display only: the books are in Rial). */
export function inDisplayUnit(rial: string, unit: CurrencyDisplay): string {
  return unit === 'toman' ? new Dec(rial).div(10).toFixed() : new Dec(rial).toFixed();
}

export function currencyWord(unit: CurrencyDisplay): string {
  return unit === 'toman' ? 'تومان' : 'ریال';
}
