import type { MessageTable } from './types.js';

/** Messages any module may raise. Module-specific ones live in the module's own table. */
export const GENERIC_MESSAGES = {
  VALIDATION: { code: 'VALIDATION', fa: 'داده‌های ارسالی نامعتبر است', en: 'Invalid data' },
  MISSING_FIELD: { code: 'MISSING_FIELD', fa: 'پارامتر الزامی ارسال نشده است', en: 'A required field is missing' },
  OUT_OF_RANGE: { code: 'OUT_OF_RANGE', fa: 'مقدار خارج از محدوده مجاز است', en: 'Value out of range' },
  NOT_FOUND: { code: 'NOT_FOUND', fa: 'رکورد یافت نشد', en: 'Record not found' },
  DUPLICATE: { code: 'DUPLICATE', fa: 'رکورد تکراری است', en: 'Duplicate record' },
  IN_USE: { code: 'IN_USE', fa: 'این رکورد در اسناد دیگر استفاده شده و قابل حذف نیست', en: 'Record is in use' },
  INSUFFICIENT_STOCK: { code: 'INSUFFICIENT_STOCK', fa: 'موجودی کالا کافی نیست', en: 'Insufficient stock' },
  INSUFFICIENT_FUNDS: { code: 'INSUFFICIENT_FUNDS', fa: 'موجودی صندوق یا حساب بانکی کافی نیست', en: 'Insufficient funds' },
  CONFLICT: { code: 'CONFLICT', fa: 'این عملیات با وضعیت فعلی رکورد سازگار نیست', en: 'Operation conflicts with the current state' },
  IDEMPOTENCY_CONFLICT: {
    code: 'IDEMPOTENCY_CONFLICT',
    fa: 'این شناسه درخواست قبلاً با محتوای دیگری استفاده شده است',
    en: 'Idempotency key already used with a different request',
  },
  UNAUTHENTICATED: { code: 'UNAUTHENTICATED', fa: 'احراز هویت انجام نشد', en: 'Not authenticated' },
  FORBIDDEN: { code: 'FORBIDDEN', fa: 'شما مجوز این عملیات را ندارید', en: 'Not allowed' },
  MALFORMED_BODY: { code: 'MALFORMED_BODY', fa: 'بدنه درخواست JSON معتبر نیست', en: 'Request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', fa: 'نوع محتوای درخواست پشتیبانی نمی‌شود', en: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', fa: 'حجم درخواست بیش از حد مجاز است', en: 'Request body too large' },
  RATE_LIMITED: { code: 'RATE_LIMITED', fa: 'تعداد درخواست‌ها بیش از حد مجاز است؛ کمی بعد دوباره تلاش کنید', en: 'Too many requests' },
  ROUTE_NOT_FOUND: { code: 'ROUTE_NOT_FOUND', fa: 'مسیر {method} {path} وجود ندارد', en: 'No route {method} {path}' },
  UNAVAILABLE: { code: 'UNAVAILABLE', fa: 'پایگاه داده در دسترس نیست؛ کمی بعد دوباره تلاش کنید', en: 'Database unavailable' },
  INTERNAL: { code: 'INTERNAL', fa: 'خطای داخلی سرور', en: 'Internal server error' },

  FIELD_INVALID: { code: 'VALIDATION', fa: 'مقدار «{field}» نامعتبر است', en: 'Invalid value for "{field}"' },
  FIELD_INVALID_WHY: { code: 'VALIDATION', fa: 'مقدار «{field}» نامعتبر است ({why})', en: 'Invalid value for "{field}": {why}' },
  FIELD_REQUIRED: { code: 'MISSING_FIELD', fa: 'فیلد «{field}» الزامی است', en: '"{field}" is required' },
  FIELD_OUT_OF_RANGE: { code: 'OUT_OF_RANGE', fa: 'مقدار «{field}» خارج از محدوده مجاز است', en: '"{field}" is out of range' },
  FIELD_UNKNOWN: { code: 'VALIDATION', fa: 'فیلد «{field}» شناخته نیست', en: 'Unknown field "{field}"' },
  NOT_A_NUMBER: { code: 'VALIDATION', fa: '«{field}» باید عدد باشد ({sent} خوانا نیست)', en: '{field} must be a number ({sent} is not a plain decimal)' },
  NOT_AN_INTEGER: { code: 'VALIDATION', fa: '«{field}» باید عدد صحیح باشد', en: '{field} must be an integer' },
  NOT_AN_ID: { code: 'VALIDATION', fa: 'شناسه «{field}» نامعتبر است', en: '{field} must be a positive integer' },
  NOT_A_BOOLEAN: { code: 'VALIDATION', fa: '«{field}» باید true یا false باشد', en: '{field} must be a boolean' },
  NOT_TEXT: { code: 'VALIDATION', fa: '«{field}» باید متن باشد', en: '{field} must be a string' },
  TEXT_TOO_LONG: { code: 'OUT_OF_RANGE', fa: 'طول «{field}» بیش از {max} نویسه است', en: '{field} is longer than {max} characters' },
  NOT_FOUND_ENTITY: { code: 'NOT_FOUND', fa: '{entity} با «{field}» = {value} یافت نشد', en: '{entity} with {field}={value} not found' },
  DUPLICATE_ENTITY: { code: 'DUPLICATE', fa: '{entity} با «{field}» = {value} قبلاً ثبت شده است', en: '{entity} with {field} "{value}" already exists' },
  STOCK_SHORT: {
    code: 'INSUFFICIENT_STOCK',
    fa: 'موجودی کالای «{product}» در انبار کافی نیست (موجود: {available}، درخواستی: {requested})',
    en: 'Insufficient stock for {product} (available {available}, requested {requested})',
  },
  STOCK_SHORT_ON: {
    code: 'INSUFFICIENT_STOCK',
    fa: 'موجودی کالای «{product}» در انبار کافی نیست (موجود: {available}، درخواستی: {requested}) در تاریخ {dateJalali}',
    en: 'Insufficient stock for {product} on {date} (available {available}, requested {requested})',
  },
  FUNDS_SHORT: {
    code: 'INSUFFICIENT_FUNDS',
    fa: 'موجودی «{account}» کافی نیست (موجود: {available}، درخواستی: {requested})',
    en: 'Insufficient funds in {account} (available {available}, requested {requested})',
  },
  IDEMPOTENCY_KEY_LENGTH: { code: 'VALIDATION', fa: 'کلید Idempotency-Key باید ۱ تا ۲۵۵ نویسه باشد', en: 'Idempotency-Key must be 1-255 characters' },
  TOTAL_TOO_LARGE: { code: 'OUT_OF_RANGE', fa: 'جمع مبالغ از ۱۸ رقم صحیح بیشتر می‌شود', en: 'a total would exceed 18 integer digits' },
  CONCURRENT_UPDATE: { code: 'CONFLICT', fa: 'تداخل هم‌زمانی؛ دوباره تلاش کنید', en: 'Concurrent update, retry' },
} as const satisfies MessageTable;

/**
 * The things messages name, in both languages. A slot named `entity` (or ending in `Entity`)
 * holds one of these keys and renders as its name.
 */
export const ENTITIES = {
  record: { fa: 'رکورد', en: 'record' },
  business: { fa: 'کسب‌وکار', en: 'business' },
  user: { fa: 'کاربر', en: 'user' },
  apiToken: { fa: 'توکن دسترسی', en: 'API token' },
  product: { fa: 'کالا', en: 'product' },
  service: { fa: 'خدمت', en: 'service' },
  productGroup: { fa: 'گروه کالا', en: 'product group' },
  unit: { fa: 'واحد', en: 'unit' },
  barcode: { fa: 'بارکد', en: 'barcode' },
  warehouse: { fa: 'انبار', en: 'warehouse' },
  party: { fa: 'شخص', en: 'party' },
  partyGroup: { fa: 'گروه اشخاص', en: 'party group' },
  phone: { fa: 'شماره تلفن', en: 'phone' },
  invoice: { fa: 'فاکتور', en: 'invoice' },
  payment: { fa: 'دریافت/پرداخت', en: 'payment' },
  cashRegister: { fa: 'صندوق', en: 'cash register' },
  bankAccount: { fa: 'حساب بانکی', en: 'bank account' },
  account: { fa: 'حساب', en: 'account' },
  voucher: { fa: 'سند حسابداری', en: 'voucher' },
  fiscalYear: { fa: 'سال مالی', en: 'fiscal year' },
  image: { fa: 'تصویر', en: 'image' },
  backup: { fa: 'پشتیبان', en: 'backup' },
  cheque: { fa: 'چک', en: 'cheque' },
} as const;

export type Entity = keyof typeof ENTITIES;
