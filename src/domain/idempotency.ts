import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from './context.js';
import { DomainError } from './errors.js';

/** Keys are kept at least 24 hours; an older key may be reused for a new request. */
export const IDEMPOTENCY_TTL_HOURS = 48;

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

export function requestHash(parts: unknown[]): string {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(typeof p === 'string' ? p : JSON.stringify(p) ?? 'undefined').update('\0');
  return h.digest('hex');
}

/**
 * Claims an idempotency key inside the write's transaction. Returns the stored response to
 * replay when the same request was already done, null when this request should proceed.
 * A concurrent request with the same key waits on the row lock until the first commits.
 */
export async function claimIdempotencyKey(tx: Tx, businessId: number, key: string, hash: string): Promise<StoredResponse | null> {
  // The times are parameters: Citus refuses a non-immutable function (now()) in ON CONFLICT's
  // SET and WHERE on a distributed table (docs/scale-out.md).
  const now = new Date();
  const expired = new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3_600_000);
  const inserted = await sql<{ key: string }>`
    insert into idempotency_keys (business_id, key, request_hash, created_at) values (${businessId}, ${key}, ${hash}, ${now})
    on conflict (business_id, key) do update
      set request_hash = excluded.request_hash, status_code = null, response = null, created_at = excluded.created_at
      where idempotency_keys.created_at < ${expired}
    returning key`.execute(tx);
  if (inserted.rows.length > 0) return null;
  const row = await tx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('business_id', '=', businessId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (row.request_hash !== hash) throw new DomainError('IDEMPOTENCY_CONFLICT', { field: 'Idempotency-Key' });
  return { statusCode: row.status_code ?? 200, body: row.response };
}

export async function storeIdempotentResponse(tx: Tx, businessId: number, key: string, res: StoredResponse): Promise<void> {
  await tx
    .updateTable('idempotency_keys')
    .set({ status_code: res.statusCode, response: JSON.stringify(res.body) })
    .where('business_id', '=', businessId)
    .where('key', '=', key)
    .execute();
}
