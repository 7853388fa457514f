import type { MessageTable } from './types.js';

/** Messages of the catalog module (see src/domain/errors.ts): codes with Persian and English templates. */
export const CATALOG_MESSAGES = {
  PRODUCT_NEGATIVE: { code: 'VALIDATION', fa: '«{field}» نباید منفی باشد', en: '{field} must not be negative' },
  PRODUCT_DECIMALS: { code: 'VALIDATION', fa: '«{field}» حداکثر {max} رقم اعشار می‌پذیرد', en: '{field} allows at most {max} decimals' },
  PRODUCT_RATIO_ZERO: { code: 'VALIDATION', fa: '«{field}» نباید صفر باشد', en: '{field} must not be zero' },
  PRODUCT_RATIO_TOO_LARGE: { code: 'OUT_OF_RANGE', fa: '«{field}» بیش از {digits} رقم صحیح دارد', en: '{field} has more than {digits} integer digits' },
  PRODUCT_UNIT_UNKNOWN: { code: 'VALIDATION', fa: 'واحد با شناسه {value} («{field}») وجود ندارد', en: '{field}: unit {value} does not exist' },
  PRODUCT_GROUP_UNKNOWN: { code: 'VALIDATION', fa: 'گروه کالا با شناسه {value} («{field}») وجود ندارد', en: '{field}: product group {value} does not exist' },
  PRODUCT_BARCODE_EMPTY: { code: 'VALIDATION', fa: 'بارکد «{field}» خالی است', en: 'barcode {field} is empty' },
  PRODUCT_UNIT_LOCKED: {
    code: 'CONFLICT',
    fa: '«{field}»: واحد یا ضریب تبدیل کالای «{name}» که گردش انبار یا فاکتور دارد قابل تغییر نیست (مقادیر ثبت‌شده به آن واحد هستند)',
    en: '{field}: the unit of product {name}, which has stock movements or invoice lines, cannot change',
  },
  PRODUCT_SERVICE_HAS_STOCK: {
    code: 'CONFLICT',
    fa: 'کالایی که گردش انبار دارد را نمی‌توان به خدمت تبدیل کرد',
    en: 'a product with stock movements cannot become a service',
  },
  PRODUCT_IN_USE_MOVED: { code: 'IN_USE', fa: 'کالای «{name}» قابل حذف نیست: گردش انبار دارد', en: 'product {name} has stock movements and cannot be deleted' },
  PRODUCT_IN_USE_INVOICED: { code: 'IN_USE', fa: 'کالای «{name}» قابل حذف نیست: در فاکتورها استفاده شده است', en: 'product {name} is on invoices and cannot be deleted' },
  PRODUCT_IN_USE_OPENING: { code: 'IN_USE', fa: 'کالای «{name}» قابل حذف نیست: موجودی اول دوره دارد', en: 'product {name} has an opening quantity and cannot be deleted' },
  PRODUCT_QUANTITY_NEGATIVE: { code: 'VALIDATION', fa: '«{field}» نباید منفی باشد', en: '{field} must not be negative' },
  PRODUCT_QUANTITY_DECIMALS: { code: 'VALIDATION', fa: '«{field}» حداکثر {max} رقم اعشار دارد', en: '{field} allows at most {max} decimals' },
  PRODUCT_SERVICE_NO_STOCK: { code: 'VALIDATION', fa: 'خدمت موجودی انبار ندارد', en: 'a service holds no stock' },
  PRODUCT_GROUP_PARENT_UNKNOWN: { code: 'VALIDATION', fa: 'گروه والد با شناسه {value} وجود ندارد', en: 'parent group {value} does not exist' },
  PRODUCT_GROUP_OWN_PARENT: { code: 'VALIDATION', fa: 'گروه نمی‌تواند والد خودش باشد', en: 'a group cannot be its own parent' },
  PRODUCT_GROUP_CYCLE: {
    code: 'VALIDATION',
    fa: 'گروه والد نمی‌تواند زیرگروه همین گروه باشد (حلقه در درخت گروه‌ها)',
    en: 'the new parent is a descendant of this group (cycle)',
  },
  PRODUCT_GROUP_HAS_CHILDREN: { code: 'IN_USE', fa: 'گروه «{name}» قابل حذف نیست: زیرگروه دارد', en: 'product group {name} has subgroups and cannot be deleted' },
  PRODUCT_GROUP_HAS_PRODUCTS: {
    code: 'IN_USE',
    fa: 'گروه «{name}» قابل حذف نیست: کالاهایی در این گروه تعریف شده‌اند',
    en: 'product group {name} has products and cannot be deleted',
  },
  PRODUCT_UNIT_IN_USE: { code: 'IN_USE', fa: 'واحد «{name}» قابل حذف نیست: کالاهایی با این واحد تعریف شده‌اند', en: 'unit {name} is used by products and cannot be deleted' },
  PRODUCT_IMAGE_INVALID: {
    code: 'VALIDATION',
    fa: 'فایل ارسالی تصویر معتبر نیست (PNG، JPEG، GIF یا WebP)',
    en: 'the body is not a PNG, JPEG, GIF or WebP image',
  },
  PRODUCT_IMAGE_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', fa: 'حجم تصویر بیش از {max} بایت است', en: 'the image is larger than {max} bytes' },
  PRODUCT_QUERY_UNKNOWN_PROPERTY: {
    code: 'OUT_OF_RANGE',
    fa: 'فیلد «{name}» در «{field}» قابل فیلتر یا مرتب‌سازی نیست',
    en: 'Unknown item property "{name}" in {field}',
  },
  PRODUCT_QUERY_NOT_SCALAR: { code: 'VALIDATION', fa: 'مقدار «{field}» باید متن یا عدد باشد', en: '{field} must be a string or number' },
  PRODUCT_QUERY_NOT_NUMBER: { code: 'VALIDATION', fa: 'مقدار «{field}» باید عدد باشد', en: '{field} must be a number' },
  PRODUCT_QUERY_NOT_BOOLEAN: { code: 'VALIDATION', fa: 'مقدار «{field}» باید true یا false باشد', en: '{field} must be a boolean' },
  PRODUCT_QUERY_NOT_INTEGER: { code: 'VALIDATION', fa: 'مقدار «{field}» باید عدد صحیح باشد', en: '{field} must be an integer' },
  PRODUCT_QUERY_NOT_ARRAY: { code: 'VALIDATION', fa: 'مقدار «{field}» برای عملگر in باید آرایه باشد', en: '{field} must be an array for "in"' },
  PRODUCT_QUERY_OPERATOR: {
    code: 'OUT_OF_RANGE',
    fa: 'عملگر «{operator}» در «{field}» پشتیبانی نمی‌شود (= != < <= > >= * in)',
    en: '{field}: unknown operator "{operator}"',
  },
} as const satisfies MessageTable;
