/**
 * Persian text normalisation for matching and uniqueness (accounting.md): stored text keeps
 * what the user wrote; search and unique checks use this form.
 */
const ARABIC_TO_PERSIAN: Record<string, string> = {
  '\u064A': '\u06CC', // ي → ی
  '\u0649': '\u06CC', // ى → ی
  '\u0643': '\u06A9', // ك → ک
  '\u0629': '\u0647', // ة → ه
};
const DIGITS = /[\u06F0-\u06F9\u0660-\u0669\uFF10-\uFF19]/g;
// tatweel, zero-width space/joiners, BOM, bidi marks, Arabic diacritics (harakat)
const INVISIBLE = /[\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u064B-\u065F\u0670]/g;

/** Persian (۰-۹), Arabic-Indic (٠-٩) and full-width (０-９) digits to ASCII; nothing else changes. */
export function toAsciiDigits(s: string): string {
  return s.replace(DIGITS, (d) => {
    const c = d.charCodeAt(0);
    return String(c >= 0xff10 ? c - 0xff10 : c >= 0x06f0 ? c - 0x06f0 : c - 0x0660);
  });
}

/** The matching form: Arabic letters to Persian, digits to ASCII, invisibles removed,
 * white space collapsed, Latin lower-cased. */
export function normalizeText(s: string): string {
  return toAsciiDigits(s)
    .replace(/[\u064A\u0649\u0643\u0629]/g, (c) => ARABIC_TO_PERSIAN[c] ?? c)
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Comparison key of a product or party code: numeric codes ignore leading zeros. */
export function codeKey(code: string): string {
  const n = normalizeText(code);
  if (/^\d+$/.test(n)) return n.replace(/^0+(?=\d)/, '');
  return n;
}

/** A numeric code padded to at least `width` digits (Hesabfa shows "000001"). */
export function padCode(code: string, width = 6): string {
  const n = toAsciiDigits(code.trim());
  return /^\d+$/.test(n) ? n.padStart(width, '0') : code;
}

/** Phone numbers: digits only (ASCII), a leading +98/0098/98 mobile prefix folded to 0. */
export function normalizePhone(s: string): string {
  let d = toAsciiDigits(s).replace(/\D/g, '');
  if (/^(0098|98)9\d{9}$/.test(d)) d = '0' + d.slice(d.length - 10);
  return d;
}

/** LIKE pattern that matches `needle` anywhere, with %, _ and \ escaped. */
export function containsPattern(needle: string): string {
  return '%' + needle.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}
