import type { MessageTable } from './types.js';

/**
 * Messages of the shared module (see src/domain/errors.ts): dates, Iranian identifiers and the
 * size of amounts, read by every module. `{field}` is a field path a surface renames.
 */
export const SHARED_MESSAGES = {
  DATE_INVALID: {
    code: 'VALIDATION',
    fa: 'تاریخ «{field}» نامعتبر است (قالب YYYY-MM-DD یا YYYY/MM/DD، با زمان اختیاری)',
    en: '{field} is not a valid date (YYYY-MM-DD or YYYY/MM/DD, optionally with a time)',
  },
  DATE_NOT_TEXT: { code: 'VALIDATION', fa: 'تاریخ «{field}» باید رشته باشد', en: '{field} must be a date string' },
  DATE_JALALI_INVALID: { code: 'VALIDATION', fa: 'تاریخ شمسی «{field}» نامعتبر است', en: '{field} is not a valid Jalali date' },
  DATE_OUTSIDE_CALENDAR: {
    code: 'VALIDATION',
    fa: 'تاریخ «{field}» خارج از محدوده تقویم است (سال‌های شمسی {minYear} تا {maxYear})',
    en: '{field} is outside the supported calendar (Jalali years {minYear}–{maxYear})',
  },
  NATIONAL_CODE_INVALID: { code: 'VALIDATION', fa: 'کد ملی «{field}» نامعتبر است', en: '{field} is not a valid national code' },
  LEGAL_NATIONAL_ID_INVALID: { code: 'VALIDATION', fa: 'شناسه ملی «{field}» نامعتبر است', en: '{field} is not a valid legal national id' },
  ECONOMIC_CODE_INVALID: { code: 'VALIDATION', fa: 'کد اقتصادی «{field}» باید ۱۱، ۱۲ یا ۱۴ رقم باشد', en: '{field} is not a valid economic code' },
  SHEBA_INVALID: { code: 'VALIDATION', fa: 'شماره شبا «{field}» نامعتبر است', en: '{field} is not a valid Sheba number' },
  CARD_NUMBER_INVALID: { code: 'VALIDATION', fa: 'شماره کارت «{field}» نامعتبر است', en: '{field} is not a valid card number' },
  MOBILE_INVALID: { code: 'VALIDATION', fa: 'شماره موبایل «{field}» نامعتبر است (۰۹ و ۹ رقم)', en: '{field} is not a valid mobile number' },
  POSTAL_CODE_INVALID: { code: 'VALIDATION', fa: 'کد پستی «{field}» باید ۱۰ رقم باشد', en: '{field} must be 10 digits' },
  EMAIL_INVALID: { code: 'VALIDATION', fa: 'ایمیل «{field}» نامعتبر است', en: '{field} is not a valid email' },
  AMOUNT_TOO_MANY_DIGITS: {
    code: 'OUT_OF_RANGE',
    fa: '«{field}» بیش از {maxDigits} رقم صحیح دارد',
    en: '{field} has more than {maxDigits} integer digits',
  },
} as const satisfies MessageTable;
