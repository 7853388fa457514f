import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../../domain/context.js';
import { DomainError, fail } from '../../domain/errors.js';
import { findInvoiceByNumber, getInvoice, listInvoices, postInvoice, saveInvoiceByNumber, voidInvoice } from '../../domain/invoicing/index.js';
import type { Invoice, InvoiceFilter, InvoiceLineInput, InvoiceType } from '../../domain/invoicing/types.js';
import { productIdsByCode } from '../../domain/catalog/products.js';
import { getPartiesByIds, partyRefByCode } from '../../domain/parties/parties.js';
import { invoicePayments, listPayments, settleInvoice, voidPayment, getPayment, type Payment } from '../../domain/money/payments.js';
import { todayIso } from '../../domain/shared/dates.js';
import { toWire } from '../../domain/shared/money.js';
import { actorOf } from '../common/context.js';
import { isAbsent, readDecimal, readId, readInt, readText } from '../common/wire.js';
import { field, isObject } from './body.js';
import { ok } from './envelope.js';
import { readCode } from './item-wire.js';
import { readDateTime, readInvoiceType, readNumber, readWireInvoice, toWireInvoice } from './invoice-wire.js';
import { hesabfaSchema, wireDateTime } from './schema.js';
import { hesabfaWrite } from './write.js';

const TAG = 'Hesabfa invoices';
const dbOf = (req: FastifyRequest) => req.server.deps.database.db;

/** The domain's line paths as the wire's (`lines[2].vat` → `invoice.InvoiceItems[2].Tax`). */
const LINE_FIELDS: Record<string, string> = { quantity: 'Quantity', unitPrice: 'UnitPrice', discount: 'Discount', vat: 'Tax', vatRate: 'Tax', amount: 'UnitPrice', productId: 'ItemCode', warehouseId: 'ItemCode', description: 'Description' };
const HEAD_FIELDS: Record<string, string> = { invoiceDate: 'Date', date: 'Date', dueDate: 'DueDate', partyId: 'ContactCode', number: 'Number', freight: 'Freight', reference: 'Reference', discount: 'InvoiceItems', payable: 'InvoiceItems', type: 'InvoiceType', lines: 'InvoiceItems', originalInvoiceId: 'Number', invoiceId: 'Number' };

function renameInvoiceField(p: string, at: string): string {
  const line = /^lines\[(\d+)\](?:\.(\w+))?(.*)$/.exec(p);
  if (line) return `${at}.InvoiceItems[${line[1]}]${line[2] ? '.' + (LINE_FIELDS[line[2]] ?? line[2]) : ''}${line[3]}`;
  const head = /^[A-Za-z]+/.exec(p)?.[0] ?? '';
  return Object.hasOwn(HEAD_FIELDS, head) ? `${at}.${HEAD_FIELDS[head]}${p.slice(head.length)}` : p;
}

async function asInvoice<T>(at: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DomainError) throw err.renamed((p) => renameInvoiceField(p, at));
    throw err;
  }
}

/** The wire invoice with its contact's code (read when not given) and what was paid on it. */
async function wireOf(db: Kysely<DB>, actor: Actor, inv: Invoice, partyCode?: string) {
  const code = partyCode ?? (await getPartiesByIds(db, actor, [inv.partyId]))[0]?.code ?? '';
  const pay = await invoicePayments(db, actor, inv.id);
  return toWireInvoice(inv, code, pay.paid);
}

async function wireList(db: Kysely<DB>, actor: Actor, list: Invoice[]) {
  const parties = new Map((await getPartiesByIds(db, actor, [...new Set(list.map((i) => i.partyId))])).map((p) => [p.id, p.code]));
  const out = [];
  for (const inv of list) out.push(toWireInvoice(inv, parties.get(inv.partyId) ?? '', (await invoicePayments(db, actor, inv.id)).paid));
  return out;
}

async function requireInvoice(db: Kysely<DB>, actor: Actor, type: InvoiceType, number: number, name: string): Promise<Invoice> {
  const inv = await findInvoiceByNumber(db, actor, type, number);
  if (!inv) throw fail.notFound('invoice', name, number);
  return inv;
}

/** invoice/save: resolve the contact and the items by code (ids only, one read each), then post (or void and re-post under the number). */
async function saveWireInvoice(tx: Tx, actor: Actor, raw: unknown): Promise<{ invoice: Invoice; partyCode: string }> {
  const w = readWireInvoice(raw, 'invoice');
  const party = await partyRefByCode(tx, actor, w.contactCode);
  if (!party) throw fail.notFound('party', 'invoice.ContactCode', w.contactCode);
  const ids = await productIdsByCode(tx, actor, w.lines.map((l) => l.itemCode));
  const lines: InvoiceLineInput[] = w.lines.map((l, i) => {
    const id = ids.get(l.itemCode);
    if (id === undefined) throw fail.notFound('product', `invoice.InvoiceItems[${i}].ItemCode`, l.itemCode);
    return { ...l.line, productId: id };
  });
  const input = { ...w.input, partyId: party.id, lines };
  const invoice = await asInvoice('invoice', async () =>
    w.number === undefined ? postInvoice(tx, actor, input) : (await saveInvoiceByNumber(tx, actor, { ...input, type: w.type, number: w.number })).invoice,
  );
  return { invoice, partyCode: party.code };
}

/** getinvoices' Filters (any casing) → the invoice filter; null when nothing can match. */
function invoiceFilter(filters: unknown[], at: string, type: InvoiceType): InvoiceFilter {
  const f: InvoiceFilter = { type };
  filters.forEach((x, i) => {
    const path = `${at}.Filters[${i}]`;
    if (!isObject(x)) throw fail.with('PRODUCT_QUERY_FILTER_SHAPE', { field: path, shape: '{Property, Operator, Value}' });
    const property = String(field(x, 'Property') ?? '').trim().toLowerCase();
    const op = String(field(x, 'Operator') ?? '=').trim().toLowerCase();
    const value = field(x, 'Value');
    const values = Array.isArray(value) ? value : typeof value === 'string' && op === 'in' ? value.split(',') : [value];
    const bad = () => fail.with('FIELD_OUT_OF_RANGE', { field: `${path}.Operator` });
    switch (property) {
      case 'id':
        if (op !== '=' && op !== 'in') throw bad();
        f.ids = values.map((v, k) => readId(v, `${path}.Value[${k}]`)).filter((v): v is number => v !== undefined);
        break;
      case 'number':
        if (op !== '=') throw bad();
        f.number = readNumber(value, `${path}.Value`) ?? -1;
        break;
      case 'reference':
        if (op !== '=') throw bad();
        f.reference = (readText(value, `${path}.Value`, 1000) ?? '').trim();
        break;
      case 'status': {
        if (op !== '=') throw bad();
        const s = readInt(value, `${path}.Value`);
        f.status = s === 0 ? 'voided' : 'posted';
        break;
      }
      case 'date': {
        const d = readDateTime(value, `${path}.Value`)?.date;
        if (op === '>=' || op === '>') f.fromDate = d;
        else if (op === '<=' || op === '<') f.toDate = d;
        else if (op === '=') f.fromDate = f.toDate = d;
        else throw bad();
        break;
      }
      default:
        throw fail.with('PRODUCT_QUERY_UNKNOWN_PROPERTY', { field: `${path}.Property`, name: String(field(x, 'Property') ?? '') });
    }
  });
  return f;
}

const receiptWire = (p: Payment, invoiceNumber: number | null) => ({
  Id: p.paymentId,
  Number: p.paymentId,
  Type: p.kind === 'receipt' ? 1 : 2,
  Date: wireDateTime(p.date),
  Amount: toWire(p.amount),
  ContactTitle: p.partyName,
  Description: p.description,
  BankCode: p.bankAccountId === null ? null : String(p.bankAccountId),
  CashCode: p.cashRegisterId === null ? null : String(p.cashRegisterId),
  Voided: p.voidVoucherId !== null,
  Invoice: invoiceNumber === null ? null : { Number: invoiceNumber },
});

// invoice/* and receipt/* (docs/hesabfa.md "Invoices"): through the same domain functions as Siba's factors and payments.
export async function invoiceRoutes(app: FastifyInstance): Promise<void> {
  app.post(
    '/save',
    { schema: hesabfaSchema(TAG, 'Save an invoice', 'Params: `invoice` {Number (null: new; a number: the posted invoice of that type and number is voided and this one posted under its number, or posted with it when there is none), InvoiceType (0 sale, 1 purchase, 2 sale return, 3 purchase return), ContactCode*, Date/DueDate (Y-m-d H:i:s), Reference, Status (1; 0 drafts are refused), Tag, Note, Freight (added to the payable), InvoiceItems* [{ItemCode, Description, Quantity, UnitPrice, Discount (the row\'s), Tax (the row\'s amount)}]}. Result: the invoice.') },
    async (req) => {
      const raw = field(req.body, 'invoice');
      if (isAbsent(raw)) throw fail.missing('invoice');
      readWireInvoice(raw, 'invoice'); // refuse a malformed body before the transaction
      return hesabfaWrite(req, 'invoice/save', async (tx, actor) => {
        const saved = await saveWireInvoice(tx, actor, raw);
        return wireOf(tx, actor, saved.invoice, saved.partyCode);
      }, { posting: true });
    },
  );

  app.post('/get', { schema: hesabfaSchema(TAG, 'Invoice by number', 'Params: `number`, `type` (0 sale by default). Result: the invoice with Paid and Rest, or 112.') }, async (req) => {
    const number = readNumber(field(req.body, 'number'), 'number');
    if (number === undefined) throw fail.missing('number');
    const type = readInvoiceType(field(req.body, 'type'), 'type');
    const actor = actorOf(req);
    return ok(await wireOf(dbOf(req), actor, await requireInvoice(dbOf(req), actor, type, number, 'number')));
  });

  app.post('/getById', { schema: hesabfaSchema(TAG, 'Invoices by id', 'Params: `id` (Result: the invoice, or 112) or `idList` (Result: the found invoices in request order).') }, async (req) => {
    const actor = actorOf(req);
    const db = dbOf(req);
    const list = field(req.body, 'idList');
    if (!isAbsent(list)) {
      const ids = (Array.isArray(list) ? list : [list]).map((v, i) => readId(v, `idList[${i}]`)).filter((v): v is number => v !== undefined);
      const found: Invoice[] = [];
      for (const id of [...new Set(ids)]) {
        const inv = await getInvoice(db, actor, id);
        if (inv) found.push(inv);
      }
      return ok(await wireList(db, actor, found));
    }
    const id = readId(field(req.body, 'id'), 'id');
    if (id === undefined) throw fail.missing('id');
    const inv = await getInvoice(db, actor, id);
    if (!inv) throw fail.notFound('invoice', 'id', id);
    return ok(await wireOf(db, actor, inv));
  });

  app.post(
    '/getinvoices',
    { schema: hesabfaSchema(TAG, 'Query invoices', 'Params: `type` (0 sale by default), `queryInfo` {Take (≤ 1000), Skip, Filters:[{Property (Id =/in, Number =, Reference =, Status = (1 standing, 0 voided), Date = >= <=), Operator, Value}]}; newest first. Result: {TotalCount, FilteredCount, From, To, List}.') },
    async (req) => {
      const actor = actorOf(req);
      const db = dbOf(req);
      const type = readInvoiceType(field(req.body, 'type'), 'type');
      const qiRaw = field(req.body, 'queryInfo');
      const qi = isObject(qiRaw) ? qiRaw : req.body;
      const at = isObject(qiRaw) ? 'queryInfo' : 'body';
      let take = readInt(field(qi, 'Take'), `${at}.Take`) ?? 0;
      if (take <= 0 || take > 1000) take = 1000;
      const skip = Math.max(0, readInt(field(qi, 'Skip'), `${at}.Skip`) ?? 0);
      const rawFilters = field(qi, 'Filters');
      const filter = invoiceFilter(isAbsent(rawFilters) ? [] : Array.isArray(rawFilters) ? rawFilters : [rawFilters], at, type);
      const all = await listInvoices(db, actor, { type, limit: 1 });
      const r = await listInvoices(db, actor, { ...filter, offset: skip, limit: take });
      return ok({ TotalCount: all.total, FilteredCount: r.total, From: r.items.length ? skip + 1 : 0, To: r.items.length ? skip + r.items.length : 0, List: await wireList(db, actor, r.items) });
    },
  );

  app.post('/delete', { schema: hesabfaSchema(TAG, 'Delete (void) an invoice', 'Params: `code` (or `number`): the invoice number, `type` (0 sale by default). The invoice is voided (its stock and voucher reversed; it keeps its number). Result: true.') }, async (req) => {
    const number = readNumber(field(req.body, 'code') ?? field(req.body, 'number'), 'code');
    if (number === undefined) throw fail.missing('code');
    const type = readInvoiceType(field(req.body, 'type'), 'type');
    return hesabfaWrite(req, 'invoice/delete', async (tx, actor) => {
      const inv = await requireInvoice(tx, actor, type, number, 'code');
      if (inv.status === 'voided') throw fail.notFound('invoice', 'code', number);
      await voidInvoice(tx, actor, inv.id);
      return true;
    }, { posting: true });
  });

  app.post(
    '/savepayment',
    { schema: hesabfaSchema(TAG, 'A receipt against an invoice', 'Params: `number` (the invoice), `type` (0 sale by default: a receipt; a purchase: a payment), `date` (Y-m-d H:i:s; today when absent), `amount`, `bankCode` (a bank account\'s Code from getBanks) or `cashCode` (GetCashes; neither: the first cash register), `transactionNumber` ("-" = none), `transactionFee` (0 only), `description`. Result: the receipt {Number, Amount, Date, …}; the next invoice/get shows it in Paid.') },
    async (req) => {
      const b = req.body;
      const number = readNumber(field(b, 'number'), 'number');
      if (number === undefined) throw fail.missing('number');
      const type = readInvoiceType(field(b, 'type'), 'type');
      const amount = readDecimal(field(b, 'amount'), 'amount');
      if (amount === undefined) throw fail.missing('amount');
      const fee = readDecimal(field(b, 'transactionFee'), 'transactionFee');
      if (fee !== undefined && !fee.isZero()) throw fail.with('PAYMENT_FEE_UNSUPPORTED', { field: 'transactionFee' });
      if (!isAbsent(field(b, 'accountPath'))) throw fail.with('PAYMENT_ACCOUNT_PATH_UNSUPPORTED', { field: 'accountPath' });
      const bankCode = readCode(field(b, 'bankCode'), 'bankCode');
      const cashCode = readCode(field(b, 'cashCode'), 'cashCode');
      const bankAccountId = bankCode === undefined ? undefined : readId(bankCode, 'bankCode');
      const cashRegisterId = cashCode === undefined ? undefined : readId(cashCode, 'cashCode');
      const date = readDateTime(field(b, 'date'), 'date')?.date ?? todayIso();
      const txn = readText(field(b, 'transactionNumber'), 'transactionNumber', 200)?.trim();
      const text = (readText(field(b, 'description'), 'description', 800) ?? '').trim();
      const description = [text, txn && txn !== '-' ? `شماره تراکنش ${txn}` : ''].filter(Boolean).join(' — ');
      return hesabfaWrite(req, 'invoice/savepayment', async (tx, actor) => {
        const inv = await requireInvoice(tx, actor, type, number, 'number');
        const r = await settleInvoice(tx, actor, inv, { amount, date, bankAccountId: bankAccountId || undefined, cashRegisterId: cashRegisterId || undefined, description: description || undefined }).catch((err) => {
          if (err instanceof DomainError) throw err.renamed((p) => ({ bankAccountId: 'bankCode', cashRegisterId: 'cashCode', invoiceId: 'number' })[p] ?? p);
          throw err;
        });
        return receiptWire((await getPayment(tx, actor, r.paymentId))!, inv.number);
      }, { posting: true });
    },
  );

  app.post(
    '/SaveWarehouseReceipt',
    { schema: hesabfaSchema(TAG, 'The warehouse receipt of an invoice', 'Params: `receipt` {InvoiceNumber, InvoiceType, WarehouseCode, Date, Items}. Daftar moves an invoice\'s goods when it posts it: the receipt is the invoice\'s own stock movement, returned as {Id, Number, InvoiceNumber, WarehouseCode, Items}; nothing moves twice.') },
    async (req) => {
      const r = field(req.body, 'receipt');
      if (!isObject(r)) throw fail.missing('receipt');
      const number = readNumber(field(r, 'InvoiceNumber'), 'receipt.InvoiceNumber');
      if (number === undefined) throw fail.missing('receipt.InvoiceNumber');
      const type = readInvoiceType(field(r, 'InvoiceType'), 'receipt.InvoiceType');
      const actor = actorOf(req);
      const inv = await requireInvoice(dbOf(req), actor, type, number, 'receipt.InvoiceNumber');
      return ok(warehouseReceipt(inv));
    },
  );

  app.post('/getWarehouseReceipt', { schema: hesabfaSchema(TAG, 'Warehouse receipts by id', 'Params: `idList` (the receipts\' Ids, which are their invoices\' ids). Result: [{Id, Number, InvoiceNumber, WarehouseCode, Items:[{ItemCode, Quantity}]}].') }, async (req) => {
    const raw = field(req.body, 'idList') ?? field(req.body, 'id');
    if (isAbsent(raw)) throw fail.missing('idList');
    const actor = actorOf(req);
    const out = [];
    for (const [i, v] of (Array.isArray(raw) ? raw : [raw]).entries()) {
      const id = readId(v, `idList[${i}]`);
      const inv = id === undefined ? null : await getInvoice(dbOf(req), actor, id);
      if (inv) out.push(warehouseReceipt(inv));
    }
    return ok(out);
  });
}

function warehouseReceipt(inv: Invoice) {
  const goods = inv.lines.filter((l) => l.kind === 'goods');
  return {
    Id: inv.id,
    Number: inv.number,
    InvoiceNumber: inv.number,
    InvoiceType: ({ sale: 0, purchase: 1, saleReturn: 2, purchaseReturn: 3 } as Record<string, number>)[inv.type] ?? -1,
    Date: wireDateTime(inv.date),
    WarehouseCode: goods[0]?.warehouse?.code ?? null,
    Receiving: inv.type === 'purchase' || inv.type === 'saleReturn',
    Items: goods.map((l) => ({ ItemCode: l.productCode.padStart(6, '0'), Quantity: toWire(l.quantity), WarehouseCode: l.warehouse?.code ?? null })),
  };
}

// receipt/* : the receipts (and payments) that settle invoices.
export async function receiptRoutes(app: FastifyInstance): Promise<void> {
  app.post(
    '/getReceipts',
    { schema: hesabfaSchema(TAG, 'Receipts', 'Params: `type` (1 receipts, 2 payments), `queryInfo` {Take, Skip, Filters:[{Property: "Invoice.Number", Operator: "=", Value}]} (the invoice of the receipt type: a sale for receipts, a purchase for payments). Result: {TotalCount, FilteredCount, List:[{Number, Date, Amount, Invoice:{Number}, …}]}.') },
    async (req) => {
      const actor = actorOf(req);
      const db = dbOf(req);
      const t = readInt(field(req.body, 'type'), 'type') ?? 1;
      if (t !== 1 && t !== 2) throw fail.with('FIELD_OUT_OF_RANGE', { field: 'type' });
      const kind = t === 1 ? 'receipt' : 'payment';
      const qiRaw = field(req.body, 'queryInfo');
      const qi = isObject(qiRaw) ? qiRaw : req.body;
      let take = readInt(field(qi, 'Take'), 'queryInfo.Take') ?? 0;
      if (take <= 0 || take > 1000) take = 1000;
      const skip = Math.max(0, readInt(field(qi, 'Skip'), 'queryInfo.Skip') ?? 0);
      const rawFilters = field(qi, 'Filters');
      const filters = isAbsent(rawFilters) ? [] : Array.isArray(rawFilters) ? rawFilters : [rawFilters];
      let invoice: Invoice | null | undefined;
      filters.forEach((x, i) => {
        const path = `queryInfo.Filters[${i}]`;
        if (!isObject(x)) throw fail.with('PRODUCT_QUERY_FILTER_SHAPE', { field: path, shape: '{Property, Operator, Value}' });
        const property = String(field(x, 'Property') ?? '').trim().toLowerCase();
        if (property !== 'invoice.number') throw fail.with('PRODUCT_QUERY_UNKNOWN_PROPERTY', { field: `${path}.Property`, name: String(field(x, 'Property') ?? '') });
      });
      if (filters.length) {
        const number = readNumber(field(filters[0], 'Value'), 'queryInfo.Filters[0].Value');
        invoice = number === undefined ? null : await findInvoiceByNumber(db, actor, kind === 'receipt' ? 'sale' : 'purchase', number);
        if (!invoice) return ok({ TotalCount: 0, FilteredCount: 0, From: 0, To: 0, List: [] });
      }
      const r = await listPayments(db, actor, { invoiceId: invoice?.id, limit: 1000 });
      const standing = r.items.filter((p) => p.kind === kind && p.voidVoucherId === null);
      const page = standing.slice(skip, skip + take);
      const numbers = new Map<number, number>();
      for (const p of page) {
        if (p.invoiceId !== null && !numbers.has(p.invoiceId)) numbers.set(p.invoiceId, (await getInvoice(db, actor, p.invoiceId))?.number ?? 0);
      }
      return ok({
        TotalCount: standing.length,
        FilteredCount: standing.length,
        From: page.length ? skip + 1 : 0,
        To: page.length ? skip + page.length : 0,
        List: page.map((p) => receiptWire(p, p.invoiceId === null ? null : numbers.get(p.invoiceId)!)),
      });
    },
  );

  app.post('/delete', { schema: hesabfaSchema(TAG, 'Delete (void) a receipt', 'Params: `number` (the receipt\'s Number), `type` (1 receipt, 2 payment). The receipt is voided with a reversing voucher. Result: true.') }, async (req) => {
    const id = readId(field(req.body, 'number'), 'number');
    if (!id) throw fail.missing('number');
    return hesabfaWrite(req, 'receipt/delete', async (tx, actor) => {
      await voidPayment(tx, actor, id);
      return true;
    }, { posting: true });
  });
}

