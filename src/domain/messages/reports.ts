import type { MessageTable } from './types.js';

/** Messages of the reports module (see src/domain/errors.ts): codes with Persian and English templates. */
export const REPORTS_MESSAGES = {} as const satisfies MessageTable;
