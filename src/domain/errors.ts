/**
 * The one catalogue of domain errors. Code throws these by name; each API surface maps the
 * code to its own envelope in one small table (src/http/<surface>/errors.ts).
 */
export const ERROR_CATALOGUE = {
  VALIDATION: { fa: 'داده‌های ارسالی نامعتبر است', en: 'Invalid data' },
  MISSING_FIELD: { fa: 'پارامتر الزامی ارسال نشده است', en: 'A required field is missing' },
  OUT_OF_RANGE: { fa: 'مقدار خارج از محدوده مجاز است', en: 'Value out of range' },
  NOT_FOUND: { fa: 'رکورد یافت نشد', en: 'Record not found' },
  DUPLICATE: { fa: 'رکورد تکراری است', en: 'Duplicate record' },
  IN_USE: { fa: 'این رکورد در اسناد دیگر استفاده شده و قابل حذف نیست', en: 'Record is in use' },
  INSUFFICIENT_STOCK: { fa: 'موجودی کالا کافی نیست', en: 'Insufficient stock' },
  INSUFFICIENT_FUNDS: { fa: 'موجودی صندوق یا حساب بانکی کافی نیست', en: 'Insufficient funds' },
  CONFLICT: { fa: 'این عملیات با وضعیت فعلی رکورد سازگار نیست', en: 'Operation conflicts with the current state' },
  IDEMPOTENCY_CONFLICT: {
    fa: 'این شناسه درخواست قبلاً با محتوای دیگری استفاده شده است',
    en: 'Idempotency key already used with a different request',
  },
  UNAUTHENTICATED: { fa: 'احراز هویت انجام نشد', en: 'Not authenticated' },
  FORBIDDEN: { fa: 'شما مجوز این عملیات را ندارید', en: 'Not allowed' },
  MALFORMED_BODY: { fa: 'بدنه درخواست JSON معتبر نیست', en: 'Request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { fa: 'نوع محتوای درخواست پشتیبانی نمی‌شود', en: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { fa: 'حجم درخواست بیش از حد مجاز است', en: 'Request body too large' },
  RATE_LIMITED: { fa: 'تعداد درخواست‌ها بیش از حد مجاز است؛ کمی بعد دوباره تلاش کنید', en: 'Too many requests' },
  ROUTE_NOT_FOUND: { fa: 'مسیر درخواست‌شده وجود ندارد', en: 'Route not found' },
  UNAVAILABLE: { fa: 'پایگاه داده در دسترس نیست؛ کمی بعد دوباره تلاش کنید', en: 'Database unavailable' },
  INTERNAL: { fa: 'خطای داخلی سرور', en: 'Internal server error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** The wire-independent field path the error is about, e.g. `details[0].sumPrice`. */
  readonly field?: string;
  readonly messageFa: string;
  readonly messageEn: string;
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    opts: { field?: string; fa?: string; en?: string; details?: Record<string, unknown> } = {},
  ) {
    const base = ERROR_CATALOGUE[code];
    const en = opts.en ?? base.en;
    super(en);
    this.name = 'DomainError';
    this.code = code;
    this.field = opts.field;
    this.messageFa = opts.fa ?? base.fa;
    this.messageEn = en;
    this.details = opts.details;
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

/** Constructors, so that call sites read as the domain's words. */
export const fail = {
  validation(field: string, fa?: string, en?: string, details?: Record<string, unknown>): DomainError {
    return new DomainError('VALIDATION', {
      field,
      fa: fa ?? `مقدار «${field}» نامعتبر است`,
      en: en ?? `Invalid value for "${field}"`,
      details,
    });
  },
  missing(field: string): DomainError {
    return new DomainError('MISSING_FIELD', {
      field,
      fa: `فیلد «${field}» الزامی است`,
      en: `"${field}" is required`,
    });
  },
  outOfRange(field: string, fa?: string, en?: string): DomainError {
    return new DomainError('OUT_OF_RANGE', {
      field,
      fa: fa ?? `مقدار «${field}» خارج از محدوده مجاز است`,
      en: en ?? `"${field}" is out of range`,
    });
  },
  notFound(entityFa: string, field: string, value: unknown, entityEn = field): DomainError {
    return new DomainError('NOT_FOUND', {
      field,
      fa: `${entityFa} با «${field}» = ${String(value)} یافت نشد`,
      en: `${entityEn} with ${field}=${String(value)} not found`,
      details: { value },
    });
  },
  duplicate(field: string, value: unknown, entityFa = 'رکورد'): DomainError {
    return new DomainError('DUPLICATE', {
      field,
      fa: `${entityFa} با «${field}» = ${String(value)} قبلاً ثبت شده است`,
      en: `${field} "${String(value)}" already exists`,
      details: { value },
    });
  },
  inUse(entityFa: string, reasonFa: string, entityEn = 'record'): DomainError {
    return new DomainError('IN_USE', {
      fa: `${entityFa} قابل حذف نیست: ${reasonFa}`,
      en: `${entityEn} is in use and cannot be deleted`,
    });
  },
  insufficientStock(field: string, details: Record<string, unknown>, productLabel: string): DomainError {
    return new DomainError('INSUFFICIENT_STOCK', {
      field,
      fa: `موجودی کالای «${productLabel}» در انبار کافی نیست (موجود: ${details.available}، درخواستی: ${details.requested})${details.date ? ` در تاریخ ${details.dateJalali ?? details.date}` : ''}`,
      en: `Insufficient stock for ${productLabel}${details.date ? ` on ${details.date}` : ''}`,
      details,
    });
  },
  insufficientFunds(field: string, details: { available: string; requested: string }, accountLabel: string): DomainError {
    return new DomainError('INSUFFICIENT_FUNDS', {
      field,
      fa: `موجودی «${accountLabel}» کافی نیست (موجود: ${details.available}، درخواستی: ${details.requested})`,
      en: `Insufficient funds in ${accountLabel}`,
      details,
    });
  },
  conflict(fa: string, en: string, field?: string): DomainError {
    return new DomainError('CONFLICT', { fa, en, field });
  },
  forbidden(fa?: string, en?: string): DomainError {
    return new DomainError('FORBIDDEN', { fa, en });
  },
  unauthenticated(fa?: string, en?: string): DomainError {
    return new DomainError('UNAUTHENTICATED', { fa, en });
  },
};
