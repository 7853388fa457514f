import type { MessageTable } from './types.js';

/** The change feed and the change hook (issue 21, docs/hesabfa.md "Changes and webhooks"). */
export const CHANGES_MESSAGES = {
  HOOK_URL_INVALID: {
    code: 'VALIDATION',
    fa: '«{field}» باید نشانی کامل http یا https باشد (مثل https://shop.example/hook)',
    en: '{field} must be a full http or https URL (like https://shop.example/hook)',
  },
  CHANGES_START_INVALID: { code: 'VALIDATION', fa: '«{field}» باید شماره تغییر (عدد صحیح نامنفی) یا null باشد', en: '{field} must be a change id (a non-negative integer) or null' },
} as const satisfies MessageTable;
