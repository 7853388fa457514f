import type { MessageTable } from './types.js';

/** Messages of the parties module (see src/domain/errors.ts): codes with Persian and English templates. */
export const PARTIES_MESSAGES = {} as const satisfies MessageTable;
