import type { FastifyInstance } from 'fastify';
import { createParty, deleteParty, getParty, listParties, updateParty } from '../../domain/parties/parties.js';
import { PARTY_ROLES, type Party, type PartyInput, type PartyKind, type PartyRole } from '../../domain/parties/types.js';
import { actorOf } from '../common/context.js';
import { buyerTypes, setBuyerType } from '../../domain/moadian/identifiers.js';
import type { Actor, Tx } from '../../domain/context.js';
import { getOne, IdParams, ListFormat, ListQuery, problems, write, page, Amount } from './common.js';
import { columnTotals, PARTY_COLUMNS, partySheetRow } from '../../domain/reports/lists.js';
import { everything, sendSheet, sheetFormat } from '../common/sheet.js';


/**
 * /daftar/v1/parties (daftar-api.md), in the domain's own words. A party has one role today
 * (`roles` holds one of customer, supplier, serviceProvider, employee).
 */

const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
const tags = ['daftar: parties'];

const ROLES = [...PARTY_ROLES];

const PartySchema = {
  type: 'object',
  required: ['id', 'code', 'kind', 'name', 'firstName', 'lastName', 'companyName', 'roles', 'nationalId', 'economicCode', 'mobile', 'phones', 'address', 'groupId', 'active', 'balance'],
  properties: {
    id: { type: 'integer', description: 'the same number as Siba customerId / Chortke person id' },
    code: { type: 'string' },
    kind: { type: 'string', enum: ['person', 'company'] },
    name: { type: 'string', description: 'the name as printed' },
    firstName: { type: 'string' },
    lastName: { type: 'string' },
    companyName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string', enum: ROLES } },
    nationalId: { type: 'string', description: 'کد ملی (10 digits) or شناسه ملی (11 digits)' },
    economicCode: { type: 'string' },
    mobile: { type: 'string', description: 'the primary phone' },
    phones: { type: 'array', items: { type: 'string' } },
    address: { type: 'string' },
    groupId: { type: ['integer', 'null'] },
    active: { type: 'boolean' },
    balance: { ...Amount, description: '> 0: the party owes the business; < 0: the business owes them' },
    postalCode: { type: 'string', description: 'کد پستی (10 digits)' },
    buyerType: { type: 'integer', enum: [1, 2, 3, 4], description: 'Moadian tob: 1 natural, 2 legal, 3 civil partnership, 4 foreign national (default from kind)' },
  },
} as const;

const example = {
  id: 12, code: '1004', kind: 'person', name: 'علی رضایی', firstName: 'علی', lastName: 'رضایی', companyName: '', roles: ['customer'],
  nationalId: '0012345679', economicCode: '', mobile: '09121234567', phones: ['09121234567'], address: 'تهران، خیابان آزادی', groupId: 1, active: true, balance: '1250000',
  postalCode: '1415863711', buyerType: 1,
};

const inputProps = {
  code: { type: 'string', maxLength: 100 },
  kind: { type: 'string', enum: ['person', 'company'] },
  name: { type: 'string', maxLength: 200, description: 'the name in one piece: a company\'s name, or a person\'s whole name (kept as lastName); not with firstName/lastName/companyName' },
  firstName: { type: 'string', maxLength: 200 },
  lastName: { type: 'string', maxLength: 200 },
  companyName: { type: 'string', maxLength: 200 },
  roles: { type: 'array', minItems: 1, maxItems: 1, items: { type: 'string', enum: ROLES }, description: 'one role today' },
  nationalId: { type: 'string', maxLength: 20 },
  economicCode: { type: 'string', maxLength: 20 },
  mobile: { type: 'string', maxLength: 30 },
  phones: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 30 } },
  address: { type: 'string', maxLength: 1000 },
  postalCode: { type: 'string', maxLength: 20 },
  buyerType: { type: ['integer', 'null'], description: 'Moadian tob 1–4; null = from kind' },
  groupId: { type: ['integer', 'null'], minimum: 1 },
  active: { type: 'boolean' },
} as const;
const inputExample = { kind: 'person', firstName: 'علی', lastName: 'رضایی', roles: ['customer'], nationalId: '0012345679', mobile: '09121234567' };

type Body = { code?: string; kind?: PartyKind; name?: string; firstName?: string; lastName?: string; companyName?: string; roles?: PartyRole[]; nationalId?: string; economicCode?: string; mobile?: string; phones?: string[]; address?: string; groupId?: number | null; active?: boolean; postalCode?: string; buyerType?: number | null };

function input(b: Body): PartyInput {
  const { phones, buyerType: _, ...rest } = b;
  return { ...rest, phones: phones?.map((tel) => ({ tel, caption: '' })) };
}

/** `buyerTypes`: the domain's buyer type of each party listed (moadian/identifiers.ts decides the default). */
function wire(p: Party, buyerTypes: Map<number, number>) {
  const primary = p.phones.find((ph) => ph.isPrimary) ?? p.phones[0];
  return {
    id: p.id, code: p.code, kind: p.kind, name: p.fullName, firstName: p.firstName, lastName: p.lastName, companyName: p.companyName,
    roles: p.roles, nationalId: p.nationalId, economicCode: p.economicCode, mobile: primary?.tel ?? '', phones: p.phones.map((ph) => ph.tel),
    address: p.address, groupId: p.groupId, active: p.active, balance: p.balance,
    postalCode: p.postalCode, buyerType: buyerTypes.get(p.id)!,
  };
}

/** i8: the Moadian buyer type is written by the moadian module after the party's own write. */
async function withBuyerType(tx: Tx, actor: Actor, p: Party, b: Body) {
  if (b.buyerType !== undefined) await setBuyerType(tx, actor, p.id, b.buyerType);
  return wire(p, await buyerTypes(tx, actor.businessId, [p.id]));
}

const ListPartiesQuery = { ...ListQuery, properties: { ...ListQuery.properties, role: { type: 'string', enum: ROLES }, format: ListFormat } } as const;

export async function partyRoutes(app: FastifyInstance): Promise<void> {
  const { database } = app.deps;
  const one = { ...PartySchema, examples: [example] };
  app.get(
    '/parties',
    {
      schema: {
        tags, security, summary: 'فهرست اشخاص؛ q در نام جست‌وجو می‌کند، role نقش را محدود می‌کند', querystring: ListPartiesQuery,
        response: { 200: { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: PartySchema }, nextCursor: { type: ['string', 'null'] } }, examples: [{ items: [example], nextCursor: null }] }, ...problems },
      },
    },
    async (req, reply) => {
      const q = req.query as { limit?: number; cursor?: string; q?: string; role?: string; format?: string };
      const sheet = sheetFormat(q);
      if (sheet) {
        const rows = (await everything((offset, limit) => listParties(database.db, actorOf(req), { name: q.q, role: q.role as PartyRole | undefined, offset, limit }))).map(partySheetRow);
        return sendSheet(reply, sheet, 'parties', PARTY_COLUMNS, rows, columnTotals(PARTY_COLUMNS, rows));
      }
      const got = await page(q, (offset, limit) => listParties(database.db, actorOf(req), { name: q.q, role: q.role as PartyRole | undefined, offset, limit }), (p: Party) => p);
      const types = await buyerTypes(database.db, actorOf(req).businessId, got.items.map((p) => p.id));
      return { items: got.items.map((p) => wire(p, types)), nextCursor: got.nextCursor };
    },
  );
  getOne(app, '/parties', { tags, summary: 'یک شخص', schema: PartySchema, example, entity: 'party' }, async (req, id) => {
    const p = await getParty(database.db, actorOf(req), id);
    return p ? wire(p, await buyerTypes(database.db, actorOf(req).businessId, [p.id])) : undefined;
  });
  app.post(
    '/parties',
    {
      schema: {
        tags, security, summary: 'تعریف شخص (حسابدار، مدیر و کاربر فروش)',
        body: { type: 'object', additionalProperties: false, properties: inputProps, examples: [inputExample] },
        response: { 201: one, ...problems },
      },
    },
    async (req, reply) => write(req, reply, 201, async (tx, actor) => withBuyerType(tx, actor, await createParty(tx, actor, input(req.body as Body)), req.body as Body)),
  );
  app.patch(
    '/parties/:id',
    {
      schema: {
        tags, security, summary: 'ویرایش شخص (حسابدار، مدیر)', params: IdParams,
        body: { type: 'object', additionalProperties: false, properties: inputProps, examples: [{ mobile: '09351234567', address: 'اصفهان' }] },
        response: { 200: one, ...problems },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      return write(req, reply, 200, async (tx, actor) => withBuyerType(tx, actor, await updateParty(tx, actor, id, input(req.body as Body)), req.body as Body));
    },
  );
  app.delete(
    '/parties/:id',
    { schema: { tags, security, summary: 'حذف شخص بی‌سند (دارای سند: 409 IN_USE؛ غیرفعالش کنید)', params: IdParams, response: { 204: { type: 'null', description: 'deleted' }, ...problems } } },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      return write(req, reply, 204, async (tx, actor) => (await deleteParty(tx, actor, id), null));
    },
  );
}
