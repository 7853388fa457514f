import type { MessageTable } from './types.js';

/** Messages of the ledger module (see src/domain/errors.ts): codes with Persian and English templates. */
export const LEDGER_MESSAGES = {} as const satisfies MessageTable;
