import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { fail } from '../../domain/errors.js';
import { getInvoice, listInvoices, postInvoice, voidInvoice, type Invoice, type InvoiceInput, type InvoiceLineInput } from '../../domain/invoicing/index.js';
import { invoicePayments } from '../../domain/money/payments.js';
import { parseDate, toJalali } from '../../domain/shared/dates.js';
import { Dec, toWire } from '../../domain/shared/money.js';
import { actorOf } from '../common/context.js';
import { NumLike, Text, readDecimal, readId, readInt, readText } from '../common/wire.js';
import { runWrite } from '../common/write.js';
import { ok } from './envelope.js';

/**
 * Siba factors (siba.md, seed "فاکتور (Factors)"): POST with the document's exact body, and the
 * additions list / get / void. Wire names map to the domain's `invoice` here and nowhere else.
 */
/** Optional numbers of the wire (string or number, read exactly later), one per name. */
const optionalNumbers = (...names: string[]) => Object.fromEntries(names.map((n) => [n, Type.Optional(NumLike())]));

const LineSchema = Type.Object({
  itemId: NumLike(),
  quantity: NumLike(),
  price: NumLike(),
  info: Type.Optional(Text(1000)),
  quantityStr: Type.Optional(Text(200)),
  ...optionalNumbers('itemType', 'quantity1', 'quantity2', 'sumPrice', 'warehouseCode', 'discount', 'taxPerc', 'feePerc'),
});

const FactorSchema = Type.Object({
  invoiceType: NumLike(),
  personId: NumLike(),
  invoiceDate: Type.Optional(Text(40)),
  invoiceTime: Type.Optional(Text(20)),
  info: Type.Optional(Text(2000)),
  ...optionalNumbers('invoiceNo', 'discount', 'userId', 'discountItem', 'servicePerc', 'roundPrice'),
  originalFactorId: Type.Optional(NumLike({ description: 'افزوده: فاکتور فروشی که این برگشت از فروش به آن برمی‌گردد' })),
  details: Type.Array(LineSchema, { minItems: 1, maxItems: 1000 }),
});

type Body = Record<string, unknown>;

function readLine(l: Body, i: number): InvoiceLineInput {
  const f = (n: string) => `details[${i}].${n}`;
  return {
    productId: readId(l.itemId, f('itemId')),
    itemType: readInt(l.itemType, f('itemType')),
    warehouseCode: readInt(l.warehouseCode, f('warehouseCode')),
    quantity: readDecimal(l.quantity, f('quantity')),
    quantity1: readDecimal(l.quantity1, f('quantity1')),
    quantity2: readDecimal(l.quantity2, f('quantity2')),
    quantityStr: readText(l.quantityStr, f('quantityStr'), 200),
    price: readDecimal(l.price, f('price')),
    sumPrice: readDecimal(l.sumPrice, f('sumPrice')),
    discount: readDecimal(l.discount, f('discount')),
    taxPerc: readDecimal(l.taxPerc, f('taxPerc')),
    feePerc: readDecimal(l.feePerc, f('feePerc')),
    info: readText(l.info, f('info'), 1000),
  };
}

function readFactor(b: Body): InvoiceInput {
  if (!Array.isArray(b.details)) throw fail.with('INVOICE_LINES_NOT_A_LIST', { field: 'details' });
  return {
    invoiceType: readInt(b.invoiceType, 'invoiceType'),
    invoiceNo: readInt(b.invoiceNo, 'invoiceNo'),
    date: readText(b.invoiceDate, 'invoiceDate', 40),
    time: readText(b.invoiceTime, 'invoiceTime', 20),
    partyId: readId(b.personId, 'personId'),
    userId: readId(b.userId, 'userId') || undefined,
    discount: readDecimal(b.discount, 'discount'),
    discountItem: readDecimal(b.discountItem, 'discountItem'),
    servicePerc: readDecimal(b.servicePerc, 'servicePerc'),
    roundPrice: readDecimal(b.roundPrice, 'roundPrice'),
    info: readText(b.info, 'info', 2000),
    originalInvoiceId: readId(b.originalFactorId, 'originalFactorId') || undefined,
    lines: (b.details as unknown[]).map((l, i) => {
      if (typeof l !== 'object' || l === null) throw fail.validation(`details[${i}]`);
      return readLine(l as Body, i);
    }),
  };
}

/** The stored invoice in Siba's names, with every computed figure. */
export function factorToWire(inv: Invoice): Record<string, unknown> {
  return {
    factorId: inv.id,
    invoiceType: inv.invoiceType,
    invoiceNo: inv.invoiceNo,
    invoiceDate: inv.date,
    invoiceDateJalali: toJalali(inv.date),
    invoiceTime: inv.time,
    personId: inv.partyId,
    personName: inv.partyName,
    discount: toWire(inv.discount),
    info: inv.info,
    userId: inv.userId,
    discountItem: toWire(inv.discountItem),
    servicePerc: toWire(inv.servicePerc),
    roundPrice: toWire(inv.roundPrice),
    sumPrice: toWire(inv.sumPrice),
    sumDiscount: toWire(inv.sumDiscount),
    sumNet: toWire(inv.sumNet),
    sumTax: toWire(inv.sumTax),
    sumFee: toWire(inv.sumFee),
    serviceCharge: toWire(inv.serviceCharge),
    payable: toWire(inv.payable),
    cogs: toWire(inv.cogs),
    status: inv.status,
    voucherId: inv.voucherId,
    voidVoucherId: inv.voidVoucherId,
    originalFactorId: inv.originalInvoiceId,
    details: inv.lines.map((l) => ({
      lineNo: l.lineNo,
      itemId: l.productId,
      itemCode: l.productCode,
      itemName: l.productName,
      itemType: l.itemType,
      quantity: toWire(l.quantity),
      quantity1: l.quantity1 === null ? null : toWire(l.quantity1),
      quantity2: l.quantity2 === null ? null : toWire(l.quantity2),
      quantityStr: l.quantityStr,
      price: toWire(l.price),
      sumPrice: toWire(l.sumPrice),
      info: l.info,
      warehouseCode: l.warehouseCode ?? 0,
      discount: toWire(l.discount),
      net: toWire(l.net),
      taxPerc: toWire(l.taxPerc),
      tax: toWire(l.tax),
      feePerc: toWire(l.feePerc),
      fee: toWire(l.fee),
      total: toWire(l.total),
      unitCost: l.unitCost === null ? null : toWire(l.unitCost),
      cost: l.cost === null ? null : toWire(l.cost),
    })),
  };
}

function factorIdOf(req: FastifyRequest): number {
  const params = (req.params ?? {}) as Body;
  const query = (req.query ?? {}) as Body;
  const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Body;
  const raw = params.id ?? query.factorId ?? query.id ?? body.factorId ?? body.id;
  const id = readId(raw, 'factorId');
  if (id === undefined) throw fail.missing('factorId');
  return id;
}

const dateFilter = (v: unknown, field: string) => {
  const s = readText(v, field, 40);
  return s === undefined || s.trim() === '' ? undefined : parseDate(s, field);
};

export async function factorRoutes(app: FastifyInstance): Promise<void> {
  const db = () => app.deps.database.db;

  app.post('/factors', { schema: { tags: ['siba: factors'], summary: 'ثبت فاکتور جدید', body: FactorSchema } }, async (req, reply) => {
    const input = readFactor(req.body as Body);
    const res = await runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok('factor', factorToWire(await postInvoice(tx, actor, input))) }));
    return reply.code(res.statusCode).send(res.body);
  });

  app.get(
    '/factors',
    {
      schema: {
        tags: ['siba: factors'],
        summary: 'لیست فاکتورها (افزوده)',
        querystring: Type.Object({
          invoiceType: Type.Optional(NumLike()),
          personId: Type.Optional(NumLike()),
          fromDate: Type.Optional(Text(40)),
          toDate: Type.Optional(Text(40)),
          status: Type.Optional(Text(20)),
          invoiceNo: Type.Optional(NumLike()),
          offset: Type.Optional(NumLike()),
          limit: Type.Optional(NumLike()),
        }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const q = req.query as Body;
      const status = readText(q.status, 'status', 20);
      if (status !== undefined && status !== '' && status !== 'posted' && status !== 'voided') {
        throw fail.with('INVOICE_STATUS_INVALID', { field: 'status' });
      }
      // Paging like the other lists: limit clamped to 1..1000 (default 100), offset ≥ 0.
      const limit = readInt(q.limit, 'limit');
      const offset = readInt(q.offset, 'offset');
      const r = await listInvoices(db(), actor, {
        invoiceType: readInt(q.invoiceType, 'invoiceType') || undefined,
        partyId: readId(q.personId, 'personId') || undefined,
        fromDate: dateFilter(q.fromDate, 'fromDate'),
        toDate: dateFilter(q.toDate, 'toDate'),
        status: (status || undefined) as 'posted' | 'voided' | undefined,
        invoiceNo: readInt(q.invoiceNo, 'invoiceNo') || undefined,
        offset,
        limit,
      });
      reply.header('x-total-count', String(r.total));
      return ok('factor', r.items.map(factorToWire));
    },
  );

  app.get('/factors/:id', { schema: { tags: ['siba: factors'], summary: 'یک فاکتور با ارقام محاسبه‌شده و پرداخت‌ها (افزوده)' } }, async (req) => {
    const actor = actorOf(req);
    const id = factorIdOf(req);
    const inv = await getInvoice(db(), actor, id);
    if (!inv) throw fail.notFound('invoice', 'factorId', id);
    const pay = await invoicePayments(db(), actor, id);
    const paid = new Dec(pay.paid);
    return ok('factor', {
      ...factorToWire(inv),
      paid: toWire(paid),
      remaining: toWire(inv.status === 'voided' ? 0 : new Dec(inv.payable).minus(paid)),
      payments: pay.payments.map((p) => ({ paymentId: p.paymentId, kind: p.kind, amount: toWire(p.amount), date: p.date })),
    });
  });

  const voidRoute = async (req: FastifyRequest) => {
    const id = factorIdOf(req);
    return runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok('factor', factorToWire(await voidInvoice(tx, actor, id))) }));
  };
  const deleteSchema = { tags: ['siba: factors'], summary: 'ابطال فاکتور: برگشت انبار و سند حسابداری با اسناد جدید (افزوده)' };
  app.delete('/factors/:id', { schema: deleteSchema }, async (req, reply) => {
    const res = await voidRoute(req);
    return reply.code(res.statusCode).send(res.body);
  });
  app.delete('/factors', { schema: deleteSchema }, async (req, reply) => {
    const res = await voidRoute(req);
    return reply.code(res.statusCode).send(res.body);
  });
}
