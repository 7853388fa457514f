/** The domain's error codes: each surface maps every one of them in its own table. */
export const ERROR_CODES = [
  'VALIDATION', 'MISSING_FIELD', 'OUT_OF_RANGE', 'NOT_FOUND', 'DUPLICATE', 'IN_USE', 'INSUFFICIENT_STOCK',
  'INSUFFICIENT_FUNDS', 'CONFLICT', 'CLOSED_PERIOD', 'IDEMPOTENCY_CONFLICT', 'UNAUTHENTICATED', 'FORBIDDEN', 'MALFORMED_BODY',
  'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED', 'ROUTE_NOT_FOUND', 'UNAVAILABLE', 'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * One message of the catalogue: the domain error code it raises and its Persian and English
 * templates. Slots are `{name}`; `{field}` (and any slot whose name ends in `Field`) holds a
 * field path, which a surface renames to its wire name before the message is rendered.
 */
export interface MessageDef {
  code: ErrorCode;
  fa: string;
  en: string;
}

export type MessageTable = Record<string, MessageDef>;
