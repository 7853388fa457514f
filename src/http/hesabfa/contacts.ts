import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, fail } from '../../domain/errors.js';
import type { Actor, Tx } from '../../domain/context.js';
import { deleteParty, findPartyByCode, getPartiesByIds, listParties } from '../../domain/parties/parties.js';
import { savePartyByCode } from '../../domain/parties/save-by-code.js';
import type { Party, PartyFilter } from '../../domain/parties/types.js';
import { actorOf } from '../common/context.js';
import { isAbsent, readId, readInt, readText } from '../common/wire.js';
import { field, isObject } from './body.js';
import { ok } from './envelope.js';
import { readCode, readCodes } from './item-wire.js';
import { readContact, requireContactName, toContact, toContactMatch, type WireContact } from './contact-wire.js';
import { hesabfaSchema } from './schema.js';
import { hesabfaWrite } from './write.js';

const TAG = 'Hesabfa contacts';
const dbOf = (req: FastifyRequest) => req.server.deps.database.db;

/** The party's field names as a contact's (a refusal names what the client sent). */
const CONTACT_FIELDS: Record<string, string> = {
  code: 'Code', firstName: 'FirstName', lastName: 'Name', name: 'Name', companyName: 'Company', kind: 'ContactType', nationalId: 'NationalCode',
  economicCode: 'EconomicCode', registrationNumber: 'RegistrationNumber', address: 'Address', city: 'City', province: 'State', country: 'Country',
  postalCode: 'PostalCode', email: 'Email', website: 'Website', comment: 'Note', mobile: 'Mobile', phones: 'Phone', tag: 'Tag', active: 'Active',
};

/** Runs a party call for the contact at `at`, its refusals renamed to the contact's fields (`contacts[3].Email`). */
async function asContact<T>(at: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    throw err.renamed((p) => {
      const head = /^[A-Za-z]+/.exec(p)?.[0] ?? '';
      return Object.hasOwn(CONTACT_FIELDS, head) ? `${at}.${CONTACT_FIELDS[head]}` : `${at}.${p}`;
    });
  }
}

function requireCode(body: unknown, name: string): string {
  const code = readCode(field(body, name), name);
  if (code === undefined) throw fail.missing(name);
  return code;
}

/** Save by code: Code null/absent creates (the next code), a known code updates (only the fields sent), an unknown one creates with it. */
function saveContact(tx: Tx, actor: Actor, c: WireContact, at: string): Promise<Party> {
  return asContact(at, async () => {
    const r = await savePartyByCode(tx, actor, { code: c.code, input: c.input, forCreate: async () => ({ ...requireContactName(c, at), code: c.code }) });
    return r.party;
  });
}

/** getcontacts' properties (any casing) → the party filter. */
function contactFilter(filters: unknown[], at: string): { filter: PartyFilter; ids?: number[]; codes?: string[] } {
  const filter: PartyFilter = {};
  let ids: number[] | undefined;
  let codes: string[] | undefined;
  filters.forEach((f, i) => {
    const path = `${at}.Filters[${i}]`;
    if (!isObject(f)) throw fail.with('PRODUCT_QUERY_FILTER_SHAPE', { field: path, shape: '{Property, Operator, Value}' });
    const property = String(field(f, 'Property') ?? '').trim().toLowerCase();
    const operator = String(field(f, 'Operator') ?? '=').trim().toLowerCase();
    const value = field(f, 'Value');
    const list = Array.isArray(value) ? value : typeof value === 'string' && operator === 'in' ? value.split(',') : [value];
    if (!['=', 'in', '*'].includes(operator)) throw fail.with('FIELD_OUT_OF_RANGE', { field: `${path}.Operator` });
    if (property === 'id') ids = list.map((v, k) => readId(v, `${path}.Value[${k}]`)!).filter((v) => v !== undefined);
    else if (property === 'code') codes = readCodes(list, `${path}.Value`) ?? [];
    else if (property === 'name' || property === 'title') filter.name = readText(value, `${path}.Value`, 200);
    else if (property === 'phone' || property === 'mobile') filter.phone = readText(value, `${path}.Value`, 50);
    else if (property === 'email') filter.phoneOrEmail = { email: readText(value, `${path}.Value`, 254) };
    else throw fail.with('PRODUCT_QUERY_UNKNOWN_PROPERTY', { field: `${path}.Property`, name: String(field(f, 'Property') ?? '') });
  });
  return { filter, ids, codes };
}

// contact/* (docs/hesabfa.md "Contacts"): a contact IS a party — Siba's customer, Chortke's person, /daftar/v1's party.
export async function contactRoutes(app: FastifyInstance): Promise<void> {
  const config = app.deps.config;

  app.post('/get', { schema: hesabfaSchema(TAG, 'Contact by code', 'Params: `code` (2, "2" and "000002" name one contact). Result: the contact, or ErrorCode 112.') }, async (req) => {
    const code = requireCode(req.body, 'code');
    const p = await findPartyByCode(dbOf(req), actorOf(req), code);
    if (!p) throw fail.notFound('party', 'code', code);
    return ok(toContact(p));
  });

  app.post('/getById', { schema: hesabfaSchema(TAG, 'Contacts by id', 'Params: `idList` (or `id`). Result: the found contacts in request order; unknown ids are skipped.') }, async (req) => {
    const raw = field(req.body, 'idList') ?? field(req.body, 'id');
    if (isAbsent(raw)) throw fail.missing('idList');
    const ids: number[] = [];
    (Array.isArray(raw) ? raw : [raw]).forEach((v, i) => {
      const id = readId(v, `idList[${i}]`);
      if (id !== undefined && !ids.includes(id)) ids.push(id);
    });
    if (ids.length > config.hesabfaMaxTake) throw fail.with('PRODUCT_IDS_TOO_MANY', { field: 'idList', max: config.hesabfaMaxTake });
    const found = new Map((await getPartiesByIds(dbOf(req), actorOf(req), ids)).map((p) => [p.id, p]));
    return ok(ids.filter((id) => found.has(id)).map((id) => toContact(found.get(id)!)));
  });

  app.post(
    '/getcontacts',
    { schema: hesabfaSchema(TAG, 'Query contacts', 'Params: `queryInfo` {Take, Skip, Search, Filters:[{Property (Id, Code, Name, Phone, Mobile, Email), Operator (=, in, *), Value}]}. Take absent → 1000 at most. Result: {TotalCount, FilteredCount, From, To, List}.') },
    async (req) => {
      const actor = actorOf(req);
      const db = dbOf(req);
      const qiRaw = field(req.body, 'queryInfo');
      const qi = isObject(qiRaw) ? qiRaw : req.body;
      const at = isObject(qiRaw) ? 'queryInfo' : 'body';
      let take = readInt(field(qi, 'Take'), `${at}.Take`) ?? 0;
      if (take <= 0 || take > 1000) take = 1000;
      const skip = Math.max(0, readInt(field(qi, 'Skip'), `${at}.Skip`) ?? 0);
      const rawFilters = field(qi, 'Filters');
      const { filter, ids, codes } = contactFilter(isAbsent(rawFilters) ? [] : Array.isArray(rawFilters) ? rawFilters : [rawFilters], at);
      const search = readText(field(qi, 'Search'), `${at}.Search`, 200);
      if (search?.trim()) filter.name = search;
      const all = await listParties(db, actor, { limit: 1 });
      let total: number;
      let list: Party[];
      if (ids !== undefined || codes !== undefined) {
        const byId = ids ? await getPartiesByIds(db, actor, ids) : [];
        const byCode = codes ? (await Promise.all(codes.map((c) => findPartyByCode(db, actor, c)))).filter((p): p is Party => p !== null) : [];
        const seen = new Set<number>();
        const found = [...byId, ...byCode].filter((p) => !seen.has(p.id) && seen.add(p.id));
        total = found.length;
        list = found.slice(skip, skip + take);
      } else {
        const r = await listParties(db, actor, { ...filter, offset: skip, limit: take });
        total = r.total;
        list = r.items;
      }
      return ok({ TotalCount: all.total, FilteredCount: total, From: list.length ? skip + 1 : 0, To: list.length ? skip + list.length : 0, List: list.map(toContact) });
    },
  );

  app.post(
    '/save',
    { schema: hesabfaSchema(TAG, 'Save a contact', 'Params: `contact` {Code (null: new, the next code; a known code: update of the fields sent; an unknown one: new with it), Name*, FirstName, LastName, Company, ContactType (1 person, 2 company), NationalCode, EconomicCode, RegistrationNumber, Address, City, State, Country, PostalCode, Phone, Mobile, Fax, Email, Website, Note, Tag, Active}. Result: the saved contact.') },
    async (req) => {
      const raw = field(req.body, 'contact');
      if (isAbsent(raw)) throw fail.missing('contact');
      const c = readContact(raw, 'contact');
      return hesabfaWrite(req, 'contact/save', async (tx, actor) => toContact(await saveContact(tx, actor, c, 'contact')));
    },
  );

  app.post(
    '/batchsave',
    { schema: hesabfaSchema(TAG, 'Save many contacts', 'Params: `contacts` (as in save). All or nothing: one refused contact → nothing saved, and ErrorMessage names it (contacts[3].Email). Result: the saved contacts in request order, each with the Tag it was sent with.') },
    async (req) => {
      const raw = field(req.body, 'contacts');
      if (isAbsent(raw)) throw fail.missing('contacts');
      if (!Array.isArray(raw)) throw fail.with('PRODUCT_NOT_AN_ARRAY', { field: 'contacts' });
      if (raw.length > config.maxBatchItems) throw fail.with('PRODUCT_BATCH_TOO_LARGE', { field: 'contacts', max: config.maxBatchItems });
      const contacts = raw.map((r, i) => {
        const c = readContact(r, `contacts[${i}]`);
        if (c.code === undefined) requireContactName(c, `contacts[${i}]`);
        return { c, tag: isObject(r) ? field(r, 'Tag') : undefined };
      });
      return hesabfaWrite(req, 'contact/batchsave', async (tx, actor) => {
        const out = [];
        for (const [i, { c, tag }] of contacts.entries()) {
          const p = await saveContact(tx, actor, c, `contacts[${i}]`);
          // The client matches results by Tag: echoed exactly as it came.
          out.push({ ...toContact(p), Tag: typeof tag === 'string' ? tag : p.tag });
        }
        return out;
      });
    },
  );

  app.post('/delete', { schema: hesabfaSchema(TAG, 'Delete a contact', 'Params: `code`. Result: true; ErrorCode 190 when the contact has documents, payments or an opening balance (deactivate it instead).') }, async (req) => {
    const code = requireCode(req.body, 'code');
    return hesabfaWrite(req, 'contact/delete', async (tx, actor) => {
      const p = await findPartyByCode(tx, actor, code);
      if (!p) throw fail.notFound('party', 'code', code);
      await deleteParty(tx, actor, p.id);
      return true;
    });
  });

  app.post(
    '/findByPhoneOrEmail',
    { schema: hesabfaSchema(TAG, 'Contacts by phone or email', 'Params: `mobile`, `phone`, `email` (any of them; a number matches any of a contact\'s numbers, 0912…, 912… and +98912… alike; email case-insensitive). Result: {TotalCount, List: [contact + lower-case phone, mobile, email]}.') },
    async (req) => {
      const phones = ['mobile', 'phone'].map((k) => readText(field(req.body, k), k, 50)?.trim()).filter((v): v is string => !!v);
      const email = readText(field(req.body, 'email'), 'email', 254)?.trim() || undefined;
      if (!phones.length && !email) throw fail.missing('mobile');
      const r = await listParties(dbOf(req), actorOf(req), { phoneOrEmail: { phones, email }, limit: 100 });
      return ok({ TotalCount: r.total, List: r.items.map(toContactMatch) });
    },
  );
}
