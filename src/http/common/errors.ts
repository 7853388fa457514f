import type { FastifyError } from 'fastify';
import { DomainError, fail, isDomainError } from '../../domain/errors.js';
import { UnbalancedVoucherError } from '../../domain/ledger/voucher.js';

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** '/details/0/sumPrice' → 'details[0].sumPrice' */
export function fieldPath(instancePath: string | undefined, extra?: string): string {
  const parts = (instancePath ?? '').split('/').filter(Boolean);
  if (extra) parts.push(extra);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function fromValidation(err: FastifyError & { validation?: AjvError[]; validationContext?: string }): DomainError {
  const first: AjvError = err.validation?.[0] ?? {};
  const missing = first.params?.missingProperty as string | undefined;
  const field = fieldPath(first.instancePath, missing) || err.validationContext || 'body';
  if (missing || first.keyword === 'required') {
    return fail.missing(field);
  }
  const why = first.message ?? 'invalid';
  if (first.keyword === 'additionalProperties' && first.params?.additionalProperty) {
    return fail.with('FIELD_UNKNOWN', { field: fieldPath(first.instancePath, String(first.params.additionalProperty)) });
  }
  return fail.with('FIELD_INVALID_WHY', { field, why });
}

const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);

/**
 * Any error → a DomainError from the catalogue. Fastify's own errors (bad JSON, media type,
 * body size, schema) and database errors that escaped the domain checks are translated here;
 * anything else is INTERNAL (the caller logs it with the request id).
 */
export function toDomainError(err: unknown): DomainError {
  if (isDomainError(err)) return err;
  const e = err as FastifyError & { validation?: AjvError[]; validationContext?: string; errno?: string; constraint?: string };
  if (e?.validation) return fromValidation(e);
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DomainError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DomainError('MALFORMED_BODY');
    case 'FST_ERR_VALIDATION':
      return new DomainError('VALIDATION');
    case 'FST_ERR_NOT_FOUND':
      return new DomainError('ROUTE_NOT_FOUND');
    case '23505':
      return new DomainError('DUPLICATE', { details: { constraint: e.constraint ?? 'unique' } });
    case '23503':
      return new DomainError('IN_USE', { details: { constraint: e.constraint ?? 'foreign key' } });
    case '23514':
      // The deferred voucher-balance trigger is a programming error (the builder checks first);
      // any other check constraint is a value the domain should have refused.
      if (e.constraint === 'voucher_balanced') return new DomainError('INTERNAL');
      return new DomainError('VALIDATION', { details: { constraint: e.constraint ?? 'check' } });
    case '22003':
      // A running total (a product's stock value, …) past its column: the inputs were in range.
      return fail.with('TOTAL_TOO_LARGE');
    case '22P02':
    case '22007':
    case '22008':
    case '22021':
      return new DomainError('VALIDATION');
    case '40001':
    case '40P01':
      return fail.with('CONCURRENT_UPDATE');
  }
  if (e?.code && CONNECTION_CODES.has(e.code)) return new DomainError('UNAVAILABLE');
  if (e?.errno && CONNECTION_ERRNOS.has(String(e.code ?? e.errno))) return new DomainError('UNAVAILABLE');
  if (e?.code && CONNECTION_ERRNOS.has(e.code)) return new DomainError('UNAVAILABLE');
  const msg = String(e?.message ?? '');
  if (/timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error/i.test(msg)) {
    return new DomainError('UNAVAILABLE');
  }
  if (e instanceof SyntaxError && (e as { statusCode?: number }).statusCode === 400) return new DomainError('MALFORMED_BODY');
  if (e?.statusCode === 400 && /JSON/i.test(msg)) return new DomainError('MALFORMED_BODY');
  if (e?.statusCode === 413) return new DomainError('PAYLOAD_TOO_LARGE');
  if (e?.statusCode === 415) return new DomainError('UNSUPPORTED_MEDIA_TYPE');
  if (e?.statusCode === 429) return new DomainError('RATE_LIMITED');
  if (err instanceof UnbalancedVoucherError) return new DomainError('INTERNAL');
  return new DomainError('INTERNAL');
}
