import type { MessageTable } from './types.js';

/** The change feed and the change hook (issue 21, docs/hesabfa.md "Changes and webhooks"). */
export const CHANGES_MESSAGES = {
  HOOK_URL_INVALID: {
    code: 'VALIDATION',
    fa: '«{field}» باید نشانی کامل http یا https باشد (مثل https://shop.example/hook)',
    en: '{field} must be a full http or https URL (like https://shop.example/hook)',
  },
  CHANGES_START_INVALID: { code: 'VALIDATION', fa: '«{field}» باید شماره تغییر (عدد صحیح نامنفی) یا null باشد', en: '{field} must be a change id (a non-negative integer) or null' },
  // Hesabfa's invoice methods (issue 21)
  INVOICE_TYPE_NUMBER_INVALID: {
    code: 'VALIDATION',
    fa: '«{field}» باید یکی از ۰ (فروش)، ۱ (خرید)، ۲ (برگشت از فروش) یا ۳ (برگشت از خرید) باشد',
    en: '{field} must be 0 (sale), 1 (purchase), 2 (sale return) or 3 (purchase return)',
  },
  INVOICE_DRAFT_UNSUPPORTED: {
    code: 'VALIDATION',
    fa: '«{field}»: دفتر فاکتور پیش‌نویس نگه نمی‌دارد؛ فاکتور با وضعیت ۱ (تأییدشده) ثبت می‌شود',
    en: '{field}: Daftar keeps no draft invoices; send status 1 (approved)',
  },
  PAYMENT_FEE_UNSUPPORTED: {
    code: 'VALIDATION',
    fa: '«{field}»: کارمزد تراکنش هنوز پشتیبانی نمی‌شود؛ صفر بفرستید و کارمزد را جداگانه ثبت کنید',
    en: '{field}: transaction fees are not supported yet; send 0 and record the fee on its own',
  },
  PAYMENT_ACCOUNT_PATH_UNSUPPORTED: {
    code: 'VALIDATION',
    fa: '«{field}»: دریافت به حسابی جز صندوق یا بانک هنوز پشتیبانی نمی‌شود؛ bankCode یا cashCode بفرستید',
    en: '{field}: receipts into an account other than a cash register or bank are not supported yet; send bankCode or cashCode',
  },
  DATE_TIME_INVALID: { code: 'VALIDATION', fa: '«{field}» باید تاریخ به شکل Y-m-d H:i:s باشد', en: '{field} must be a date as Y-m-d H:i:s' },
} as const satisfies MessageTable;
