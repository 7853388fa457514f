/** Display helpers: Persian digits, thousands separators, exact strings (never a float). */
const FA = '۰۱۲۳۴۵۶۷۸۹';

export const faDigits = (s: string | number): string => String(s).replace(/[0-9]/g, (d) => FA[Number(d)]);

/** Persian or Arabic-Indic digits typed by the user, as ASCII (what the API reads). */
export const asciiDigits = (s: string): string =>
  s.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[٬,]/g, '');

/** An exact decimal string grouped by thousands, in Persian digits: "-1234567.5" → "−۱٬۲۳۴٬۵۶۷٫۵". */
export function amount(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  const s = String(v);
  const neg = s.startsWith('-');
  const [int, frac] = s.replace(/^[-+]/, '').split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '٬');
  return (neg ? '−' : '') + faDigits(grouped) + (frac && !/^0+$/.test(frac) ? '٫' + faDigits(frac.replace(/0+$/, '')) : '');
}

/** Rial amounts in the business's display unit: Toman is Rial ÷ 10, done on the string. */
export function money(v: string | null | undefined, unit: 'rial' | 'toman'): string {
  if (v === null || v === undefined) return '';
  if (unit === 'rial') return `${amount(v)} ریال`;
  const neg = v.startsWith('-');
  const [int, frac = ''] = v.replace(/^-/, '').split('.');
  const padded = int.padStart(2, '0');
  const toman = `${neg ? '-' : ''}${padded.slice(0, -1)}.${padded.slice(-1)}${frac}`;
  return `${amount(toman.replace(/^(-?)0+(\d)/, '$1$2'))} تومان`;
}
