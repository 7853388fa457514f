import type { FastifyRequest } from 'fastify';
import type { DomainError, ErrorCode } from '../../domain/errors.js';
import { HTTP_STATUS, type ErrorReply } from '../common/surface.js';

/** Siba's envelope: { success, errCode, errMsg, data: { <entity>: … } }. */
export function ok<K extends string>(entity: K, value: unknown): { success: true; errCode: 0; errMsg: ''; data: Record<K, unknown> } {
  return { success: true, errCode: 0, errMsg: '', data: { [entity]: value } as Record<K, unknown> };
}

/** Siba errCode per domain error (siba.md's table). */
export const SIBA_ERR_CODE: Record<ErrorCode, number> = {
  VALIDATION: 1001,
  MISSING_FIELD: 1001,
  OUT_OF_RANGE: 1001,
  MALFORMED_BODY: 1001,
  UNSUPPORTED_MEDIA_TYPE: 1001,
  NOT_FOUND: 1002,
  ROUTE_NOT_FOUND: 1002,
  DUPLICATE: 1003,
  IDEMPOTENCY_CONFLICT: 1003,
  CONFLICT: 1003,
  // siba.md has no code for it: a date in a closed year is invalid data (1001), as before.
  CLOSED_PERIOD: 1001,
  IN_USE: 1004,
  INSUFFICIENT_STOCK: 1005,
  // siba.md has no code of its own for it: 1005 is its «موجودی ناکافی» (insufficient balance).
  INSUFFICIENT_FUNDS: 1005,
  UNAUTHENTICATED: 1006,
  FORBIDDEN: 1007,
  PAYLOAD_TOO_LARGE: 1008,
  RATE_LIMITED: 1009,
  UNAVAILABLE: 1099,
  INTERNAL: 1099,
};

export function sibaError(err: DomainError, req: FastifyRequest): ErrorReply {
  const body: Record<string, unknown> = {
    success: false,
    errCode: SIBA_ERR_CODE[err.code],
    errMsg: err.messageFa,
    errMsgEn: err.messageEn,
    data: null,
  };
  if (err.field) body.errField = err.field;
  if (err.code === 'INTERNAL' || err.code === 'UNAVAILABLE') body.requestId = req.id;
  // A date in a closed year is Siba's invalid data (1001): its HTTP status too, as before CLOSED_PERIOD existed.
  return { statusCode: err.code === 'CLOSED_PERIOD' ? HTTP_STATUS.VALIDATION : HTTP_STATUS[err.code], body };
}
