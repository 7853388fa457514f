import type { FastifyRequest } from 'fastify';
import type { Actor, Tx } from '../../domain/context.js';
import { claimIdempotencyKey, requestHash, storeIdempotentResponse } from '../../domain/idempotency.js';
import { fail } from '../../domain/errors.js';
import { transact } from '../../db/transact.js';
import { transactPosting } from '../../db/group-commit.js';
import { actorOf } from './context.js';

export interface WriteResult {
  statusCode: number;
  body: unknown;
}

/**
 * One request = one transaction. Runs a write with the request's actor; when the request
 * carries an idempotency key (the `Idempotency-Key` header, or a surface's own field such as
 * Hesabfa's requestUniqueId) the key is claimed and the final response stored in the same
 * transaction, so a retry replays it and writes nothing.
 */
export async function runWrite(
  req: FastifyRequest,
  fn: (tx: Tx, actor: Actor) => Promise<WriteResult>,
  opts: { idempotencyKey?: string; hashParts?: unknown[]; posting?: boolean } = {},
): Promise<WriteResult> {
  const actor = actorOf(req);
  const header = req.headers['idempotency-key'];
  const key = opts.idempotencyKey ?? (Array.isArray(header) ? header[0] : header);
  if (key !== undefined && (key.length === 0 || key.length > 255)) {
    throw fail.with('IDEMPOTENCY_KEY_LENGTH', { field: 'Idempotency-Key' });
  }
  // The concrete target (path and query, e.g. /api/factors/2?x=1), never the route pattern: one key
  // sent to DELETE /api/factors/1 and then to /api/factors/2 is two requests, the second a conflict.
  const hash = key ? requestHash(opts.hashParts ?? [req.method, req.url, req.body ?? null]) : '';
  // A posting (invoice, payment, cheque step, voucher) may share its transaction with others (group commit).
  return (opts.posting ? transactPosting : transact)(req.server.deps.database.db, async (tx) => {
    if (key) {
      const replay = await claimIdempotencyKey(tx, actor.businessId, key, hash);
      if (replay) return replay;
    }
    const res = await fn(tx, actor);
    if (key) await storeIdempotentResponse(tx, actor.businessId, key, res);
    return res;
  });
}
