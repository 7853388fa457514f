import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError, fail, isDomainError } from '../../domain/errors.js';
import { createPartyGroup, deletePartyGroup, listPartyGroups, updatePartyGroup, type PartyGroup } from '../../domain/parties/groups.js';
import { createParty, deleteParty, findPartyByCode, getParty, listParties, updateParty } from '../../domain/parties/parties.js';
import { addPhone, deletePhone, listPhones } from '../../domain/parties/phones.js';
import type { Party, PartyInput } from '../../domain/parties/types.js';
import { toWire } from '../../domain/shared/money.js';
import { actorOf } from '../common/context.js';
import { BoolLike, NumLike, Text, isAbsent, readBool, readDecimal, readId, readInt, readText } from '../common/wire.js';
import { runWrite } from '../common/write.js';
import { ok } from './envelope.js';

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
    visitorPercent: toWire(p.visitorPercent),
    visitor: p.visitor,
    courierStatus: p.courierStatus,
    buyPriceLevel: p.buyPriceLevel,
    sellPriceLevel: p.sellPriceLevel,
    email: p.email,
    comment: p.comment,
    economicCode: p.economicCode,
    nationalCode: p.nationalCode,
    bankAccountNo: p.bankAccountNo,
    cardNo: p.cardNo,
    companyName: p.companyName,
    companyAddress: p.companyAddress,
    postalCode: p.postalCode,
    initialBalance: toWire(p.openingBalance),
    balance: toWire(p.balance),
  };
}

const groupWire = (g: PartyGroup) => ({ groupId: g.id, groupName: g.name, parentId: g.parentId ?? 0 });

const TEXT_FIELDS = ['address', 'firstName', 'lastName', 'province', 'city', 'prefix', 'comment', 'bankAccountNo', 'companyName', 'companyAddress'] as const;
/** Identifier fields: validated when given. The document's samples send Swagger's placeholder
 * "string" in them; that placeholder is read as "not given" (docs/parties.md). */
const IDENTIFIER_FIELDS = ['email', 'economicCode', 'nationalCode', 'cardNo', 'postalCode', 'sheba'] as const;
const PLACEHOLDER = 'string';

function readIdentifier(v: unknown, field: string): string | undefined {
  const s = readText(v, field, 100);
  if (s === undefined) return undefined;
  return s.trim().toLowerCase() === PLACEHOLDER ? '' : s;
}

/** Siba customer body → PartyInput (POST and PUT share the field names). */
function readCustomer(b: Record<string, unknown>, creating: boolean): PartyInput {
  const input: PartyInput = {};
  const code = readText(b.customerCode, 'customerCode', 100);
  if (code !== undefined && code.trim() !== '' && !/^0+$/.test(code.trim())) input.code = code;
  for (const f of TEXT_FIELDS) {
    const s = readText(b[f], f);
    if (s !== undefined) input[f] = s;
  }
  for (const f of IDENTIFIER_FIELDS) {
    const s = readIdentifier(f === 'sheba' ? (b.sheba ?? b.shaba) : b[f], f);
    if (s !== undefined) input[f] = s;
  }
  // fullName is derived; a client that sends only fullName gets it as the last name.
  const fullName = readText(b.fullName, 'fullName');
  if (creating && fullName && isAbsent(b.firstName) && isAbsent(b.lastName)) input.lastName = fullName;
  if (b.birthDate === null) input.birthDate = null;
  else {
    const d = readText(b.birthDate, 'birthDate', 40);
    if (d !== undefined) input.birthDate = d.trim() === '' ? null : d;
  }
  const active = readBool(b.isActive, 'isActive');
  if (active !== undefined) input.active = active;
  const tel = readText(b.tel, 'tel', 50);
  if (tel !== undefined) input.tel = tel;
  if (b.groupId !== undefined) input.groupId = readId(b.groupId, 'groupId') || null;
  for (const f of ['visitorPercent', 'cashCredit', 'chequeCredit'] as const) {
    const d = readDecimal(b[f], f);
    if (d !== undefined) input[f] = d;
  }
  for (const f of ['visitor', 'courierStatus'] as const) {
    const v = readBool(b[f], f);
    if (v !== undefined) input[f] = v;
  }
  for (const f of ['buyPriceLevel', 'sellPriceLevel'] as const) {
    const v = readInt(b[f], f);
    if (v !== undefined) input[f] = v;
  }
  const opening = readDecimal(b.initialBalance, 'initialBalance');
  if (opening !== undefined) input.openingBalance = opening;
  return input;
}

const CustomerBody = Type.Object(
  {
    customerId: Type.Optional(NumLike()),
    customerCode: Type.Optional(NumLike()),
    address: Type.Optional(Text()),
    firstName: Type.Optional(Text(200)),
    lastName: Type.Optional(Text(200)),
    birthDate: Type.Optional(Text(40, { description: 'شمسی YYYY/MM/DD (یا میلادی YYYY-MM-DD)' })),
    province: Type.Optional(Text(200)),
    city: Type.Optional(Text(200)),
    prefix: Type.Optional(Text(100)),
    isActive: Type.Optional(BoolLike()),
    tel: Type.Optional(Text(50)),
    groupId: Type.Optional(NumLike({ description: '0 = بدون گروه' })),
    visitorPercent: Type.Optional(NumLike()),
    visitor: Type.Optional(BoolLike()),
    courierStatus: Type.Optional(BoolLike()),
    buyPriceLevel: Type.Optional(NumLike()),
    sellPriceLevel: Type.Optional(NumLike()),
    email: Type.Optional(Text(254)),
    comment: Type.Optional(Text()),
    economicCode: Type.Optional(Text(100)),
    nationalCode: Type.Optional(Text(100)),
    bankAccountNo: Type.Optional(Text(100)),
    cardNo: Type.Optional(Text(100)),
    companyName: Type.Optional(Text(200)),
    companyAddress: Type.Optional(Text()),
    postalCode: Type.Optional(Text(100)),
    initialBalance: Type.Optional(NumLike({ description: 'مانده افتتاحیه (مثبت: بدهکار)' })),
    cashCredit: Type.Optional(NumLike()),
    chequeCredit: Type.Optional(NumLike()),
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
function requiredId(v: unknown, field: string, entityFa: string): number {
  if (isAbsent(v)) throw fail.missing(field);
  const id = readId(phpArrow(v), field)!;
  if (id === 0) throw fail.notFound(entityFa, field, 0);
  return id;
}

/** Domain field names that Siba calls otherwise: errors name the field the client sent. */
const WIRE_FIELD: Record<string, string> = { openingBalance: 'initialBalance', partyId: 'customerId', code: 'customerCode', active: 'isActive' };

async function inWireNames<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    const wire = isDomainError(err) && err.field ? WIRE_FIELD[err.field] : undefined;
    if (!wire || !isDomainError(err)) throw err;
    const swap = (m: string) => m.split(`«${err.field}»`).join(`«${wire}»`).split(`"${err.field}"`).join(`"${wire}"`).split(`${err.field}=`).join(`${wire}=`);
    throw new DomainError(err.code, { field: wire, fa: swap(err.messageFa), en: swap(err.messageEn), details: err.details });
  }
}

/** Customers, customer groups and customer phones (siba.md). */
export async function customerRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;

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
        tel: q.tel,
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
      const id = requiredId((req.params as { id: string }).id, 'customerId', 'مشتری');
      const p = await getParty(db, actorOf(req), id);
      if (!p) throw fail.notFound('مشتری', 'customerId', id, 'customer');
      return ok('customer', customerWire(p));
    },
  );

  app.post('/customers', { schema: { tags: ['siba: customers'], summary: 'ایجاد مشتری', body: CustomerBody } }, async (req, reply) => {
    const input = readCustomer(req.body as Record<string, unknown>, true);
    const res = await inWireNames(runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok('customer', customerWire(await createParty(tx, actor, input))) })));
    return reply.code(res.statusCode).send(res.body);
  });

  app.put('/customers', { schema: { tags: ['siba: customers'], summary: 'ویرایش مشتری', body: CustomerBody } }, async (req, reply) => {
    const b = req.body as Record<string, unknown>;
    const input = readCustomer(b, false);
    const res = await inWireNames(runWrite(req, async (tx, actor) => {
      let id: number;
      if (isAbsent(b.customerId) && input.code !== undefined) {
        // No customerId: the customer is named by its code (and the code is then not changed).
        const p = await findPartyByCode(tx, actor, input.code);
        if (!p) throw fail.notFound('مشتری', 'customerCode', input.code, 'customer');
        id = p.id;
      } else id = requiredId(b.customerId, 'customerId', 'مشتری');
      if (!(await getParty(tx, actor, id))) throw fail.notFound('مشتری', 'customerId', id, 'customer');
      return { statusCode: 200, body: ok('customer', customerWire(await updateParty(tx, actor, id, input))) };
    }));
    return reply.code(res.statusCode).send(res.body);
  });

  app.delete('/customers', { schema: { tags: ['siba: customers'], summary: 'حذف مشتری (بدنه یا ?customerId=)' } }, async (req, reply) => {
    const id = requiredId(params(req).customerId, 'customerId', 'مشتری');
    const res = await runWrite(req, async (tx, actor) => {
      if (!(await getParty(tx, actor, id))) throw fail.notFound('مشتری', 'customerId', id, 'customer');
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
    const id = requiredId(b.groupId, 'groupId', 'گروه');
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
    const id = requiredId(p.groupId ?? p.id ?? p.customerId, 'groupId', 'گروه');
    const res = await runWrite(req, async (tx, actor) => {
      await deletePartyGroup(tx, actor, id);
      return { statusCode: 200, body: ok('group', { groupId: id }) };
    });
    return reply.code(res.statusCode).send(res.body);
  });

  // ---- phones ----
  app.get('/customers/tel', { schema: { tags: ['siba: customers'], summary: 'شماره‌های تلفن یک مشتری (?customerId=)' } }, async (req) => {
    const id = requiredId(params(req).customerId, 'customerId', 'مشتری');
    const phones = await listPhones(db, actorOf(req), id);
    return ok('tel', phones.map((p) => ({ telId: p.telId, customerId: p.customerId, tel: p.tel, caption: p.caption })));
  });

  app.post('/customers/tel', { schema: { tags: ['siba: customers'], summary: 'افزودن شماره تلفن (?customerId=&tel=&caption=) → 201' } }, async (req, reply) => {
    const p = params(req);
    const id = requiredId(p.customerId, 'customerId', 'مشتری');
    const tel = readText(phpArrow(p.tel), 'tel', 50);
    if (tel === undefined || tel.trim() === '') throw fail.missing('tel');
    const caption = readText(phpArrow(p.caption), 'caption', 200) ?? '';
    const res = await runWrite(req, async (tx, actor) => {
      const ph = await addPhone(tx, actor, id, { tel, caption });
      return { statusCode: 201, body: ok('tel', { telId: ph.telId, customerId: ph.customerId, tel: ph.tel, caption: ph.caption }) };
    });
    return reply.code(res.statusCode).send(res.body);
  });

  app.delete('/customers/tel', { schema: { tags: ['siba: customers'], summary: 'حذف شماره تلفن (?telId=)' } }, async (req, reply) => {
    const id = requiredId(params(req).telId, 'telId', 'شماره تلفن');
    const res = await runWrite(req, async (tx, actor) => {
      await deletePhone(tx, actor, id);
      return { statusCode: 200, body: ok('tel', { telId: id }) };
    });
    return reply.code(res.statusCode).send(res.body);
  });
}
