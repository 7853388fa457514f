import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { lockProduct } from './products.js';
import { authorize } from '../auth/permissions.js';

type Db = Kysely<DB>;

/** The image type of `bytes`, judged by content (magic bytes), never by a client's header. */
export function detectImageType(bytes: Uint8Array): 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | null {
  const at = (i: number) => bytes[i];
  const ascii = (from: number, s: string) => [...s].every((c, i) => at(from + i) === c.charCodeAt(0));
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b)) return 'image/png';
  if (bytes.length >= 3 && at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if (bytes.length >= 6 && (ascii(0, 'GIF87a') || ascii(0, 'GIF89a'))) return 'image/gif';
  if (bytes.length >= 12 && ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  return null;
}

/** Stores (replaces) a product's image. `maxBytes` is the configured limit. */
export async function setProductImage(
  tx: Tx,
  actor: Actor,
  productId: number,
  bytes: Uint8Array,
  maxBytes: number,
): Promise<{ productId: number; contentType: string; size: number }> {
  authorize(actor, 'product.write');
  if (bytes.length > maxBytes) throw fail.with('PRODUCT_IMAGE_TOO_LARGE', { field: 'image', max: maxBytes });
  if (bytes.length === 0) throw fail.missing('image');
  const contentType = detectImageType(bytes);
  if (!contentType) {
    throw fail.with('PRODUCT_IMAGE_INVALID', { field: 'image' });
  }
  await lockProduct(tx, actor.businessId, productId, 'id');
  const buf = Buffer.from(bytes);
  await tx
    .insertInto('product_images')
    .values({ business_id: actor.businessId, product_id: productId, content_type: contentType, bytes: buf })
    .onConflict((oc) => oc.columns(['business_id', 'product_id']).doUpdateSet({ content_type: contentType, bytes: buf, updated_at: new Date() }))
    .execute();
  const out = { productId, contentType, size: bytes.length };
  await recordAudit(tx, actor, { action: 'update', entity: 'product_image', entityId: productId, after: out });
  return out;
}

/** A product's image, or null when the product has none (NOT_FOUND when the product is unknown). */
export async function getProductImage(db: Db, actor: Actor, productId: number): Promise<{ contentType: string; bytes: Buffer } | null> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const p = await db.selectFrom('products').select('id').where('business_id', '=', businessId).where('id', '=', productId).executeTakeFirst();
  if (!p) throw fail.notFound('product', 'id', productId);
  const r = await db
    .selectFrom('product_images')
    .select(['content_type', 'bytes'])
    .where('business_id', '=', businessId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  if (!r) return null;
  return { contentType: r.content_type, bytes: Buffer.from(r.bytes as unknown as Uint8Array) };
}
