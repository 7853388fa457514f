import type { MessageTable } from './types.js';

/** Messages of the money module (see src/domain/errors.ts): codes with Persian and English templates. */
export const MONEY_MESSAGES = {
  MONEY_ACCOUNT_EITHER: {
    code: 'VALIDATION',
    fa: 'فقط یکی از «{field}» یا «{otherField}» را بفرستید',
    en: 'Send either {field} or {otherField}, not both',
  },
  MONEY_ACCOUNT_INACTIVE: { code: 'VALIDATION', fa: '{entity} «{field}» غیرفعال است', en: 'The {entity} ({field}) is inactive' },
  MONEY_METHOD_LATER: {
    code: 'VALIDATION',
    fa: 'روش پرداخت «{field}» = {value} هنوز پشتیبانی نمی‌شود؛ cash یا bank بفرستید',
    en: '{field} "{value}" is not supported yet; send cash or bank',
  },
  PAYMENT_KIND_INVALID: { code: 'VALIDATION', fa: '«{field}» باید receipt (دریافت) یا payment (پرداخت) باشد', en: '{field} must be receipt or payment' },
  PAYMENT_DIRECTION_INVALID: { code: 'VALIDATION', fa: '«{field}» باید in (دریافت) یا out (پرداخت) باشد', en: '{field} must be in or out' },
  PAYMENT_AMOUNT_NOT_POSITIVE: { code: 'OUT_OF_RANGE', fa: 'مبلغ «{field}» باید بیشتر از صفر باشد', en: '{field} must be positive' },
} as const satisfies MessageTable;
