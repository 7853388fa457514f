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
} as const satisfies MessageTable;
