import type { FastifyRequest } from 'fastify';
import type { DomainError, ErrorCode } from '../../domain/errors.js';
import { HTTP_STATUS, type ErrorReply } from '../common/surface.js';

/** Chortke's envelope: { success, message, <data key>: … }. */
export function ok(data: Record<string, unknown>, message = '') {
  return { success: true, message, ...data };
}

export const CHORTKE_CODE: Record<ErrorCode, string> = {
  VALIDATION: 'VALIDATION_ERROR',
  MISSING_FIELD: 'VALIDATION_ERROR',
  OUT_OF_RANGE: 'VALIDATION_ERROR',
  MALFORMED_BODY: 'INVALID_JSON',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  ROUTE_NOT_FOUND: 'NOT_FOUND',
  DUPLICATE: 'DUPLICATE',
  IN_USE: 'IN_USE',
  INSUFFICIENT_STOCK: 'INSUFFICIENT_STOCK',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  CONFLICT: 'CONFLICT',
  CLOSED_PERIOD: 'CLOSED_PERIOD',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_ERROR',
};

export function chortkeError(err: DomainError, req: FastifyRequest): ErrorReply {
  const body: Record<string, unknown> = { success: false, message: err.messageFa, code: CHORTKE_CODE[err.code] };
  if (err.field) body.field = err.field;
  if (err.code === 'INTERNAL' || err.code === 'UNAVAILABLE') body.requestId = req.id;
  return { statusCode: HTTP_STATUS[err.code], body };
}
