import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode } from '../../domain/errors.js';
import { toDomainError } from './errors.js';
import { renameErrorFields, type FieldNames } from './fields.js';

export interface ErrorReply {
  statusCode: number;
  body: unknown;
}

export type ErrorMapper = (err: DomainError, req: FastifyRequest) => ErrorReply;

/** Every error raised under a surface's prefix (including Fastify's own and 404s) answers in
 * that surface's envelope. A 500 is logged with the request id and returns it, no stack. */
export function installErrorHandling(app: FastifyInstance, map: ErrorMapper, fields?: FieldNames): void {
  renameErrors(app, map, fields);
  app.setNotFoundHandler((req, reply) => {
    const method = req.method;
    const e = new DomainError('ROUTE_NOT_FOUND', { key: 'ROUTE_NOT_FOUND', slots: { method, path: req.url.split('?')[0] } });
    sendError(e, req, reply, map);
  });
}

/** Errors of the routes under `app` in the surface's envelope, field paths in `fields`' names. */
export function renameErrors(app: FastifyInstance, map: ErrorMapper, fields?: FieldNames): void {
  app.setErrorHandler((err, req, reply) => sendError(err, req, reply, map, fields));
}

/** `fields`: the surface's names for domain field paths (its fields.ts), applied before the message is rendered. */
export function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply, map: ErrorMapper, fields?: FieldNames): void {
  const de = renameErrorFields(toDomainError(err), fields);
  if (de.code === 'INTERNAL') req.log.error({ err, reqId: req.id }, 'internal error');
  else if (de.code === 'UNAVAILABLE') req.log.warn({ err: String((err as Error)?.message ?? err), reqId: req.id }, 'database unavailable');
  else req.log.info({ code: de.code, field: de.field, reqId: req.id }, de.messageEn);
  const r = map(de, req);
  if (de.code === 'UNAVAILABLE') reply.header('retry-after', '1');
  reply.code(r.statusCode).type('application/json; charset=utf-8').send(r.body);
}

export type StatusTable = Record<ErrorCode, number>;

/** HTTP status per domain error for the surfaces that use HTTP statuses (Siba, Chortke). */
export const HTTP_STATUS: StatusTable = {
  VALIDATION: 400,
  MISSING_FIELD: 400,
  OUT_OF_RANGE: 400,
  MALFORMED_BODY: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  DUPLICATE: 409,
  IN_USE: 409,
  INSUFFICIENT_STOCK: 409,
  INSUFFICIENT_FUNDS: 409,
  CONFLICT: 409,
  CLOSED_PERIOD: 409,
  IDEMPOTENCY_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};
