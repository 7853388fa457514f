import type { MessageTable } from './types.js';

/** Messages of the users, sessions, API tokens and settings (see src/domain/errors.ts). */
export const USERS_MESSAGES = {
  USER_PASSWORD_SHORT: { code: 'VALIDATION', fa: 'رمز عبور «{field}» باید دست‌کم {min} نویسه باشد', en: '{field} must be at least {min} characters' },
  USER_ROLE_UNKNOWN: { code: 'VALIDATION', fa: 'نقش «{field}» باید یکی از admin، accountant یا clerk باشد', en: '{field} must be one of admin, accountant, clerk' },
  USER_OWNER_LOCKED: {
    code: 'CONFLICT',
    fa: 'مدیر اصلی کسب‌وکار را نمی‌توان غیرفعال کرد یا نقشش را تغییر داد ({field})',
    en: 'The business owner cannot be disabled or demoted ({field})',
  },
  USER_LAST_ADMIN: {
    code: 'CONFLICT',
    fa: 'کسب‌وکار دست‌کم یک مدیر فعال لازم دارد؛ «{field}» آخرین مدیر را برمی‌دارد',
    en: 'The business needs at least one active admin; {field} would remove the last one',
  },
  SESSION_OR_TOKEN_REQUIRED: {
    code: 'UNAUTHENTICATED',
    fa: 'احراز هویت لازم است: وارد شوید یا سرآیند Authorization: Bearer <token> را بفرستید',
    en: 'Authentication required: log in or send Authorization: Bearer <token>',
  },
  SESSION_INVALID: { code: 'UNAUTHENTICATED', fa: 'نشست ورود منقضی یا باطل شده است؛ دوباره وارد شوید', en: 'The session expired or was ended; log in again' },
  CSRF_MISSING: {
    code: 'FORBIDDEN',
    fa: 'سرآیند «{field}» با توکن CSRF همین نشست لازم است (درخواست‌های تغییر با کوکی نشست)',
    en: 'Send the session\'s CSRF token in the {field} header (writes authenticated by the session cookie)',
  },
  API_TOKEN_NOT_YOURS: { code: 'FORBIDDEN', fa: 'فقط مدیر می‌تواند توکن کاربر دیگری را باطل کند ({field} = {value})', en: 'Only an admin may revoke another user\'s token ({field}={value})' },
  SETTINGS_LOGO_INVALID: {
    code: 'VALIDATION',
    fa: 'نشان «{field}» باید تصویر PNG، JPEG، WebP یا SVG به صورت data URL و حداکثر {maxKb} کیلوبایت باشد',
    en: '{field} must be a PNG, JPEG, WebP or SVG data URL of at most {maxKb} KB',
  },
} as const satisfies MessageTable;
