import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Tx } from '../../domain/context.js';
import { fail, type Entity } from '../../domain/errors.js';
import { toJalali, type IsoDate } from '../../domain/shared/dates.js';
import { runWrite } from '../common/write.js';
import { readDecimal } from '../common/wire.js';
import { ProblemSchema } from './problem.js';
import { tehranInstant } from './instants.js';
import { FormatQuery } from '../common/sheet.js';

/**
 * The building blocks every /daftar/v1 route uses (daftar-api.md, "Conventions"): schemas for
 * exact numbers and both calendars, problem responses, cursor paging and the one write wrapper.
 * A route file: schemas + examples, one domain call per handler, a `wire()` that renames.
 */

/** Every /daftar/v1 route: a bearer token (programs) or the console's session cookie. */
export const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];

/** Problem replies a route can give; every route lists them in its `response`. */
export const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  415: ProblemSchema,
} as const;

/** An exact amount or quantity in a reply: always a JSON string of a plain decimal. */
export const Amount = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', examples: ['1250000'] } as const;
export const NullableAmount = { type: ['string', 'null'], pattern: '^-?\\d+(\\.\\d+)?$' } as const;

/** An amount in a request: a string or a JSON number, read exactly by `amountIn` (never as a float). */
export const AmountIn = {
  anyOf: [{ type: 'string', maxLength: 64 }, { type: 'number' }],
  description: 'a plain decimal as a string ("1250000", "2.5") or a JSON number; Persian/Arabic digits and ٬ ٫ accepted',
  examples: ['1250000'],
} as const;

/** A date in a request: Gregorian YYYY-MM-DD or Jalali YYYY/MM/DD. */
export const DateIn = { type: 'string', maxLength: 10, description: 'YYYY-MM-DD (Gregorian) or YYYY/MM/DD (Jalali)', examples: ['1405/09/13'] } as const;
export const DateOut = { type: 'string', format: 'date', examples: ['2026-12-04'] } as const;
export const JalaliOut = { type: 'string', pattern: '^\\d{4}/\\d{2}/\\d{2}$', examples: ['1405/09/13'] } as const;

/** An id in a body or query. The maximum refuses 2^53 and beyond, which the validator's coercion would round (2^53 + 1 → 2^53). */
export const Id = { type: 'integer', minimum: 1, maximum: 9007199254740991 } as const;
export const IdParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 9007199254740991 } } } as const;

/** `{ date, dateJalali }` of a domain date; spread it into a reply under the names the resource uses. */
export function dateOut(iso: IsoDate | string): { date: string; dateJalali: string } {
  return { date: iso, dateJalali: toJalali(iso as IsoDate) };
}

/** `{ at, jalali }` of an instant: ISO 8601 at +03:30 and its Jalali twin. */
export const instantOut = tehranInstant;

/** An exact number from a request (string or JSON number), or undefined when absent. */
export function amountIn(v: unknown, field: string) {
  return readDecimal(v, field);
}

/** `{ items, nextCursor }` around an item schema, with an example. */
export function listOf(item: object, example: unknown) {
  return {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } },
    examples: [{ items: [example], nextCursor: null }],
  } as const;
}

/** A list's querystring: cursor paging plus the resource's own filters (unknown parameters refused). */
export function listQuery<F extends Record<string, unknown>>(filters: F) {
  const paging = {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string', maxLength: 200 },
  } as const;
  return { type: 'object', additionalProperties: false, properties: { ...paging, ...filters } } as const;
}

export const ListQuery = listQuery({ q: { type: 'string', maxLength: 200 } } as const);

/** A list's `format`: JSON pages, or the whole list (its filters applied) as a CSV or XLSX sheet. */
export const ListFormat = { ...FormatQuery, description: 'json (pages); csv or xlsx: the whole list with its filters, Persian headers, right to left, totals row where amounts add up' } as const;


/**
 * Cursor paging. The cursor is opaque to clients: today it carries the position in the list's
 * fixed order (every list is ordered by a unique key), base64url-encoded. A cursor that does not
 * decode is a VALIDATION error naming `cursor`.
 */
export function readCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const m = /^o(\d{1,12})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw fail.validation('cursor');
  return Number(m[1]);
}

export function nextCursor(offset: number, returned: number, limit: number, total?: number): string | null {
  const next = offset + returned;
  const more = total === undefined ? returned === limit : next < total;
  return more ? Buffer.from(`o${next}`, 'utf8').toString('base64url') : null;
}

/** One page of a list the domain returns with offset/limit (and optionally its total). */
export async function page<T, W>(
  query: { limit?: number; cursor?: string },
  load: (offset: number, limit: number) => Promise<{ items: T[]; total?: number }>,
  wire: (item: T) => W,
): Promise<{ items: W[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  const offset = readCursor(query.cursor);
  const got = await load(offset, limit);
  return { items: got.items.map(wire), nextCursor: nextCursor(offset, got.items.length, limit, got.total) };
}

/**
 * A write: one transaction with the request's actor, `Idempotency-Key` honoured, the reply
 * `status` with what `fn` returns. `posting`: the write posts a document (group commit, src/db/group-commit.ts).
 */
export async function write<T>(req: FastifyRequest, reply: FastifyReply, status: number, fn: (tx: Tx, actor: Actor) => Promise<T>, opts: { posting?: boolean } = {}) {
  const res = await runWrite(req, async (tx, actor) => ({ statusCode: status, body: await fn(tx, actor) }), opts);
  return reply.code(res.statusCode).send(res.body);
}

const SCALARS: Record<string, object> = {
  integer: { type: 'integer' },
  string: { type: 'string' },
  boolean: { type: 'boolean' },
  amount: Amount,
};

/**
 * A reply object's schema from a compact spec, every key required: `'integer' | 'string' |
 * 'boolean' | 'amount'` with a trailing `?` for nullable, or any schema as is.
 */
export function shape(spec: Record<string, string | object>) {
  const properties: Record<string, object> = {};
  for (const [k, v] of Object.entries(spec)) {
    if (typeof v !== 'string') properties[k] = v;
    else if (v.endsWith('?')) {
      const base = SCALARS[v.slice(0, -1)] as { type: string };
      properties[k] = { ...base, type: [base.type, 'null'] };
    } else properties[k] = SCALARS[v];
  }
  return { type: 'object', required: Object.keys(spec), properties } as const;
}

/** `GET <path>/:id`: one object by id, with its schema and example; `load` answering undefined is a 404 naming `id`. */
export function getOne(
  app: FastifyInstance,
  path: string,
  doc: { tags: string[]; summary: string; schema: object; example: unknown; entity?: Entity },
  load: (req: FastifyRequest, id: number) => Promise<unknown>,
): void {
  app.get(
    `${path}/:id`,
    { schema: { tags: doc.tags, security, summary: doc.summary, params: IdParams, response: { 200: { ...doc.schema, examples: [doc.example] }, ...problems } } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const found = await load(req, id);
      if (found === undefined && doc.entity) throw fail.notFound(doc.entity, 'id', id);
      return found;
    },
  );
}
