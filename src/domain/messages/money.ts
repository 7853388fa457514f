import type { MessageTable } from './types.js';

/** Messages of the money module (see src/domain/errors.ts): codes with Persian and English templates. */
export const MONEY_MESSAGES = {} as const satisfies MessageTable;
