import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/** What a printed document reads beside the invoice or payment itself (model.ts runs these). */
type Db = Kysely<DB>;

/** The party as the paper names it: name, identifiers, address and first phone. */
export function partyForPrint(db: Db, businessId: number, id: number) {
  return db
    .selectFrom('parties as p')
    .select(['p.id', 'p.code', 'p.full_name', 'p.company_name', 'p.economic_code', 'p.national_code', 'p.postal_code', 'p.province', 'p.city', 'p.address', 'p.company_address'])
    .select((eb) =>
      eb
        .selectFrom('party_phones as ph')
        .select('ph.tel')
        .whereRef('ph.business_id', '=', 'p.business_id')
        .whereRef('ph.party_id', '=', 'p.id')
        .orderBy('ph.id')
        .limit(1)
        .as('tel'),
    )
    .where('p.business_id', '=', businessId)
    .where('p.id', '=', id);
}

/** Each product's unit name (its main unit), for the lines' «واحد» column. */
export function unitNamesOf(db: Db, businessId: number, productIds: number[]) {
  return db
    .selectFrom('products as p')
    .leftJoin('units as u', (j) => j.onRef('u.business_id', '=', 'p.business_id').onRef('u.id', '=', 'p.unit_id'))
    .select(['p.id', 'u.name'])
    .where('p.business_id', '=', businessId)
    .where('p.id', 'in', productIds.length ? productIds : [0]);
}

/** The taxid Moadian knows the invoice by, once it was sent (queued ones are not printed). */
export function sentTaxidOf(db: Db, businessId: number, invoiceId: number) {
  return db
    .selectFrom('moadian_submissions')
    .select(['taxid', 'status'])
    .where('business_id', '=', businessId)
    .where('invoice_id', '=', invoiceId)
    .where('status', 'in', ['sent', 'in_progress', 'success'])
    .orderBy('id', 'desc')
    .limit(1);
}

export const SQL_SAMPLES = sqlSamples({
  partyForPrint: (db) => partyForPrint(db, 1, 1),
  unitNamesOf: (db) => unitNamesOf(db, 1, [1, 2]),
  sentTaxidOf: (db) => sentTaxidOf(db, 1, 1),
});
