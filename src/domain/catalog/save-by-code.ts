import { sql } from 'kysely';
import type { Actor, Tx } from '../context.js';
import { codeKey } from '../shared/text.js';
import { DomainError, isDomainError } from '../errors.js';
import { allCodesNew, createProduct, createProducts, findProductByCode, updateProduct } from './products.js';
import type { Product, ProductInput } from './types.js';

/** One "save by code" (Hesabfa item/save and batchsave, Chortke POST /v2/products). */
export interface SaveByCode {
  /** The code the client named; absent = always a new product with the next free code. */
  code?: string;
  /** The fields sent: a known code changes only these (the code stays as stored). */
  input: ProductInput;
  /** The input to create with when the code is new; throws when fields a create needs are missing. */
  forCreate: () => ProductInput;
}

/**
 * Takes a transaction-scoped lock on each code key (in one sorted order, so batches that overlap
 * never deadlock). Concurrent saves of one code then run one after another: the second finds the
 * product the first created and updates it, instead of failing on the unique key (issue 18
 * point 10). Any two keys whose hashes collide merely share a lock.
 */
export async function lockProductCodes(tx: Tx, businessId: number, codes: string[]): Promise<void> {
  const keys = [...new Set(codes.map(codeKey).filter((k) => k !== ''))];
  if (keys.length === 0) return;
  await sql`
    select pg_advisory_xact_lock(h) from (
      select distinct hashtextextended(${String(businessId)} || ':product-code:' || k, 0) as h
        from unnest(cast(${keys} as text[])) as k
       order by h) as locks`.execute(tx);
}

async function saveLocked(tx: Tx, actor: Actor, item: SaveByCode): Promise<{ product: Product; created: boolean }> {
  if (item.code !== undefined) {
    const existing = await findProductByCode(tx, actor, item.code);
    if (existing) {
      const { code: _code, ...changes } = item.input;
      return { product: await updateProduct(tx, actor, existing.id, changes), created: false };
    }
  }
  return { product: await createProduct(tx, actor, item.forCreate()), created: true };
}

/** A known code updates the product (only the fields sent); an unknown or absent code creates one. */
export async function saveProductByCode(tx: Tx, actor: Actor, item: SaveByCode): Promise<{ product: Product; created: boolean }> {
  if (item.code !== undefined) await lockProductCodes(tx, actor.businessId, [item.code]);
  return saveLocked(tx, actor, item);
}

/**
 * A refusal about the batch's item `index`: its field paths move under `products[index]`
 * (`products[3].barcodes`; a refusal naming no field names `products[3]`), so each surface
 * renames them in its fields table like any other path. It keeps `batchIndex`.
 */
export function inBatch(err: unknown, index: number): unknown {
  if (!isDomainError(err)) return err;
  const at = `products[${index}]`;
  const moved =
    err.field === undefined
      ? new DomainError(err.code, { key: err.key, slots: { ...err.slots, field: at }, details: err.details })
      : err.renamed((path) => `${at}.${path}`);
  return Object.assign(moved, { batchIndex: index });
}

/**
 * Saves many products by code, all or nothing, in request order. When every code is new (the
 * usual first sync) they are created in a few statements (createProducts). A refusal names
 * `products[i].…` (inBatch) and carries `batchIndex`, the index of the item it is about.
 */
export async function saveProductsByCode(tx: Tx, actor: Actor, items: SaveByCode[]): Promise<Product[]> {
  const b = actor.businessId;
  await lockProductCodes(tx, b, items.flatMap((it) => (it.code === undefined ? [] : [it.code])));
  if (await allCodesNew(tx, b, items.map((it) => it.code))) {
    const inputs = items.map((it, i) => {
      try {
        return it.forCreate();
      } catch (err) {
        throw inBatch(err, i);
      }
    });
    try {
      return await createProducts(tx, actor, inputs);
    } catch (err) {
      const index = (err as { batchIndex?: number }).batchIndex;
      throw index === undefined ? err : inBatch(err, index);
    }
  }
  const out: Product[] = [];
  for (const [i, item] of items.entries()) {
    try {
      out.push((await saveLocked(tx, actor, item)).product);
    } catch (err) {
      throw inBatch(err, i);
    }
  }
  return out;
}
