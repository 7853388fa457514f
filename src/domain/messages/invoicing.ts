import type { MessageTable } from './types.js';

/**
 * Messages of the invoicing module (see src/domain/errors.ts): codes with Persian and English
 * templates. An invoice is named by its printed number (`{number}`) and type (`{typeFa}`/`{type}`),
 * never by its internal id; field paths come through `{field}` slots a surface renames.
 */
export const INVOICING_MESSAGES = {
  INVOICE_TYPE_INVALID: {
    code: 'VALIDATION',
    fa: '«{field}» باید یکی از ۱ (خرید)، ۲ (فروش)، ۳ (برگشت از خرید)، ۴ (برگشت از فروش) یا ۵ (پیش‌فاکتور) باشد',
    en: '{field} must be 1..5',
  },
  INVOICE_TYPE_UNKNOWN: {
    code: 'VALIDATION',
    fa: '«{field}» باید یکی از sale، purchase، saleReturn، purchaseReturn یا proforma باشد',
    en: '{field} must be one of sale, purchase, saleReturn, purchaseReturn, proforma',
  },
  INVOICE_KIND_CODE_INVALID: { code: 'VALIDATION', fa: '«{field}» باید ۰ (کالا) یا ۱ (خدمت) باشد', en: '{field} must be 0 (goods) or 1 (service)' },
  INVOICE_TIME_INVALID: { code: 'VALIDATION', fa: '«{field}» باید به شکل HH:MM:SS باشد', en: '{field} must be HH:MM:SS' },
  INVOICE_ORIGINAL_NOT_A_RETURN: { code: 'VALIDATION', fa: '«{field}» فقط برای فاکتور برگشتی معنا دارد', en: '{field} applies to returns only' },
  INVOICE_LINES_NOT_A_LIST: { code: 'VALIDATION', fa: '«{field}» باید آرایه‌ای از سطرهای فاکتور باشد', en: '{field} must be an array' },
  INVOICE_STATUS_INVALID: { code: 'VALIDATION', fa: '«{field}» باید posted یا voided باشد', en: '{field} must be posted or voided' },

  // i4: figures (compute.ts)
  INVOICE_PERCENT_RANGE: { code: 'VALIDATION', fa: '«{field}» باید درصدی بین ۰ و ۱۰۰ باشد', en: '{field} must be a percentage between 0 and 100' },
  INVOICE_NEGATIVE: { code: 'VALIDATION', fa: '«{field}» نمی‌تواند منفی باشد', en: '{field} cannot be negative' },
  INVOICE_TOO_MANY_DECIMALS: { code: 'VALIDATION', fa: '«{field}» حداکثر {max} رقم اعشار می‌پذیرد', en: '{field} allows at most {max} decimals' },
  INVOICE_QUANTITY_NOT_POSITIVE: { code: 'VALIDATION', fa: '«{field}» باید بزرگ‌تر از صفر باشد', en: '{field} must be greater than zero' },
  INVOICE_AMOUNT_MISMATCH: {
    code: 'VALIDATION',
    fa: '«{field}» ({sent}) با حاصل‌ضرب مقدار در قیمت ({expected}) برابر نیست',
    en: '{field} ({sent}) must equal quantity × price ({expected})',
  },
  INVOICE_LINE_DISCOUNT_ABOVE_AMOUNT: { code: 'VALIDATION', fa: 'تخفیف «{field}» از مبلغ سطر ({amount}) بیشتر است', en: '{field} exceeds the line amount ({amount})' },
  INVOICE_NO_LINES: { code: 'VALIDATION', fa: 'فاکتور باید دست‌کم یک سطر («{field}») داشته باشد', en: 'An invoice needs at least one line ({field})' },
  INVOICE_LINE_DISCOUNT_MISMATCH: {
    code: 'VALIDATION',
    fa: '«{field}» ({sent}) با جمع تخفیف سطرها ({expected}) برابر نیست',
    en: '{field} ({sent}) must equal the sum of line discounts ({expected})',
  },
  INVOICE_PAYABLE_NEGATIVE: {
    code: 'VALIDATION',
    fa: 'مبلغ قابل پرداخت منفی می‌شود ({payable}): تخفیف «{field}» و «{roundingField}» از جمع فاکتور بیشترند',
    en: 'The payable amount would be negative ({payable}): {field} and {roundingField} exceed the invoice total',
  },

  // i4: posting (post.ts and its steps)
  INVOICE_NUMBER_INVALID: { code: 'VALIDATION', fa: '«{field}» باید عدد صحیح مثبت باشد', en: '{field} must be a positive integer' },
  INVOICE_TOO_MANY_LINES: { code: 'OUT_OF_RANGE', fa: '«{field}»: فاکتور حداکثر {max} سطر می‌پذیرد', en: '{field}: at most {max} lines' },
  INVOICE_PRODUCT_INACTIVE: { code: 'VALIDATION', fa: '«{field}»: کالا یا خدمت «{product}» غیرفعال است', en: '{field}: product {product} is inactive' },
  INVOICE_KIND_INVALID: { code: 'VALIDATION', fa: '«{field}» باید کالا (goods) یا خدمت (service) باشد', en: '{field} must be goods or service' },
  INVOICE_LINE_IS_GOODS: { code: 'VALIDATION', fa: '«{field}»: «{product}» کالاست، نه خدمت', en: '{field}: {product} is goods, not a service' },
  INVOICE_LINE_IS_SERVICE: { code: 'VALIDATION', fa: '«{field}»: «{product}» خدمت است، نه کالا', en: '{field}: {product} is a service, not goods' },
  INVOICE_NO_WAREHOUSE: { code: 'CONFLICT', fa: 'هیچ انباری تعریف نشده است («{field}»)', en: 'the business has no warehouse ({field})' },
  INVOICE_WAREHOUSE_INACTIVE: { code: 'VALIDATION', fa: '«{field}»: انبار {warehouse} غیرفعال است', en: '{field}: warehouse {warehouse} is inactive' },
  INVOICE_ORIGINAL_WRONG_TYPE: {
    code: 'VALIDATION',
    fa: '«{field}»: فاکتور {typeFa} شماره {number} فاکتور {wantedFa} نیست',
    en: '{field}: {type} invoice {number} is not a {wanted}',
  },
  INVOICE_ORIGINAL_VOIDED: { code: 'CONFLICT', fa: '«{field}»: فاکتور {typeFa} شماره {number} باطل شده است', en: '{field}: {type} invoice {number} is voided' },
  INVOICE_ORIGINAL_OTHER_PARTY: {
    code: 'VALIDATION',
    fa: '«{field}»: فاکتور {typeFa} شماره {number} به شخص دیگری تعلق دارد',
    en: '{field}: {type} invoice {number} belongs to another party',
  },
  INVOICE_RETURN_BEFORE_ORIGINAL: {
    code: 'VALIDATION',
    fa: '«{field}»: تاریخ فاکتور برگشتی ({dateJalali}) پیش از تاریخ فاکتور {typeFa} شماره {number} ({originalDateJalali}) است',
    en: '{field}: a return ({date}) cannot be dated before {type} invoice {number} ({originalDate})',
  },
  INVOICE_RETURN_PRODUCT_NOT_ON_ORIGINAL: {
    code: 'VALIDATION',
    fa: '«{field}»: کالای «{product}» در فاکتور {typeFa} شماره {number} نیست',
    en: '{field}: {product} is not on {type} invoice {number}',
  },
  INVOICE_RETURN_EXCEEDS_ORIGINAL: {
    code: 'VALIDATION',
    fa: '«{field}»: مقدار برگشتی کالای «{product}» از مقدار فاکتور {typeFa} شماره {number} ({sold}، برگشت‌شده {returned}) بیشتر است',
    en: '{field}: the returned quantity of {product} exceeds what {type} invoice {number} holds ({sold}, returned {returned})',
  },
  INVOICE_NUMBER_TAKEN: { code: 'DUPLICATE', fa: 'فاکتور {typeFa} با «{field}» = {value} قبلاً ثبت شده است', en: '{type} invoice with {field} "{value}" already exists' },

  // i4: voiding (void.ts)
  INVOICE_ALREADY_VOIDED: { code: 'CONFLICT', fa: '«{field}»: فاکتور {typeFa} شماره {number} قبلاً باطل شده است', en: '{field}: {type} invoice {number} is already voided' },
  INVOICE_HAS_RETURNS: {
    code: 'CONFLICT',
    fa: '«{field}»: فاکتور {typeFa} شماره {number} {count} فاکتور برگشتی ثبت‌شده دارد (نخستین: شماره {first})؛ ابتدا آن‌ها را باطل کنید',
    en: '{field}: {type} invoice {number} has {count} returns (the first: number {first}); void them first',
  },
} as const satisfies MessageTable;
