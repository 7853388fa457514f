import type { MessageTable } from './types.js';

/** Messages of the audit module (see src/domain/errors.ts): codes with Persian and English templates. */
export const AUDIT_MESSAGES = {} as const satisfies MessageTable;
