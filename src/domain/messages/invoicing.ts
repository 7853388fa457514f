import type { MessageTable } from './types.js';

/** Messages of the invoicing module (see src/domain/errors.ts): codes with Persian and English templates. */
export const INVOICING_MESSAGES = {} as const satisfies MessageTable;
