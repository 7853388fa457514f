import type { MessageTable } from './types.js';

/** Messages of the backup module (see src/domain/errors.ts): codes with Persian and English templates. */
export const BACKUP_MESSAGES = {} as const satisfies MessageTable;
