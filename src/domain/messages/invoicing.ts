import type { MessageTable } from './types.js';

/** Messages of the invoicing module (see src/domain/errors.ts): codes with Persian and English templates. */
export const INVOICING_MESSAGES = {
  INVOICE_TYPE_INVALID: {
    code: 'VALIDATION',
    fa: '«{field}» باید یکی از ۱ (خرید)، ۲ (فروش)، ۳ (برگشت از خرید)، ۴ (برگشت از فروش) یا ۵ (پیش‌فاکتور) باشد',
    en: '{field} must be 1..5',
  },
  INVOICE_TIME_INVALID: { code: 'VALIDATION', fa: '«{field}» باید به شکل HH:MM:SS باشد', en: '{field} must be HH:MM:SS' },
  INVOICE_ORIGINAL_NOT_A_RETURN: { code: 'VALIDATION', fa: '«{field}» فقط برای فاکتور برگشتی معنا دارد', en: '{field} applies to returns only' },
  INVOICE_LINES_NOT_A_LIST: { code: 'VALIDATION', fa: '«{field}» باید آرایه‌ای از سطرهای فاکتور باشد', en: '{field} must be an array' },
  INVOICE_STATUS_INVALID: { code: 'VALIDATION', fa: '«{field}» باید posted یا voided باشد', en: '{field} must be posted or voided' },
} as const satisfies MessageTable;
