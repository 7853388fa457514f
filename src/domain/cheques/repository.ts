import { sql, type Insertable, type Kysely } from 'kysely';
import type { ChequeEventsTable, ChequesTable, DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/** The SQL of cheques and their transitions (cheques.ts runs these). */
type Db = Kysely<DB>;

export const CHEQUE_COLUMNS = [
  'id', 'direction', 'party_id', 'number', 'sayad_id', 'bank', 'branch', 'drawer', 'due_date', 'amount', 'bank_account_id', 'state', 'description',
] as const;

export function insertCheque(db: Db, row: Insertable<ChequesTable>) {
  return db.insertInto('cheques').values(row).returning('id');
}

export function chequeById(db: Db, businessId: number, id: number) {
  return db.selectFrom('cheques').select(CHEQUE_COLUMNS).where('business_id', '=', businessId).where('id', '=', id);
}

/** The cheque a transition works on, locked: two transitions of one cheque run one after the other. */
export function chequeForUpdate(db: Db, businessId: number, id: number) {
  return chequeById(db, businessId, id).forUpdate();
}

export function chequeWithSayad(db: Db, businessId: number, direction: string, sayadId: string) {
  return db.selectFrom('cheques').select(['id', 'number']).where('business_id', '=', businessId).where('direction', '=', direction).where('sayad_id', '=', sayadId);
}

export function setChequeState(db: Db, businessId: number, id: number, state: string, bankAccountId?: number | null) {
  const q = db.updateTable('cheques').set({ state }).where('business_id', '=', businessId).where('id', '=', id);
  return bankAccountId === undefined ? q : q.set({ bank_account_id: bankAccountId });
}

export function insertChequeEvent(db: Db, row: Insertable<ChequeEventsTable>) {
  return db.insertInto('cheque_events').values(row).returning('id');
}

/** The next event id, drawn before its voucher so that the voucher can name the event as its source. */
export function nextChequeEventId() {
  return sql<{ id: number }>`select nextval(pg_get_serial_sequence('cheque_events', 'id')) as id`;
}

export const EVENT_COLUMNS = ['id', 'cheque_id', 'action', 'from_state', 'to_state', 'date', 'voucher_id', 'bank_account_id', 'party_id', 'reverts_event_id'] as const;

/** A cheque's transitions, oldest first. */
export function chequeEvents(db: Db, businessId: number, chequeIds: number[]) {
  return db.selectFrom('cheque_events').select(EVENT_COLUMNS).where('business_id', '=', businessId).where('cheque_id', 'in', chequeIds).orderBy('id');
}

export interface ChequeFilter {
  direction?: string;
  state?: string;
  partyId?: number;
  dueFrom?: string;
  dueTo?: string;
}

function filtered(db: Db, businessId: number, f: ChequeFilter) {
  let q = db.selectFrom('cheques').where('business_id', '=', businessId);
  if (f.direction) q = q.where('direction', '=', f.direction);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.partyId !== undefined) q = q.where('party_id', '=', f.partyId);
  if (f.dueFrom) q = q.where('due_date', '>=', f.dueFrom);
  if (f.dueTo) q = q.where('due_date', '<=', f.dueTo);
  return q;
}

export function chequeCount(db: Db, businessId: number, f: ChequeFilter) {
  return filtered(db, businessId, f).select((eb) => eb.fn.countAll<number>().as('n'));
}

/** A page of cheques by due date (then id), the nearest first. */
export function chequePage(db: Db, businessId: number, f: ChequeFilter, page: { offset: number; limit: number }) {
  return filtered(db, businessId, f).select(CHEQUE_COLUMNS).orderBy('due_date').orderBy('id').limit(page.limit).offset(page.offset);
}

/** The bank account a cheque moves through, with its detail account; locked for a clearing. */
export function bankAccountForCheque(db: Db, businessId: number, id: number) {
  return db.selectFrom('bank_accounts').select(['id', 'detail_id', 'bank_name', 'account_no', 'active']).where('business_id', '=', businessId).where('id', '=', id).forUpdate();
}

/** The party on a cheque (or its endorsee), with its detail account. */
export function partyOfCheque(db: Db, businessId: number, id: number) {
  return db.selectFrom('parties').select(['id', 'detail_id', 'full_name']).where('business_id', '=', businessId).where('id', '=', id).forShare();
}

/** Open cheques per direction and state, summed: the verifier compares them with the ledger. */
export function openChequeTotals(businessId: number) {
  return sql<{ direction: string; state: string; total: string }>`
    select direction, state, coalesce(sum(amount), 0)::text as total from cheques
     where business_id = ${businessId} and state in ('inHand', 'deposited', 'issued')
     group by direction, state`;
}

export const SQL_SAMPLES = sqlSamples({
  insertCheque: (db) =>
    insertCheque(db, { business_id: 1, direction: 'received', party_id: 1, number: '123', due_date: '2026-12-20', amount: '1000', state: 'inHand', created_by: 1 }),
  chequeById: (db) => chequeById(db, 1, 1),
  chequeForUpdate: (db) => chequeForUpdate(db, 1, 1),
  chequeWithSayad: (db) => chequeWithSayad(db, 1, 'received', '1234567890123456'),
  setChequeState: (db) => setChequeState(db, 1, 1, 'deposited', 2),
  insertChequeEvent: (db) => insertChequeEvent(db, { business_id: 1, cheque_id: 1, action: 'deposit', from_state: 'inHand', to_state: 'deposited', date: '2026-12-20', voucher_id: 1 }),
  chequeEvents: (db) => chequeEvents(db, 1, [1]),
  nextChequeEventId: () => nextChequeEventId(),
  chequeCount: (db) => chequeCount(db, 1, { direction: 'received', state: 'inHand' }),
  chequePage: (db) => chequePage(db, 1, { dueFrom: '2026-12-01', dueTo: '2026-12-31' }, { offset: 0, limit: 50 }),
  bankAccountForCheque: (db) => bankAccountForCheque(db, 1, 1),
  partyOfCheque: (db) => partyOfCheque(db, 1, 1),
  openChequeTotals: () => openChequeTotals(1),
});
