import type { MessageTable } from './types.js';

/** Messages of the reports module (see src/domain/errors.ts): codes with Persian and English templates. */
export const REPORTS_MESSAGES = {
  REPORT_PERIOD_REVERSED: { code: 'VALIDATION', fa: '«{field}» نباید بعد از «{toField}» باشد', en: '{field} must not be after {toField}' },
  REPORT_OFFSET_INVALID: { code: 'VALIDATION', fa: '«{field}» باید عدد صحیح نامنفی باشد', en: '{field} must be a non-negative integer' },
  REPORT_LIMIT_RANGE: { code: 'OUT_OF_RANGE', fa: '«{field}» باید بین {min} و {max} باشد', en: '{field} must be between {min} and {max}' },
  REPORT_GROUP_BY_INVALID: {
    code: 'VALIDATION',
    fa: '«{field}» باید یکی از product، customer، day یا month باشد',
    en: '{field} must be product|customer|day|month',
  },
  REPORT_LEVEL_INVALID: {
    code: 'VALIDATION',
    fa: '«{field}» باید یکی از group، general، subsidiary یا detail باشد',
    en: '{field} must be group|general|subsidiary|detail',
  },
  REPORT_FORMAT_INVALID: { code: 'VALIDATION', fa: '«{field}» باید json یا csv باشد', en: '{field} must be json or csv' },
} as const satisfies MessageTable;
