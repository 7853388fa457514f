import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { toAsciiDigits } from '../shared/text.js';
import { barcodeKey, lockProduct } from './products.js';
import { authorize } from '../auth/permissions.js';

/** A product's barcodes: many per product, unique per business (normalised). */
export interface Barcode {
  id: number;
  productId: number;
  barcode: string;
}

type Db = Kysely<DB>;

export async function listBarcodes(db: Db, actor: Actor, filter: { productId?: number; barcode?: string; offset?: number; limit?: number } = {}): Promise<Barcode[]> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  let q = db.selectFrom('barcodes').select(['id', 'product_id', 'barcode']).where('business_id', '=', businessId);
  if (filter.productId !== undefined) q = q.where('product_id', '=', filter.productId);
  if (filter.barcode !== undefined && filter.barcode.trim() !== '') q = q.where('barcode_norm', '=', barcodeKey(filter.barcode));
  const rows = await q
    .orderBy('id')
    .offset(Math.max(0, filter.offset ?? 0))
    .limit(Math.min(1000, Math.max(0, filter.limit ?? 100)))
    .execute();
  return rows.map((r) => ({ id: Number(r.id), productId: Number(r.product_id), barcode: r.barcode }));
}

export async function addBarcode(tx: Tx, actor: Actor, input: { productId: number; barcode: string }): Promise<Barcode> {
  authorize(actor, 'product.write');
  const b = actor.businessId;
  const barcode = toAsciiDigits(input.barcode.trim());
  const key = barcodeKey(barcode);
  if (!key) throw fail.missing('barcode');
  if (barcode.length > 100) throw fail.outOfRange('barcode');
  await lockProduct(tx, b, input.productId);
  const taken = await tx.selectFrom('barcodes').select('id').where('business_id', '=', b).where('barcode_norm', '=', key).executeTakeFirst();
  if (taken) throw fail.with('DUPLICATE_ENTITY', { entity: 'barcode', field: 'barcode', value: barcode });
  const r = await tx
    .insertInto('barcodes')
    .values({ business_id: b, product_id: input.productId, barcode, barcode_norm: key })
    .returning('id')
    .executeTakeFirstOrThrow();
  const out = { id: Number(r.id), productId: input.productId, barcode };
  await recordAudit(tx, actor, { action: 'create', entity: 'barcode', entityId: out.id, after: out });
  return out;
}

export async function deleteBarcode(tx: Tx, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'product.write');
  const b = actor.businessId;
  const row = await tx
    .selectFrom('barcodes')
    .select(['id', 'product_id', 'barcode'])
    .where('business_id', '=', b)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw fail.notFound('barcode', 'id', id);
  await tx.deleteFrom('barcodes').where('business_id', '=', b).where('id', '=', id).execute();
  await recordAudit(tx, actor, {
    action: 'delete',
    entity: 'barcode',
    entityId: id,
    before: { id, productId: Number(row.product_id), barcode: row.barcode },
  });
}
