import type { FastifyInstance } from 'fastify';
import { fail } from '../../domain/errors.js';
import { getInvoice, INVOICE_TYPES, listInvoices, postInvoice, previewInvoice, voidInvoice, type Invoice, type InvoiceInput, type InvoiceType } from '../../domain/invoicing/index.js';
import { invoicePayments } from '../../domain/money/payments.js';
import { parseDate } from '../../domain/shared/dates.js';
import { Dec } from '../../domain/shared/money.js';

/** An exact figure as the reply's decimal string. */
const str = (v: string | number | Dec) => new Dec(v).toFixed();
import type { Actor } from '../../domain/context.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { actorOf } from '../common/context.js';
import { invoicePaper } from '../../domain/printing/model.js';
import { preferredPaper, sendPaper } from './print.js';
import { Amount, AmountIn, DateIn, DateOut, Id, IdParams, JalaliOut, ListFormat, NullableAmount, amountIn, dateOut, listOf, listQuery, page, problems, write } from './common.js';
import { columnTotals, INVOICE_COLUMNS } from '../../domain/reports/lists.js';
import { everything, sendSheet, sheetFormat } from '../common/sheet.js';


/** /daftar/v1 invoices (daftar-api.md): the domain's invoice in its own words, every figure an exact string. */
const tags = ['daftar: invoices'];
// The session scheme joins when H5's cookie login lands; until then /openapi.json knows only bearer.
const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
const TYPES = INVOICE_TYPES;

const LineIn = {
  type: 'object',
  additionalProperties: false,
  required: ['productId', 'quantity', 'unitPrice'],
  properties: {
    productId: Id,
    warehouseId: Id,
    quantity: AmountIn,
    unitPrice: AmountIn,
    discount: AmountIn,
    vatRate: { ...AmountIn, description: 'percent; absent = the product’s rate, else the VAT table in force on the date' },
    levyRate: { ...AmountIn, description: 'percent of the municipal levy (عوارض); absent = 0' },
    description: { type: 'string', maxLength: 1000 },
  },
} as const;

const example = { type: 'sale', date: '1405/09/13', partyId: 12, lines: [{ productId: 7, quantity: '2', unitPrice: '1250000', discount: '0', vatRate: '10' }], discount: '0', description: 'فروش نقدی' };

const InvoiceIn = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'partyId', 'lines'],
  properties: {
    type: { type: 'string', enum: TYPES },
    number: { type: 'integer', minimum: 1, maximum: 2147483647, description: 'absent: the next number of this type' },
    date: DateIn,
    partyId: Id,
    warehouseId: { ...Id, description: 'the goods lines’ warehouse when a line names none; absent = the default warehouse' },
    discount: { ...AmountIn, description: 'discount on the whole invoice' },
    description: { type: 'string', maxLength: 2000 },
    originalInvoiceId: { ...Id, description: 'a return: the sale or purchase it returns' },
    lines: { type: 'array', minItems: 1, maxItems: 1000, items: LineIn },
  },
  examples: [example],
} as const;

const LineOut = {
  type: 'object',
  properties: {
    lineNo: { type: 'integer' },
    productId: Id,
    productCode: { type: 'string' },
    productName: { type: 'string' },
    kind: { type: 'string', enum: ['goods', 'service'] },
    warehouseId: { type: ['integer', 'null'] },
    quantity: Amount,
    unitPrice: Amount,
    amount: { ...Amount, description: 'quantity × unitPrice, rounded to the currency' },
    discount: Amount,
    net: Amount,
    vatRate: Amount,
    vat: Amount,
    levyRate: Amount,
    levy: Amount,
    total: Amount,
    unitCost: NullableAmount,
    cost: NullableAmount,
    description: { type: 'string' },
  },
} as const;

const invoiceExample = {
  id: 41, type: 'sale', number: 18, date: '2026-12-04', dateJalali: '1405/09/13', partyId: 12, partyName: 'علی رضایی',
  description: 'فروش نقدی', subtotal: '2500000', lineDiscounts: '0', discount: '0', vat: '250000', levy: '0', serviceCharge: '0', rounding: '0',
  total: '2750000', cost: '1800000', paid: '0', remaining: '2750000', status: 'posted', voucherId: 77, originalInvoiceId: null,
  lines: [{ lineNo: 1, productId: 7, productCode: 'P-7', productName: 'چای', kind: 'goods', warehouseId: 1, quantity: '2', unitPrice: '1250000', amount: '2500000', discount: '0', net: '2500000', vatRate: '10', vat: '250000', levyRate: '0', levy: '0', total: '2750000', unitCost: '900000', cost: '1800000', description: '' }],
};

const InvoiceOut = {
  type: 'object',
  properties: {
    id: { type: ['integer', 'null'], description: 'null in a preview' },
    type: { type: 'string', enum: TYPES },
    number: { type: ['integer', 'null'], description: 'null in a preview' },
    date: DateOut,
    dateJalali: JalaliOut,
    partyId: Id,
    partyName: { type: 'string' },
    description: { type: 'string' },
    subtotal: Amount,
    lineDiscounts: Amount,
    discount: Amount,
    vat: Amount,
    levy: { ...Amount, description: 'municipal levy (عوارض): total = subtotal − lineDiscounts − discount + vat + levy + serviceCharge − rounding' },
    serviceCharge: Amount,
    rounding: Amount,
    total: { ...Amount, description: 'what the party owes (payable)' },
    cost: { ...Amount, description: 'value of the stock the invoice moved (cost of sales for a sale)' },
    paid: Amount,
    remaining: Amount,
    status: { type: 'string', enum: ['posted', 'void'] },
    voucherId: { type: ['integer', 'null'] },
    originalInvoiceId: { type: ['integer', 'null'] },
    lines: { type: 'array', items: LineOut },
  },
  examples: [invoiceExample],
} as const;

function wire(inv: Invoice, paid: string) {
  const remaining = inv.status === 'voided' ? new Dec(0) : new Dec(inv.payable).minus(paid);
  return {
    id: inv.id, type: inv.type, number: inv.number, ...dateOut(inv.date),
    partyId: inv.partyId, partyName: inv.partyName, description: inv.description,
    subtotal: str(inv.subtotal), lineDiscounts: str(inv.lineDiscounts), discount: str(inv.discount), vat: str(inv.vat), levy: str(inv.levy),
    serviceCharge: str(inv.serviceCharge), rounding: str(inv.rounding), total: str(inv.payable), cost: str(inv.cogs),
    paid: str(paid), remaining: str(remaining), status: inv.status === 'voided' ? 'void' : 'posted',
    voucherId: inv.voucherId, originalInvoiceId: inv.originalInvoiceId,
    lines: inv.lines.map((l) => ({
      lineNo: l.lineNo, productId: l.productId, productCode: l.productCode, productName: l.productName,
      kind: l.kind, warehouseId: l.warehouse?.id ?? null, quantity: str(l.quantity), unitPrice: str(l.unitPrice),
      amount: str(l.amount), discount: str(l.discount), net: str(l.net), vatRate: str(l.vatRate), vat: str(l.vat), levyRate: str(l.levyRate), levy: str(l.levy),
      total: str(l.total), unitCost: l.unitCost === null ? null : str(l.unitCost), cost: l.cost === null ? null : str(l.cost), description: l.description,
    })),
  };
}

/** The invoice with what has been paid against it (payments settle sales and purchases). */
async function withPaid(db: Kysely<DB>, actor: Actor, inv: Invoice) {
  const paid = inv.type === 'purchase' || inv.type === 'sale' ? (await invoicePayments(db, actor, inv.id)).paid : '0';
  return wire(inv, paid);
}

type Body = Record<string, unknown>;
type LineBody = Record<string, unknown>;

/** The body is the domain's input in its own words; amounts are read exactly. */
function readBody(b: Body): InvoiceInput {
  return {
    type: b.type as InvoiceType,
    number: b.number as number | undefined,
    date: b.date as string | undefined,
    partyId: b.partyId as number,
    warehouseId: b.warehouseId as number | undefined,
    discount: amountIn(b.discount, 'discount'),
    description: b.description as string | undefined,
    originalInvoiceId: b.originalInvoiceId as number | undefined,
    lines: (b.lines as LineBody[]).map((l, i) => ({
      productId: l.productId as number,
      warehouseId: l.warehouseId as number | undefined,
      quantity: amountIn(l.quantity, `lines[${i}].quantity`),
      unitPrice: amountIn(l.unitPrice, `lines[${i}].unitPrice`),
      discount: amountIn(l.discount, `lines[${i}].discount`),
      vatRate: amountIn(l.vatRate, `lines[${i}].vatRate`),
      levyRate: amountIn(l.levyRate, `lines[${i}].levyRate`),
      description: l.description as string | undefined,
    })),
  };
}

const ListQuery = listQuery({
  q: { type: 'string', maxLength: 200, description: 'an invoice number' },
  type: { type: 'string', enum: TYPES },
  partyId: Id,
  from: DateIn,
  to: DateIn,
  status: { type: 'string', enum: ['posted', 'void'] },
  format: ListFormat,
} as const);

const dateFilter = (v: unknown, field: string) => (typeof v === 'string' && v !== '' ? parseDate(v, field) : undefined);

function numberFilter(q: unknown): number | undefined {
  if (typeof q !== 'string' || q.trim() === '') return undefined;
  if (!/^\d{1,9}$/.test(q.trim())) throw fail.validation('q');
  return Number(q.trim());
}

export async function invoiceRoutes(app: FastifyInstance): Promise<void> {
  const db = () => app.deps.database.db;
  const one = { ...InvoiceOut };

  app.get('/invoices', { schema: { tags, security, summary: 'فهرست فاکتورها', querystring: ListQuery, response: { 200: listOf(InvoiceOut, invoiceExample), ...problems } } }, async (req, reply) => {
    const actor = actorOf(req);
    const q = req.query as Body;
    const filter = {
      type: q.type as InvoiceType | undefined,
      partyId: q.partyId as number | undefined,
      fromDate: dateFilter(q.from, 'from'),
      toDate: dateFilter(q.to, 'to'),
      status: q.status === undefined ? undefined : q.status === 'void' ? ('voided' as const) : ('posted' as const),
      number: numberFilter(q.q),
    };
    const sheet = sheetFormat(q as { format?: string });
    if (sheet) {
      const rows = await Promise.all((await everything((offset, limit) => listInvoices(db(), actor, { ...filter, offset, limit }))).map((inv) => withPaid(db(), actor, inv)));
      return sendSheet(reply, sheet, 'invoices', INVOICE_COLUMNS, rows, columnTotals(INVOICE_COLUMNS, rows.filter((r) => r.status === 'posted')));
    }
    const res = await page(q as { limit?: number; cursor?: string }, (offset, limit) => listInvoices(db(), actor, { ...filter, offset, limit }), (inv) => inv);
    return { items: await Promise.all(res.items.map((inv) => withPaid(db(), actor, inv))), nextCursor: res.nextCursor };
  });

  app.post('/invoices', { schema: { tags, security, summary: 'ثبت فاکتور', body: InvoiceIn, response: { 201: one, ...problems } } }, async (req, reply) => {
    const input = readBody(req.body as Body);
    return write(req, reply, 201, async (tx, actor) => wire(await postInvoice(tx, actor, input), '0'), { posting: true });
  });

  app.post('/invoices/preview', { schema: { tags, security, summary: 'پیش‌نمایش فاکتور: همه ارقام بدون ثبت', description: 'Computes every figure with posting’s own arithmetic and writes nothing; `id`, `number` and `voucherId` are null. A sale beyond the stock is refused as posting would.', body: InvoiceIn, response: { 200: one, ...problems } } }, async (req) => {
    const inv = wire(await previewInvoice(db(), actorOf(req), readBody(req.body as Body)), '0');
    return { ...inv, id: null, number: null, voucherId: null };
  });

  app.get('/invoices/:id', { schema: { tags, security, summary: 'یک فاکتور با همه ارقام', description: 'JSON; a client asking for text/html or application/pdf first (Accept) gets the printed A4 invoice, as from /invoices/{id}/print.', params: IdParams, response: { 200: one, ...problems } } }, async (req, reply) => {
    const actor = actorOf(req);
    const id = (req.params as { id: number }).id;
    const paper = preferredPaper(req);
    if (paper) return sendPaper(reply, await invoicePaper(db(), actor, id), 'a4', paper);
    const inv = await getInvoice(db(), actor, id);
    if (!inv) throw fail.notFound('invoice', 'id', id);
    return withPaid(db(), actor, inv);
  });

  app.post('/invoices/:id/void', { schema: { tags, security, summary: 'ابطال فاکتور با اسناد برگشتی', params: IdParams, response: { 200: one, ...problems } } }, async (req, reply) => {
    const id = (req.params as { id: number }).id;
    return write(req, reply, 200, async (tx, actor) => withPaid(tx, actor, await voidInvoice(tx, actor, id)), { posting: true });
  });
}
