import type { MessageTable } from './types.js';

/** Messages of the parties module (see src/domain/errors.ts): codes with Persian and English templates. */
export const PARTIES_MESSAGES = {
  PARTY_NEGATIVE: { code: 'OUT_OF_RANGE', fa: '«{field}» نمی‌تواند منفی باشد', en: '{field} must not be negative' },
  PARTY_DECIMALS: { code: 'VALIDATION', fa: '«{field}» حداکثر {max} رقم اعشار می‌پذیرد', en: '{field} allows at most {max} decimals' },
  PARTY_PERCENT_RANGE: { code: 'OUT_OF_RANGE', fa: 'درصد «{field}» باید بین ۰ و ۱۰۰ باشد', en: '{field} must be a percentage between 0 and 100' },
  PARTY_PRICE_TIER_RANGE: {
    code: 'OUT_OF_RANGE',
    fa: 'سطح قیمت «{field}» باید عدد صحیح بین ۰ و {max} باشد',
    en: '{field} must be an integer between 0 and {max}',
  },
  PARTY_ROLE_INVALID: { code: 'VALIDATION', fa: 'نقش «{field}» باید یکی از {allowed} باشد', en: '{field} must be one of {allowed}' },
  PARTY_ONE_ROLE: { code: 'VALIDATION', fa: '«{field}» باید دقیقاً یک نقش داشته باشد', en: '{field} must hold exactly one role' },
  PARTY_KIND_INVALID: { code: 'VALIDATION', fa: '«{field}» باید یکی از {allowed} باشد', en: '{field} must be one of {allowed}' },
  PARTY_CODE_DIGITS: { code: 'VALIDATION', fa: '«{field}» باید رشته‌ای از ارقام باشد', en: '{field} must be a string of digits' },
  PARTY_PHONE_NO_DIGITS: { code: 'VALIDATION', fa: 'شماره تلفن «{field}» باید رقم داشته باشد', en: '{field} must contain digits' },
  PARTY_IN_USE_OPENING: {
    code: 'IN_USE',
    fa: 'شخص «{name}» قابل حذف نیست: برای این شخص مانده اول دوره ثبت شده است؛ آن را غیرفعال کنید',
    en: 'party {name} has an opening balance and cannot be deleted; deactivate it',
  },
  PARTY_IN_USE_VOUCHER: {
    code: 'IN_USE',
    fa: 'شخص «{name}» قابل حذف نیست: برای این شخص سند حسابداری (فاکتور یا دریافت/پرداخت) ثبت شده است',
    en: 'party {name} has vouchers and cannot be deleted',
  },
  PARTY_IN_USE_PAYMENT: {
    code: 'IN_USE',
    fa: 'شخص «{name}» قابل حذف نیست: برای این شخص دریافت یا پرداخت ثبت شده است',
    en: 'party {name} has payments and cannot be deleted',
  },
  PARTY_IN_USE_INVOICE: {
    code: 'IN_USE',
    fa: 'شخص «{name}» قابل حذف نیست: برای این شخص فاکتور ثبت شده است',
    en: 'party {name} has invoices and cannot be deleted',
  },
  PARTY_GROUP_CYCLE: {
    code: 'VALIDATION',
    fa: 'گروه نمی‌تواند زیرمجموعه خودش یا زیرگروه‌هایش باشد («{field}»)',
    en: '{field}: a group cannot be moved under itself or its own subgroups',
  },
  PARTY_GROUP_HAS_CHILDREN: { code: 'IN_USE', fa: 'گروه «{name}» قابل حذف نیست: زیرگروه دارد', en: 'party group {name} has subgroups and cannot be deleted' },
  PARTY_GROUP_HAS_MEMBERS: {
    code: 'IN_USE',
    fa: 'گروه «{name}» قابل حذف نیست: اشخاصی در این گروه هستند',
    en: 'party group {name} has parties in it and cannot be deleted',
  },
  PARTY_ROLE_GROUP_MISSING: {
    code: 'NOT_FOUND',
    fa: 'گروه نقش «{role}» زیر گروه «{root}» یافت نشد («{field}»)',
    en: 'no group for role {role} under {root} ({field})',
  },
} as const satisfies MessageTable;
