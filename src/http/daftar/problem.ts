import type { FastifyRequest } from 'fastify';
import type { DomainError, ErrorCode } from '../../domain/errors.js';
import { HTTP_STATUS, type ErrorReply } from '../common/surface.js';

/** The problem `code` on this API per domain code (daftar-api.md names UNAUTHENTICATED "UNAUTHORIZED"). */
const PROBLEM_CODE: Partial<Record<ErrorCode, string>> = { UNAUTHENTICATED: 'UNAUTHORIZED' };

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  field?: string;
  errors?: unknown[];
}

/** RFC 9457 problem details: `detail` is the Persian message, `title` the catalogue's English one. */
export function daftarProblem(err: DomainError, _req?: FastifyRequest): ErrorReply {
  const status = HTTP_STATUS[err.code];
  const code = PROBLEM_CODE[err.code] ?? err.code;
  const body: Problem = {
    type: `urn:daftar:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: err.messageEn,
    status,
    code,
    detail: err.messageFa,
  };
  if (err.field) body.field = err.field;
  if (Array.isArray(err.details?.errors)) body.errors = err.details.errors; // e.g. an import's row errors
  return { statusCode: status, body };
}

/** The JSON schema of a problem reply, for /openapi.json. */
export const ProblemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string', description: 'Persian message naming the field' },
    field: { type: 'string' },
    errors: {
      type: 'array',
      description: 'every error when there are several (an import\'s rows: row, sheetRow, column, field, code, detail)',
      items: {
        type: 'object',
        properties: {
          row: { type: 'integer' }, sheetRow: { type: 'integer' }, column: { type: 'string' }, field: { type: 'string' },
          code: { type: 'string' }, detail: { type: 'string' }, detailEn: { type: 'string' },
        },
      },
    },
  },
  examples: [
    {
      type: 'urn:daftar:problem:forbidden',
      title: 'Only the business administrator may make, list or download backups',
      status: 403,
      code: 'FORBIDDEN',
      detail: 'فقط مدیر کسب‌وکار می‌تواند پشتیبان بگیرد یا پشتیبان‌ها را ببیند و دریافت کند',
    },
  ],
} as const;
