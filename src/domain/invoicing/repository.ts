import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/** The SQL of the invoicing module (more of posting's statements move here; see post.ts). */

/** The codes of a business's warehouses named by id. */
export function warehouseCodesById(db: Kysely<DB>, businessId: number, ids: number[]) {
  return db.selectFrom('warehouses').select(['id', 'code']).where('business_id', '=', businessId).where('id', 'in', ids);
}

export const SQL_SAMPLES = sqlSamples({
  warehouseCodesById: (db) => warehouseCodesById(db, 1, [1, 2]),
});
