import type { MessageTable } from './types.js';

/** Messages of the stock module (see src/domain/errors.ts): codes with Persian and English templates. */
export const STOCK_MESSAGES = {} as const satisfies MessageTable;
