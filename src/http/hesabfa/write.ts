import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Actor, Tx } from '../../domain/context.js';
import { runWrite, type WriteResult } from '../common/write.js';
import { isAbsent, readText } from '../common/wire.js';
import { field, isObject, type Loose } from './body.js';
import { ok } from './envelope.js';

/** The fields every body carries that are not the request itself. */
const AUTH = ['apikey', 'userid', 'password', 'logintoken', 'requestuniqueid'];

/** The same request in other key order or casing is the same request (names are case-insensitive). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .map((k) => [k.toLowerCase(), canonical(v[k])] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/**
 * A Hesabfa write in one transaction, its result in Hesabfa's envelope. `requestUniqueId`
 * (docs/hesabfa.md "requestUniqueId"): a replay is the same id with the same method and the
 * same body (auth fields aside, names in any casing and order) — the stored reply is returned
 * and nothing is written. The same id with another method or another body is a new request and
 * is processed: the WooCommerce plugin reuses one id per order for 24 hours (the order's save,
 * its re-save on "completed", its sale return).
 */
export async function hesabfaWrite(req: FastifyRequest, method: string, fn: (tx: Tx, actor: Actor) => Promise<unknown>, opts: { posting?: boolean } = {}): Promise<unknown> {
  const body = req.body;
  const rid = field(body, 'requestUniqueId');
  const id = isAbsent(rid) ? undefined : readText(rid, 'requestUniqueId', 255)!.trim();
  const rest: Loose = {};
  if (isObject(body)) for (const [k, v] of Object.entries(body)) if (!AUTH.includes(k.toLowerCase())) rest[k] = v;
  const hashParts = [method.toLowerCase(), canonical(rest)];
  // One stored reply per (id, method, body): another method or body under the same id is another key.
  const key = id ? `hesabfa:${crypto.createHash('sha256').update(id).update('\0').update(JSON.stringify(hashParts)).digest('hex')}` : undefined;
  const res: WriteResult = await runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok(await fn(tx, actor)) }), { ...(key ? { idempotencyKey: key, hashParts } : {}), posting: opts.posting });
  return res.body;
}
