import { Type } from 'typebox';
import { fail, isDomainError, type Entity } from '../../domain/errors.js';
import { toAsciiDigits } from '../../domain/shared/text.js';
import { NumLike, readInt } from '../common/wire.js';

/**
 * Chortke bodies come flat (`{title, …}`) or split (`{main:{…}, others:{…}}`), and the seed's
 * own example sends `others` as an array of one-key objects (`[{"city": "تهران"}, …]`).
 * Everything is merged into one flat record; a key given twice must not disagree silently,
 * so the later part wins in reading order: top level, then `main`, then `others`.
 */
export const ChortkeBody = Type.Object(
  {
    main: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()])),
    others: Type.Optional(
      Type.Union([Type.Object({}, { additionalProperties: true }), Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 200 }), Type.Null()]),
    ),
  },
  { additionalProperties: true },
);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function flattenBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (!isRecord(body)) throw fail.with('BODY_NOT_OBJECT', { field: 'body' });
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (k !== 'main' && k !== 'others') out[k] = v;
  const { main, others } = body;
  if (main !== undefined && main !== null) {
    if (!isRecord(main)) throw fail.with('FIELD_NOT_OBJECT', { field: 'main' });
    Object.assign(out, main);
  }
  if (Array.isArray(others)) {
    others.forEach((part, i) => {
      if (!isRecord(part)) throw fail.with('FIELD_NOT_OBJECT', { field: `others[${i}]` });
      Object.assign(out, part);
    });
  } else if (others !== undefined && others !== null) {
    if (!isRecord(others)) throw fail.with('FIELD_NOT_OBJECT_OR_LIST', { field: 'others' });
    Object.assign(out, others);
  }
  return out;
}

/** Id from the path: not an integer → 400 naming `id`; 0 cannot exist → 404. */
export function pathId(raw: string, entity: Entity): number {
  const s = toAsciiDigits(raw.trim());
  if (!/^\d{1,15}$/.test(s)) throw fail.with('FIELD_NOT_POSITIVE_INTEGER', { field: 'id' });
  if (Number(s) === 0) throw fail.notFound(entity, 'id', raw);
  return Number(s);
}

/**
 * Runs `fn`, renaming the field of a domain error from the domain's word to the wire's
 * (`name` → `title`), so the Persian message names the field the client sent.
 */
export async function withWireFields<T>(map: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isDomainError(err) && err.field && map[err.field] && map[err.field] !== err.field) {
      const from = err.field;
      throw err.renamed((path) => (path === from ? map[from] : path));
    }
    throw err;
  }
}

/** Paging of the list calls (additions): `offset` ≥ 0, `limit` ≥ 1, default and maximum 1000
 * (a larger limit is clamped to 1000, as Siba's lists and Hesabfa's Take are, never refused). */
export const PageQuery = { offset: Type.Optional(NumLike()), limit: Type.Optional(NumLike()) };

export function readPage(q: Record<string, unknown>): { offset: number; limit: number } {
  const offset = readInt(q.offset, 'offset') ?? 0;
  const limit = readInt(q.limit, 'limit') ?? 1000;
  if (offset < 0) throw fail.with('FIELD_NEGATIVE', { field: 'offset' });
  if (limit < 1) throw fail.with('FIELD_BETWEEN', { field: 'limit', min: 1, max: 1000 });
  return { offset, limit: Math.min(limit, 1000) };
}
