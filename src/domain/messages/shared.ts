import type { MessageTable } from './types.js';

/** Messages of the shared module (see src/domain/errors.ts): codes with Persian and English templates. */
export const SHARED_MESSAGES = {} as const satisfies MessageTable;
