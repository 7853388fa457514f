import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { fail } from '../../domain/errors.js';
import { createPartyGroup, deletePartyGroup, listPartyGroups, updatePartyGroup, type PartyGroup } from '../../domain/parties/groups.js';
import { createParty, deleteParty, findPartyByCode, getParty, listParties, updateParty } from '../../domain/parties/parties.js';
import { addPhone, deletePhone, listPhones } from '../../domain/parties/phones.js';
import type { Party, PartyInput } from '../../domain/parties/types.js';
import { toWire } from '../../domain/shared/money.js';
import { actorOf } from '../common/context.js';
import { NumLike, Text, isAbsent, optionalBools, optionalNumbers, optionalTexts, readBool, readDecimal, readId, readInt, readText } from '../common/wire.js';
import { renameErrors } from '../common/surface.js';
import { runWrite } from '../common/write.js';
import { ok, sibaError } from './envelope.js';
import { SIBA_PARTY_FIELDS } from './fields.js';

/** A customer as the document's list schema shows it, plus `balance` and `customerId` (= id). */
export function customerWire(p: Party) {
  return {
    id: p.id,
    customerId: p.id,
    customerCode: p.code,
    fullName: p.fullName,
    address: p.address,
    firstName: p.firstName,
    lastName: p.lastName,
    birthDate: p.birthDate ?? '',
    province: p.province,
    city: p.city,
    cashCredit: toWire(p.cashCredit),
    chequeCredit: toWire(p.chequeCredit),
    prefix: p.prefix,
    isActive: p.active,
    tel: p.phones.find((ph) => ph.isPrimary)?.tel ?? p.phones[0]?.tel ?? '',
    groupId: p.groupId ?? 0,
    visitorPercent: toWire(p.visitorRate),
    visitor: p.visitor,
    courierStatus: p.courier,
    buyPriceLevel: p.buyPriceTier,
    sellPriceLevel: p.sellPriceTier,
    email: p.email,
    comment: p.comment,
    economicCode: p.economicCode,
    nationalCode: p.nationalId,
    bankAccountNo: p.bankAccountNumber,
    cardNo: p.cardNumber,
    companyName: p.companyName,
    companyAddress: p.companyAddress,
    postalCode: p.postalCode,
    initialBalance: toWire(p.openingBalance),
    balance: toWire(p.balance),
  };
}

const groupWire = (g: PartyGroup) => ({ groupId: g.id, groupName: g.name, parentId: g.parentId ?? 0 });

/** Siba's text fields → the party's. */
const TEXT_FIELDS = {
  address: 'address',
  firstName: 'firstName',
  lastName: 'lastName',
  province: 'province',
  city: 'city',
  prefix: 'prefix',
  comment: 'comment',
  bankAccountNo: 'bankAccountNumber',
  companyName: 'companyName',
  companyAddress: 'companyAddress',
} as const satisfies Record<string, keyof PartyInput>;
/** Identifier fields: validated when given. The document's samples send Swagger's placeholder
 * "string" in them; that placeholder is read as "not given" (docs/parties.md). */
const IDENTIFIER_FIELDS = {
  email: 'email',
  economicCode: 'economicCode',
  nationalCode: 'nationalId',
  cardNo: 'cardNumber',
  postalCode: 'postalCode',
  sheba: 'sheba',
} as const satisfies Record<string, keyof PartyInput>;
const PLACEHOLDER = 'string';

function readIdentifier(v: unknown, field: string): string | undefined {
  const s = readText(v, field, 100);
  if (s === undefined) return undefined;
  return s.trim().toLowerCase() === PLACEHOLDER ? '' : s;
}

/** The fields of a Siba customer that are text, identifiers, dates or flags. */
function readCustomerText(b: Record<string, unknown>, input: PartyInput, creating: boolean): void {
  for (const [wire, field] of Object.entries(TEXT_FIELDS)) {
    const s = readText(b[wire], wire);
    if (s !== undefined) input[field] = s;
  }
  for (const [wire, field] of Object.entries(IDENTIFIER_FIELDS)) {
    const s = readIdentifier(wire === 'sheba' ? (b.sheba ?? b.shaba) : b[wire], wire);
    if (s !== undefined) input[field] = s;
  }
  // fullName is derived; a client that sends only fullName gets it as the last name.
  const fullName = readText(b.fullName, 'fullName');
  if (creating && fullName && isAbsent(b.firstName) && isAbsent(b.lastName)) input.lastName = fullName;
  if (b.birthDate === null) input.birthDate = null;
  else {
    const d = readText(b.birthDate, 'birthDate', 40);
    if (d !== undefined) input.birthDate = d.trim() === '' ? null : d;
  }
  const tel = readText(b.tel, 'tel', 50);
  if (tel !== undefined) input.mobile = tel;
}

/** Siba customer body → PartyInput (POST and PUT share the field names). */
function readCustomer(b: Record<string, unknown>, creating: boolean): PartyInput {
  const input: PartyInput = {};
  const code = readText(b.customerCode, 'customerCode', 100);
  if (code !== undefined && code.trim() !== '' && !/^0+$/.test(code.trim())) input.code = code;
  readCustomerText(b, input, creating);
  input.active = readBool(b.isActive, 'isActive');
  if (b.groupId !== undefined) input.groupId = readId(b.groupId, 'groupId') || null;
  input.visitorRate = readDecimal(b.visitorPercent, 'visitorPercent');
  input.cashCredit = readDecimal(b.cashCredit, 'cashCredit');
  input.chequeCredit = readDecimal(b.chequeCredit, 'chequeCredit');
  input.visitor = readBool(b.visitor, 'visitor');
  input.courier = readBool(b.courierStatus, 'courierStatus');
  input.buyPriceTier = readInt(b.buyPriceLevel, 'buyPriceLevel');
  input.sellPriceTier = readInt(b.sellPriceLevel, 'sellPriceLevel');
  input.openingBalance = readDecimal(b.initialBalance, 'initialBalance');
  for (const k of Object.keys(input) as (keyof PartyInput)[]) if (input[k] === undefined) delete input[k];
  return input;
}

const CustomerBody = Type.Object(
  {
    ...optionalNumbers('customerId', 'customerCode', 'visitorPercent', 'buyPriceLevel', 'sellPriceLevel', 'cashCredit', 'chequeCredit'),
    ...optionalTexts({ address: 1000, firstName: 200, lastName: 200, province: 200, city: 200, prefix: 100, tel: 50, email: 254, comment: 1000 }),
    ...optionalTexts({ economicCode: 100, nationalCode: 100, bankAccountNo: 100, cardNo: 100, companyName: 200, companyAddress: 1000, postalCode: 100 }),
    ...optionalBools('isActive', 'visitor', 'courierStatus'),
    birthDate: Type.Optional(Text(40, { description: 'شمسی YYYY/MM/DD (یا میلادی YYYY-MM-DD)' })),
    groupId: Type.Optional(NumLike({ description: '0 = بدون گروه' })),
    initialBalance: Type.Optional(NumLike({ description: 'مانده افتتاحیه (مثبت: بدهکار)' })),
  },
  { additionalProperties: true },
);

/** Query and body merged (the document sends the same parameter either way); body wins. */
function params(req: FastifyRequest): Record<string, unknown> {
  const q = (req.query ?? {}) as Record<string, unknown>;
  const b = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
  return { ...q, ...b };
}

/** The PHP sample writes `?customerId=>123`: its stray `>` is dropped. */
function phpArrow(v: unknown): unknown {
  return typeof v === 'string' ? v.replace(/^>/, '') : v;
}

/** A record id that must name a record: 0 is not found, absent is missing. */
function requiredId(v: unknown, field: string, entity: 'party' | 'partyGroup' | 'phone'): number {
  if (isAbsent(v)) throw fail.missing(field);
  const id = readId(phpArrow(v), field)!;
  if (id === 0) throw fail.notFound(entity, field, 0);
  return id;
}

/** Customers, customer groups and customer phones (siba.md). */
export async function customerRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;
  // The customers' own names for the domain's fields (fields.ts), on every error of these routes.
  renameErrors(app, sibaError, SIBA_PARTY_FIELDS);

  app.get(
    '/customers',
    {
      schema: {
        tags: ['siba: customers'],
        summary: 'لیست مشتریان با فیلتر',
        querystring: Type.Object({
          customerCode: Type.Optional(Type.String({ maxLength: 100 })),
          tel: Type.Optional(Type.String({ maxLength: 50 })),
          name: Type.Optional(Type.String({ maxLength: 200 })),
          offset: Type.Optional(Type.String({ maxLength: 12 })),
          limit: Type.Optional(Type.String({ maxLength: 12 })),
        }),
      },
    },
    async (req) => {
      const q = req.query as Record<string, string | undefined>;
      const r = await listParties(db, actorOf(req), {
        code: q.customerCode,
        phone: q.tel,
        name: q.name,
        offset: readInt(q.offset, 'offset'),
        limit: readInt(q.limit, 'limit'),
      });
      return ok('customer', r.items.map(customerWire));
    },
  );

  app.get(
    '/customers/:id',
    { schema: { tags: ['siba: customers'], summary: 'یک مشتری (افزوده)', params: Type.Object({ id: Type.String({ maxLength: 20 }) }) } },
    async (req) => {
      const id = requiredId((req.params as { id: string }).id, 'customerId', 'party');
      const p = await getParty(db, actorOf(req), id);
      if (!p) throw fail.notFound('party', 'customerId', id);
      return ok('customer', customerWire(p));
    },
  );

  app.post('/customers', { schema: { tags: ['siba: customers'], summary: 'ایجاد مشتری', body: CustomerBody } }, async (req, reply) => {
    const input = readCustomer(req.body as Record<string, unknown>, true);
    const res = await runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok('customer', customerWire(await createParty(tx, actor, input))) }));
    return reply.code(res.statusCode).send(res.body);
  });

  app.put('/customers', { schema: { tags: ['siba: customers'], summary: 'ویرایش مشتری', body: CustomerBody } }, async (req, reply) => {
    const b = req.body as Record<string, unknown>;
    const input = readCustomer(b, false);
    const res = await runWrite(req, async (tx, actor) => {
      let id: number;
      if (isAbsent(b.customerId) && input.code !== undefined) {
        // No customerId: the customer is named by its code (and the code is then not changed).
        const p = await findPartyByCode(tx, actor, input.code);
        if (!p) throw fail.notFound('party', 'customerCode', input.code);
        id = p.id;
      } else id = requiredId(b.customerId, 'customerId', 'party');
      return { statusCode: 200, body: ok('customer', customerWire(await updateParty(tx, actor, id, input))) };
    });
    return reply.code(res.statusCode).send(res.body);
  });

  app.delete('/customers', { schema: { tags: ['siba: customers'], summary: 'حذف مشتری (بدنه یا ?customerId=)' } }, async (req, reply) => {
    const id = requiredId(params(req).customerId, 'customerId', 'party');
    const res = await runWrite(req, async (tx, actor) => {
      await deleteParty(tx, actor, id);
      return { statusCode: 200, body: ok('customer', { id, customerId: id }) };
    });
    return reply.code(res.statusCode).send(res.body);
  });

  // ---- groups ----
  app.get('/customers/group', { schema: { tags: ['siba: customers'], summary: 'لیست گروه‌های مشتری' } }, async (req) => {
    return ok('group', (await listPartyGroups(db, actorOf(req))).map(groupWire));
  });

  const GroupBody = Type.Object(
    { groupId: Type.Optional(NumLike()), groupName: Type.Optional(Text(200)), parentId: Type.Optional(NumLike({ description: '0 = ریشه' })) },
    { additionalProperties: true },
  );

  app.post('/customers/group', { schema: { tags: ['siba: customers'], summary: 'ایجاد گروه مشتری', body: GroupBody } }, async (req, reply) => {
    const b = req.body as Record<string, unknown>;
    const input = { name: readText(b.groupName, 'groupName', 200) ?? '', parentId: readId(b.parentId, 'parentId') || null };
    const res = await runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok('group', groupWire(await createPartyGroup(tx, actor, input))) }));
    return reply.code(res.statusCode).send(res.body);
  });

  app.put('/customers/group', { schema: { tags: ['siba: customers'], summary: 'ویرایش گروه مشتری', body: GroupBody } }, async (req, reply) => {
    const b = req.body as Record<string, unknown>;
    const id = requiredId(b.groupId, 'groupId', 'partyGroup');
    const input = {
      name: readText(b.groupName, 'groupName', 200),
      parentId: b.parentId === undefined ? undefined : readId(b.parentId, 'parentId') || null,
    };
    const res = await runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok('group', groupWire(await updatePartyGroup(tx, actor, id, input))) }));
    return reply.code(res.statusCode).send(res.body);
  });

  app.delete('/customers/group', { schema: { tags: ['siba: customers'], summary: 'حذف گروه مشتری (?groupId=)' } }, async (req, reply) => {
    const p = params(req);
    // The document's fetch sample names the group `customerId`; on this route it can only mean the group.
    const id = requiredId(p.groupId ?? p.id ?? p.customerId, 'groupId', 'partyGroup');
    const res = await runWrite(req, async (tx, actor) => {
      await deletePartyGroup(tx, actor, id);
      return { statusCode: 200, body: ok('group', { groupId: id }) };
    });
    return reply.code(res.statusCode).send(res.body);
  });

  // ---- phones ----
  app.get('/customers/tel', { schema: { tags: ['siba: customers'], summary: 'شماره‌های تلفن یک مشتری (?customerId=)' } }, async (req) => {
    const id = requiredId(params(req).customerId, 'customerId', 'party');
    const phones = await listPhones(db, actorOf(req), id);
    return ok('tel', phones.map((p) => ({ telId: p.id, customerId: p.partyId, tel: p.tel, caption: p.caption })));
  });

  app.post('/customers/tel', { schema: { tags: ['siba: customers'], summary: 'افزودن شماره تلفن (?customerId=&tel=&caption=) → 201' } }, async (req, reply) => {
    const p = params(req);
    const id = requiredId(p.customerId, 'customerId', 'party');
    const tel = readText(phpArrow(p.tel), 'tel', 50);
    if (tel === undefined || tel.trim() === '') throw fail.missing('tel');
    const caption = readText(phpArrow(p.caption), 'caption', 200) ?? '';
    const res = await runWrite(req, async (tx, actor) => {
      const ph = await addPhone(tx, actor, id, { tel, caption });
      return { statusCode: 201, body: ok('tel', { telId: ph.id, customerId: ph.partyId, tel: ph.tel, caption: ph.caption }) };
    });
    return reply.code(res.statusCode).send(res.body);
  });

  app.delete('/customers/tel', { schema: { tags: ['siba: customers'], summary: 'حذف شماره تلفن (?telId=)' } }, async (req, reply) => {
    const id = requiredId(params(req).telId, 'telId', 'phone');
    const res = await runWrite(req, async (tx, actor) => {
      await deletePhone(tx, actor, id);
      return { statusCode: 200, body: ok('tel', { telId: id }) };
    });
    return reply.code(res.statusCode).send(res.body);
  });
}
