import type { MessageTable } from './types.js';

/** Messages of the users module (see src/domain/errors.ts): codes with Persian and English templates. */
export const USERS_MESSAGES = {} as const satisfies MessageTable;
