import type { FastifyRequest } from 'fastify';
import type { DomainError, ErrorCode } from '../../domain/errors.js';
import type { ErrorReply } from '../common/surface.js';

/** Hesabfa's envelope, HTTP 200 for every outcome: { Success, ErrorCode, ErrorMessage, Result }. */
export function ok(result: unknown) {
  return { Success: true, ErrorCode: 0, ErrorMessage: '', Result: result };
}

/** Hesabfa ErrorCode per domain error (hesabfa.md's table). */
export const HESABFA_ERROR_CODE: Record<ErrorCode, number> = {
  INTERNAL: 100,
  UNAVAILABLE: 100,
  RATE_LIMITED: 101,
  MALFORMED_BODY: 103,
  UNSUPPORTED_MEDIA_TYPE: 103,
  MISSING_FIELD: 104,
  UNAUTHENTICATED: 113, // refined by details.hesabfaCode (106, 107, 113, 105)
  FORBIDDEN: 105,
  NOT_FOUND: 112,
  ROUTE_NOT_FOUND: 112,
  VALIDATION: 114,
  OUT_OF_RANGE: 114,
  PAYLOAD_TOO_LARGE: 114,
  IDEMPOTENCY_CONFLICT: 120,
  DUPLICATE: 190,
  IN_USE: 190,
  INSUFFICIENT_STOCK: 190,
  INSUFFICIENT_FUNDS: 190,
  CONFLICT: 190,
  // No code of its own in hesabfa.md: a date in a closed year is invalid data, as before.
  CLOSED_PERIOD: 114,
};

export function hesabfaError(err: DomainError, req: FastifyRequest): ErrorReply {
  const code = (err.details?.hesabfaCode as number | undefined) ?? HESABFA_ERROR_CODE[err.code];
  const body: Record<string, unknown> = { Success: false, ErrorCode: code, ErrorMessage: err.messageFa, Result: null };
  if (err.code === 'INTERNAL' || err.code === 'UNAVAILABLE') body.RequestId = req.id;
  return { statusCode: 200, body };
}
