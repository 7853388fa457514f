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
  PAYMENT_ALREADY_VOID: { code: 'CONFLICT', fa: 'این {kindFa} پیش‌تر باطل شده است', en: 'This {kind} is already void' },
  PAYMENT_CHEQUE_MOVED: {
    code: 'CONFLICT',
    fa: 'این {kindFa} باطل نمی‌شود: چک شماره {number} در وضعیت «{stateFa}» است؛ اول گردش چک را برگردانید',
    en: 'This {kind} cannot be voided: cheque {number} is {state}; revert its transitions first',
  },
  PAYMENT_CHEQUE_AMOUNT: {
    code: 'VALIDATION',
    fa: 'مبلغ چک «{field}» باید با مبلغ دریافت/پرداخت برابر باشد',
    en: '{field} must equal the payment amount',
  },
  CHEQUE_SAYAD_INVALID: { code: 'VALIDATION', fa: 'شناسه صیادی «{field}» باید ۱۶ رقم باشد', en: '{field} (Sayad id) must be 16 digits' },
  CHEQUE_DIRECTION_INVALID: { code: 'VALIDATION', fa: '«{field}» باید received (دریافتی) یا issued (پرداختی) باشد', en: '{field} must be received or issued' },
  CHEQUE_TRANSITION_REFUSED: {
    code: 'CONFLICT',
    fa: 'چک شماره {number} در وضعیت «{stateFa}» است و «{actionFa}» برای آن ممکن نیست',
    en: 'Cheque {number} is {state}; {action} is not possible',
  },
  CHEQUE_NOTHING_TO_REVERT: { code: 'CONFLICT', fa: 'چک شماره {number} گردشی برای برگرداندن ندارد', en: 'Cheque {number} has no transition to revert' },
  CHEQUE_ENDORSE_SAME_PARTY: {
    code: 'VALIDATION',
    fa: 'چک را نمی‌توان به همان کسی که آن را داده است واگذار کرد («{field}»)؛ برای این کار «عودت» را بزنید',
    en: 'A cheque cannot be endorsed to the party who gave it ({field}); return it instead',
  },
  MONEY_ACCOUNT_HAS_POSTINGS: {
    code: 'IN_USE',
    fa: '{entity} «{name}» گردش دارد و حذف نمی‌شود؛ به جای آن غیرفعالش کنید',
    en: 'The {entity} "{name}" has postings and cannot be removed; deactivate it instead',
  },
} as const satisfies MessageTable;
