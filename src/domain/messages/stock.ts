import type { MessageTable } from './types.js';

/** Messages of the stock module (see src/domain/errors.ts): codes with Persian and English templates. */
export const STOCK_MESSAGES = {
  STOCK_NO_WAREHOUSE: { code: 'CONFLICT', fa: 'هیچ انباری تعریف نشده است', en: 'the business has no warehouse' },
  STOCK_DEFAULT_WAREHOUSE_ACTIVE: {
    code: 'CONFLICT',
    fa: 'انبار پیش‌فرض «{name}» را نمی‌توان غیرفعال کرد',
    en: 'the default warehouse "{name}" cannot be deactivated',
  },
  STOCK_WAREHOUSE_IS_DEFAULT: { code: 'IN_USE', fa: 'انبار «{name}» قابل حذف نیست: انبار پیش‌فرض است', en: 'warehouse "{name}" is the default and cannot be deleted' },
  STOCK_WAREHOUSE_HAS_MOVEMENTS: { code: 'IN_USE', fa: 'انبار «{name}» قابل حذف نیست: گردش کالا دارد', en: 'warehouse "{name}" has stock movements and cannot be deleted' },
  STOCK_WAREHOUSE_HAS_STOCK: { code: 'IN_USE', fa: 'انبار «{name}» قابل حذف نیست: موجودی کالا دارد', en: 'warehouse "{name}" holds stock and cannot be deleted' },
  STOCK_NOT_POSITIVE: { code: 'OUT_OF_RANGE', fa: '«{field}» باید بزرگ‌تر از صفر باشد', en: '{field} must be > 0' },
  STOCK_DECIMALS: { code: 'VALIDATION', fa: '«{field}» حداکثر {max} رقم اعشار می‌پذیرد', en: '{field} allows at most {max} decimals' },
  STOCK_QUANTITY_ZERO: { code: 'VALIDATION', fa: 'مقدار «{field}» نباید صفر باشد', en: '{field} must not be zero' },
  STOCK_NEGATIVE: { code: 'VALIDATION', fa: '«{field}» نباید منفی باشد', en: '{field} must not be negative' },
  STOCK_SERVICE_NO_STOCK: { code: 'VALIDATION', fa: '«{name}» خدمت است و موجودی انبار ندارد', en: '"{name}" is a service and holds no stock' },
  STOCK_SERVICE_NO_OPENING: {
    code: 'VALIDATION',
    fa: '«{name}» خدمات است و موجودی اول دوره ندارد ({field})',
    en: '{field}: "{name}" is a service and has no opening stock',
  },
  STOCK_ALREADY_REVERSED: {
    code: 'CONFLICT',
    fa: 'گردش‌های کالای این سند قبلاً برگشت خورده‌اند',
    en: 'stock movements of this document were already reversed',
  },
} as const satisfies MessageTable;
