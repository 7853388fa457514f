import type { MessageTable } from './types.js';

/** Messages of the catalog module (see src/domain/errors.ts): codes with Persian and English templates. */
export const CATALOG_MESSAGES = {} as const satisfies MessageTable;
