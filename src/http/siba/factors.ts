import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { fail } from '../../domain/errors.js';
import { getInvoice, listInvoices, postInvoice, voidInvoice } from '../../domain/invoicing/index.js';
import { invoicePayments } from '../../domain/money/payments.js';
import { parseDate } from '../../domain/shared/dates.js';
import { Dec, toWire } from '../../domain/shared/money.js';
import { actorOf } from '../common/context.js';
import { NumLike, Text, readId, readInt, readText } from '../common/wire.js';
import { runWrite } from '../common/write.js';
import { ok } from './envelope.js';
import { FactorSchema, factorToWire, readFactor, resolveFactor, typeOfSibaNumber } from './factor-wire.js';

type Body = Record<string, unknown>;

/**
 * Siba factors (siba.md, seed "فاکتور (Factors)"): POST with the document's exact body, and the
 * additions list / get / void. Wire names map to the domain's `invoice` in factor-wire.ts.
 */
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
    const factor = readFactor(req.body as Body);
    const res = await runWrite(req, async (tx, actor) => {
      const invoice = await postInvoice(tx, actor, await resolveFactor(tx, actor, factor));
      return { statusCode: 200, body: ok('factor', factorToWire(invoice)) };
    }, { posting: true });
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
      const typeNo = readInt(q.invoiceType, 'invoiceType') || undefined;
      const type = typeOfSibaNumber(typeNo);
      // A number that is no type matches no factor (as it always has).
      if (typeNo !== undefined && !type) {
        reply.header('x-total-count', '0');
        return ok('factor', []);
      }
      const r = await listInvoices(db(), actor, {
        type,
        partyId: readId(q.personId, 'personId') || undefined,
        fromDate: dateFilter(q.fromDate, 'fromDate'),
        toDate: dateFilter(q.toDate, 'toDate'),
        status: (status || undefined) as 'posted' | 'voided' | undefined,
        number: readInt(q.invoiceNo, 'invoiceNo') || undefined,
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
    if (!inv) throw fail.notFound('invoice', 'invoiceId', id);
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
    return runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok('factor', factorToWire(await voidInvoice(tx, actor, id))) }), { posting: true });
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
