import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { fail } from '../errors.js';
import { authorize } from '../auth/permissions.js';
import {
  selectBuyerTypes, selectProductSstids, selectUnitCodes, updateBuyerType, updateProductSstid, updateUnitCode,
} from './identifiers.repository.js';

/**
 * The Moadian identifiers of the catalogue and the parties, kept in this one place (spec §5.3, §5.4):
 * a product's sstid (13 digits), a unit's code (mu, ≤ 8 digits), a party's buyer type (tob 1–4).
 * Writes run after the product/unit/party's own write, in the same transaction.
 */
export type BuyerType = 1 | 2 | 3 | 4;

export function checkSstid(v: string | null, field = 'sstid'): string | null {
  if (v !== null && !/^\d{13}$/.test(v)) throw fail.with('MOADIAN_SSTID_INVALID', { field });
  return v;
}

export function checkUnitCode(v: string | null, field = 'moadianUnitCode'): string | null {
  if (v !== null && !/^\d{1,8}$/.test(v)) throw fail.with('MOADIAN_UNIT_CODE_INVALID', { field });
  return v;
}

export function checkBuyerType(v: number | null, field = 'buyerType'): BuyerType | null {
  if (v !== null && ![1, 2, 3, 4].includes(v)) throw fail.with('MOADIAN_BUYER_TYPE_INVALID', { field });
  return v as BuyerType | null;
}

export async function setProductSstid(tx: Tx, actor: Actor, productId: number, sstid: string | null): Promise<void> {
  authorize(actor, 'product.write');
  await updateProductSstid(tx, actor.businessId, productId, checkSstid(sstid)).execute();
}

export async function setUnitCode(tx: Tx, actor: Actor, unitId: number, code: string | null): Promise<void> {
  authorize(actor, 'product.write');
  await updateUnitCode(tx, actor.businessId, unitId, checkUnitCode(code)).execute();
}

export async function setBuyerType(tx: Tx, actor: Actor, partyId: number, buyerType: number | null): Promise<void> {
  authorize(actor, 'party.create');
  await updateBuyerType(tx, actor.businessId, partyId, checkBuyerType(buyerType)).execute();
}

const noIds = new Map();

export async function productSstids(db: Kysely<DB>, businessId: number, ids: number[]): Promise<Map<number, string | null>> {
  if (ids.length === 0) return noIds;
  return new Map((await selectProductSstids(db, businessId, ids).execute()).map((r) => [Number(r.id), r.sstid]));
}

export async function unitCodes(db: Kysely<DB>, businessId: number, ids: number[]): Promise<Map<number, string | null>> {
  if (ids.length === 0) return noIds;
  return new Map((await selectUnitCodes(db, businessId, ids).execute()).map((r) => [Number(r.id), r.moadian_unit_code]));
}

/** The buyer type of each party: its own, else from its kind (a company 2 حقوقی, a person 1 حقیقی). */
export async function buyerTypes(db: Kysely<DB>, businessId: number, ids: number[]): Promise<Map<number, BuyerType>> {
  if (ids.length === 0) return noIds;
  const rows = await selectBuyerTypes(db, businessId, ids).execute();
  return new Map(rows.map((r) => [Number(r.id), (r.buyer_type ?? (r.is_legal ? 2 : 1)) as BuyerType]));
}
