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
    code: 'VALIDATION',
    fa: 'سال مالی {year} بسته شده است؛ سندی با تاریخ «{field}» در آن ثبت نمی‌شود',
    en: '{field}: fiscal year {year} is closed',
  },
  LEDGER_FISCAL_YEAR_BEFORE_CLOSED: {
    code: 'VALIDATION',
    fa: 'سال مالی {closedYear} بسته شده است؛ سال {year} پیش از آن باز نمی‌شود («{field}»)',
    en: '{field}: fiscal year {closedYear} is closed, year {year} before it cannot be opened',
  },
} as const satisfies MessageTable;
