import type { MessageTable } from './types.js';

/** Messages of the Moadian module (issue 23, docs/moadian.md). */
export const MOADIAN_MESSAGES = {
  MOADIAN_SSTID_INVALID: { code: 'VALIDATION', fa: '«{field}» (شناسه کالا/خدمت مودیان) باید ۱۳ رقم باشد', en: '{field} (Moadian goods/service id) must be 13 digits' },
  MOADIAN_UNIT_CODE_INVALID: { code: 'VALIDATION', fa: '«{field}» (کد واحد مودیان) باید عددی تا ۸ رقم باشد', en: '{field} (Moadian unit code) must be up to 8 digits' },
  MOADIAN_BUYER_TYPE_INVALID: {
    code: 'VALIDATION',
    fa: '«{field}» (نوع خریدار) باید ۱ (حقیقی)، ۲ (حقوقی)، ۳ (مشارکت مدنی) یا ۴ (اتباع غیرایرانی) باشد',
    en: '{field} (buyer type) must be 1 natural, 2 legal, 3 partnership or 4 foreign national',
  },
  MOADIAN_NOT_CONFIGURED: { code: 'CONFLICT', fa: 'سامانه مودیان برای این کسب‌وکار تنظیم نشده است؛ نخست تنظیمات مودیان را ثبت کنید', en: 'Moadian is not configured for this business' },
  MOADIAN_SECRET_KEY_MISSING: {
    code: 'UNAVAILABLE',
    fa: 'کلید رمزنگاری سرور (DAFTAR_SECRET_KEY_FILE) تنظیم نشده است؛ بدون آن کلید امضای مودیان ذخیره یا خوانده نمی‌شود',
    en: 'DAFTAR_SECRET_KEY_FILE is not configured: the Moadian signing key cannot be stored or read',
  },
  MOADIAN_KEY_INVALID: { code: 'VALIDATION', fa: '«{field}» کلید خصوصی یا گواهی PEM معتبری نیست', en: '{field} is not a valid PEM private key or certificate' },
  MOADIAN_KEY_REQUIRED: { code: 'MISSING_FIELD', fa: '«{field}» لازم است: کلید امضا و گواهی هنوز ثبت نشده‌اند', en: '{field} is required: no signing key and certificate are stored yet' },
  MOADIAN_INVOICE_NOT_A_SALE: {
    code: 'CONFLICT',
    fa: 'فاکتور شماره {number} فروش یا برگشت از فروش نیست؛ فقط صورتحساب فروش به سامانه مودیان فرستاده می‌شود',
    en: 'Invoice {number} is not a sale or sale return; only sales are sent to Moadian',
  },
  MOADIAN_BEFORE_START: {
    code: 'CONFLICT',
    fa: 'فاکتور شماره {number} پیش از تاریخ شروع مودیان ({startsOn}) است و فرستاده نمی‌شود',
    en: 'Invoice {number} is dated before the Moadian start date {startsOn}',
  },
  MOADIAN_ALREADY_LIVE: {
    code: 'CONFLICT',
    fa: 'فاکتور شماره {number} هم‌اکنون در صف ارسال به سامانه مودیان است',
    en: 'Invoice {number} already has a submission in progress',
  },
  MOADIAN_ALREADY_SENT: {
    code: 'CONFLICT',
    fa: 'فاکتور شماره {number} پیش‌تر با موفقیت به سامانه مودیان رسیده است؛ برای اصلاح، آن را باطل یا برگشت کنید',
    en: 'Invoice {number} was already accepted by Moadian',
  },
  MOADIAN_REFERENCE_NOT_SENT: {
    code: 'CONFLICT',
    fa: 'صورتحساب مرجع فاکتور شماره {number} هنوز با موفقیت به سامانه مودیان نرسیده است',
    en: 'The reference of invoice {number} has not been accepted by Moadian yet',
  },
  MOADIAN_UNSUPPORTED_FIGURE: {
    code: 'CONFLICT',
    fa: 'فاکتور شماره {number} «{field}» دارد که در صورتحساب مودیان جایی ندارد؛ آن را در سطرها بیاورید',
    en: 'Invoice {number} has {field}, which a Moadian invoice cannot carry; put it on the lines',
  },
  MOADIAN_PRODUCT_NO_SSTID: {
    code: 'CONFLICT',
    fa: 'کالای «{name}» در «{field}» شناسه کالا/خدمت مودیان (sstid) ندارد',
    en: 'Product {name} in {field} has no Moadian goods/service id',
  },
  MOADIAN_BUYER_INCOMPLETE: {
    code: 'CONFLICT',
    fa: 'خریدار «{name}» برای صورتحساب نوع اول «{field}» ندارد (شماره اقتصادی، یا شناسه ملی همراه کد پستی)',
    en: 'Buyer {name} lacks {field} required for a type-1 invoice',
  },
} as const satisfies MessageTable;
