import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../context.js';
import { authorize } from '../auth/permissions.js';
import { fail } from '../errors.js';
import { warehouseIdsByCode } from './repository.js';

/**
 * For a surface that names warehouses by code (the domain names them by id): the id of each
 * code, in one query. `wanted` maps each code to the field that sent it; an unknown code is
 * NOT_FOUND naming that field.
 */
export async function warehouseIdsForCodes(db: Kysely<DB>, actor: Actor, wanted: Map<number, string>): Promise<Map<number, number>> {
  authorize(actor, 'product.read');
  const ids = new Map<number, number>();
  if (wanted.size === 0) return ids;
  for (const r of await warehouseIdsByCode(db, actor.businessId, [...wanted.keys()]).execute()) ids.set(Number(r.code), Number(r.id));
  for (const [code, field] of wanted) if (!ids.has(code)) throw fail.notFound('warehouse', field, code);
  return ids;
}
