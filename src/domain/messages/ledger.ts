import type { MessageTable } from './types.js';

/** Messages of the ledger module (see src/domain/errors.ts): codes with Persian and English templates. */
export const LEDGER_MESSAGES = {
  LEDGER_AMOUNT_DECIMALS: { code: 'VALIDATION', fa: 'مبلغ «{field}» بیش از {decimals} رقم اعشار دارد', en: '{field} has more than {decimals} decimals' },
  LEDGER_DATE_OUTSIDE_FISCAL_WINDOW: {
    code: 'VALIDATION',
    fa: 'تاریخ «{field}» در سال {year} است؛ تاریخ سند باید در سال‌های مالی {first} تا {last} باشد',
    en: '{field} falls in Jalali year {year}; a document must be dated in fiscal years {first}–{last}',
  },
  LEDGER_FISCAL_YEAR_CLOSED: {
    code: 'CLOSED_PERIOD',
    fa: 'سال مالی {year} بسته شده است؛ سندی با تاریخ «{field}» در آن ثبت نمی‌شود',
    en: '{field}: fiscal year {year} is closed',
  },
  FISCAL_YEAR_ALREADY_CLOSED: { code: 'CONFLICT', fa: 'سال مالی {year} پیش‌تر بسته شده است', en: 'Fiscal year {year} is already closed' },
  FISCAL_YEAR_NOT_ENDED: {
    code: 'CONFLICT',
    fa: 'سال مالی {year} تا {endJalali} ادامه دارد؛ سال را پس از پایانش ببندید',
    en: 'Fiscal year {year} runs until {endJalali}; close it after it ends',
  },
  FISCAL_YEAR_NOT_CLOSED: { code: 'CONFLICT', fa: 'سال مالی {year} بسته نیست', en: 'Fiscal year {year} is not closed' },
  FISCAL_YEAR_EARLIER_OPEN: {
    code: 'CONFLICT',
    fa: 'سال مالی {earlier} هنوز باز است؛ سال‌های مالی به ترتیب بسته می‌شوند',
    en: 'Fiscal year {earlier} is still open; years are closed in order',
  },
  FISCAL_YEAR_LATER_CLOSED: {
    code: 'CONFLICT',
    fa: 'سال مالی {later} بسته است؛ اول آن را باز کنید، بعد سال {year} را',
    en: 'Fiscal year {later} is closed; reopen it before year {year}',
  },
  LEDGER_FISCAL_YEAR_BEFORE_CLOSED: {
    code: 'CLOSED_PERIOD',
    fa: 'سال مالی {closedYear} بسته شده است؛ سال {year} پیش از آن باز نمی‌شود («{field}»)',
    en: '{field}: fiscal year {closedYear} is closed, year {year} before it cannot be opened',
  },
  VOUCHER_TOO_FEW_LINES: { code: 'VALIDATION', fa: 'سند «{field}» دست‌کم دو ردیف لازم دارد', en: '{field}: a voucher needs at least two lines' },
  VOUCHER_LINE_ONE_SIDE: {
    code: 'VALIDATION',
    fa: 'ردیف «{field}» باید فقط یکی از بدهکار یا بستانکار را با مبلغ مثبت داشته باشد',
    en: '{field}: exactly one of debit and credit must be a positive amount',
  },
  VOUCHER_UNBALANCED: {
    code: 'VALIDATION',
    fa: 'سند تراز نیست: جمع بدهکار {debit} و جمع بستانکار {credit} است («{field}»)',
    en: '{field}: the voucher does not balance (debit {debit}, credit {credit})',
  },
  VOUCHER_ACCOUNT_NOT_POSTABLE: {
    code: 'VALIDATION',
    fa: 'حساب «{name}» ({code}) حساب گروه یا غیرفعال است؛ ردیف سند فقط روی حساب‌های جزء فعال ثبت می‌شود («{field}»)',
    en: '{field}: account {code} ({name}) is a group or inactive account; lines post to active leaf accounts only',
  },
  VOUCHER_NOT_MANUAL: {
    code: 'CONFLICT',
    fa: 'سند {number} از یک مدرک ({document}) ساخته شده است؛ آن را با ابطال همان مدرک برگردانید',
    en: 'Voucher {number} belongs to a document ({document}); reverse it by voiding that document',
  },
  VOUCHER_ALREADY_REVERSED: {
    code: 'CONFLICT',
    fa: 'سند {number} پیش‌تر با سند {reversalNumber} برگشت خورده است',
    en: 'Voucher {number} was already reversed by voucher {reversalNumber}',
  },
} as const satisfies MessageTable;
