import { systemActor } from '../../../src/domain/context.js';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../helpers/app.js';
import { DomainError } from '../../../src/domain/errors.js';
import { getInvoice, listInvoices } from '../../../src/domain/invoicing/index.js';
import type { Actor } from '../../../src/domain/context.js';
import {
  D,
  actorFor,
  addParty,
  addProduct,
  balanceIn,
  goods,
  ledger,
  post,
  roleBalance,
  snapshot,
  stockOf,
  voidIt,
  voucherByRole,
} from './fixtures.js';

const isError = (code: string, field?: string) => (e: unknown) =>
  e instanceof DomainError && e.code === code && (field === undefined || e.field === field);

describe('invoicing: posting, cost of sales and voids (domain, real database)', () => {
  let t: TestApp;
  let admin: Actor;
  let biz: number;
  let supplier: { id: number; detailId: number };
  let customer: { id: number; detailId: number };
  let wh: number; // default warehouse id

  before(async () => {
    t = await testApp();
    biz = t.business.businessId;
    admin = actorFor(biz, t.business.adminUserId);
    supplier = await addParty(t.database, admin, 'تامین‌کننده');
    customer = await addParty(t.database, admin, 'مشتری');
    const w = await t.database.db.selectFrom('warehouses').select('id').where('business_id', '=', biz).where('code', '=', 1).executeTakeFirstOrThrow();
    wh = Number(w.id);
  });
  after(() => t.close());

  it('exact figures: purchases at 1000 and 2000, sale at the average, return at the sale cost, void at the original cost', async () => {
    const p = await addProduct(t.database, biz, { name: 'پیچ' });
    const a = await post(t.database, admin, { type: 'purchase', date: '2025-05-01', partyId: supplier.id, lines: [goods(p, 10, 1000)] });
    const b = await post(t.database, admin, { type: 'purchase', date: '2025-05-02', partyId: supplier.id, lines: [goods(p, 10, 2000)] });
    assert.deepEqual(await stockOf(t.database, biz, p), { qty: '20', value: '30000' });
    assert.equal(b.lines[0].unitCost, '2000');
    assert.equal(b.cogs, '20000');

    const x = await post(t.database, admin, { type: 'sale', date: '2025-05-03', partyId: customer.id, lines: [goods(p, 5, 3000)] });
    assert.equal(x.cogs, '7500', 'COGS at the average 1500');
    assert.equal(x.lines[0].unitCost, '1500');
    assert.deepEqual(await voucherByRole(t.database, biz, x.voucherId!), { receivable: '15000', sales: '-15000', cogs: '7500', inventory: '-7500' });

    const r = await post(t.database, admin, {
      type: 'saleReturn',
      date: '2025-05-04',
      partyId: customer.id,
      originalInvoiceId: x.id,
      lines: [goods(p, 1, 3000)],
    });
    assert.equal(r.originalInvoiceId, x.id);
    assert.equal(r.lines[0].unitCost, '1500', 'back at the sale’s own cost');
    assert.deepEqual(await voucherByRole(t.database, biz, r.voucherId!), { sales_returns: '3000', receivable: '-3000', inventory: '1500', cogs: '-1500' });
    assert.deepEqual(await stockOf(t.database, biz, p), { qty: '16', value: '24000' });

    const v = await voidIt(t.database, admin, b.id);
    assert.equal(v.status, 'voided');
    assert.ok(v.voidVoucherId);
    // Issue 18 point 1: the books of the live documents. Without purchase b the sale of 5 cost
    // 1000 a unit (5000, not 7500) and the return came back at 1000: 6 units worth 6000.
    assert.deepEqual(await stockOf(t.database, biz, p), { qty: '6', value: '6000' }, 'reversed at 2000 a unit, the sale and return re-costed');
    assert.equal(await balanceIn(t.database, biz, p, wh), '6');
    const l = await ledger(t.database, biz);
    assert.equal(l.trial, '0');
    assert.equal(l.inventory, '6000');
    assert.equal(l.valuation, '6000');

    // The original purchase and its reversal are both readable.
    const again = await getInvoice(t.database.db, systemActor(biz), b.id);
    assert.equal(again!.status, 'voided');
    assert.equal(again!.payable, '20000');
    assert.deepEqual(await voucherByRole(t.database, biz, again!.voucherId!), { inventory: '20000', payable: '-20000' });
    assert.deepEqual(await voucherByRole(t.database, biz, again!.voidVoucherId!), { inventory: '-20000', payable: '20000' });
    const moves = await t.database.db
      .selectFrom('stock_movements')
      .select(['id', 'doc_type', 'quantity', 'unit_cost', 'value', 'reverses_id'])
      .where('business_id', '=', biz)
      .where('doc_id', '=', b.id)
      .where('doc_type', 'in', ['invoice', 'invoice_void'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      moves.map((m) => [m.doc_type, D(m.quantity).toFixed(), D(m.unit_cost).toFixed(), D(m.value).toFixed(), m.reverses_id === null ? null : 'orig']),
      [
        ['invoice', '10', '2000', '20000', null],
        ['invoice_void', '-10', '2000', '-20000', 'orig'],
      ],
    );
    assert.equal(Number(moves[1].reverses_id), Number(moves[0].id));
    assert.equal(await roleBalance(t.database, biz, 'payable', supplier.detailId), '-10000');
    assert.equal(await roleBalance(t.database, biz, 'receivable', customer.detailId), '12000');
    assert.equal(a.status, 'posted');
  });

  it('a void cannot be voided twice; clerks cannot void; unknown ids are NOT_FOUND', async () => {
    const p = await addProduct(t.database, biz);
    const inv = await post(t.database, admin, { type: 'purchase', partyId: supplier.id, lines: [goods(p, 2, 500)] });
    const clerk = actorFor(biz, t.business.adminUserId, 'clerk');
    let before = await snapshot(t.database);
    await assert.rejects(voidIt(t.database, clerk, inv.id), isError('FORBIDDEN'));
    assert.deepEqual(await snapshot(t.database), before);
    await voidIt(t.database, admin, inv.id);
    before = await snapshot(t.database);
    await assert.rejects(voidIt(t.database, admin, inv.id), isError('CONFLICT'));
    await assert.rejects(voidIt(t.database, admin, 99_999_999), isError('NOT_FOUND', 'invoiceId'));
    assert.deepEqual(await snapshot(t.database), before);
  });

  it('voiding a purchase whose goods were sold is refused (INSUFFICIENT_STOCK), nothing written', async () => {
    const p = await addProduct(t.database, biz);
    const buy = await post(t.database, admin, { type: 'purchase', partyId: supplier.id, lines: [goods(p, 5, 100)] });
    await post(t.database, admin, { type: 'sale', partyId: customer.id, lines: [goods(p, 3, 200)] });
    const before = await snapshot(t.database);
    await assert.rejects(voidIt(t.database, admin, buy.id), isError('INSUFFICIENT_STOCK', 'lines[0]'));
    assert.deepEqual(await snapshot(t.database), before);
    assert.equal((await getInvoice(t.database.db, systemActor(biz), buy.id))!.status, 'posted');
  });

  it('a sale void brings the goods back at the sale’s cost; a sale with live returns cannot be voided', async () => {
    const p = await addProduct(t.database, biz);
    await post(t.database, admin, { type: 'purchase', partyId: supplier.id, lines: [goods(p, 4, 100)] });
    const sale = await post(t.database, admin, { type: 'sale', partyId: customer.id, lines: [goods(p, 2, 300)] });
    await post(t.database, admin, { type: 'purchase', partyId: supplier.id, lines: [goods(p, 2, 400)] }); // average now 200
    const ret = await post(t.database, admin, { type: 'saleReturn', partyId: customer.id, originalInvoiceId: sale.id, lines: [goods(p, 1, 300)] });
    assert.equal(ret.lines[0].unitCost, '100');
    await assert.rejects(voidIt(t.database, admin, sale.id), isError('CONFLICT'));
    await voidIt(t.database, admin, ret.id);
    await voidIt(t.database, admin, sale.id);
    // 4@100 + 2@400 = 1200 over 6 units; the sale and its return were undone at cost 100.
    assert.deepEqual(await stockOf(t.database, biz, p), { qty: '6', value: '1200' });
    const l = await ledger(t.database, biz);
    assert.equal(l.trial, '0');
    assert.equal(l.inventory, l.valuation);
  });

  it('a return names a real sale of the same party and never returns more than was sold', async () => {
    const p = await addProduct(t.database, biz);
    const q = await addProduct(t.database, biz);
    await post(t.database, admin, { type: 'purchase', partyId: supplier.id, lines: [goods(p, 10, 100), goods(q, 10, 100)] });
    const sale = await post(t.database, admin, { type: 'sale', partyId: customer.id, lines: [goods(p, 3, 150)] });
    const before = await snapshot(t.database);
    await assert.rejects(
      post(t.database, admin, { type: 'saleReturn', partyId: customer.id, originalInvoiceId: sale.id, lines: [goods(p, 4, 150)] }),
      isError('VALIDATION', 'lines[0].quantity'),
    );
    await assert.rejects(
      post(t.database, admin, { type: 'saleReturn', partyId: customer.id, originalInvoiceId: sale.id, lines: [goods(q, 1, 150)] }),
      isError('VALIDATION', 'lines[0].productId'),
    );
    await assert.rejects(
      post(t.database, admin, { type: 'saleReturn', partyId: supplier.id, originalInvoiceId: sale.id, lines: [goods(p, 1, 150)] }),
      isError('VALIDATION', 'originalInvoiceId'),
    );
    await assert.rejects(
      post(t.database, admin, { type: 'saleReturn', partyId: customer.id, originalInvoiceId: 99_999_999, lines: [goods(p, 1, 150)] }),
      isError('NOT_FOUND', 'originalInvoiceId'),
    );
    assert.deepEqual(await snapshot(t.database), before);
    await post(t.database, admin, { type: 'saleReturn', partyId: customer.id, originalInvoiceId: sale.id, lines: [goods(p, 2, 150)] });
    await assert.rejects(
      post(t.database, admin, { type: 'saleReturn', partyId: customer.id, originalInvoiceId: sale.id, lines: [goods(p, 2, 150)] }),
      isError('VALIDATION', 'lines[0].quantity'),
    );
  });

  it('a sale beyond the stock is refused whole (INSUFFICIENT_STOCK on its own line), nothing written', async () => {
    const p = await addProduct(t.database, biz);
    const q = await addProduct(t.database, biz);
    await post(t.database, admin, { type: 'purchase', partyId: supplier.id, lines: [goods(p, 5, 100), goods(q, 1, 100)] });
    const svc = await addProduct(t.database, biz, { kind: 'service' });
    const before = await snapshot(t.database);
    await assert.rejects(
      post(t.database, admin, {
        type: 'sale',
        partyId: customer.id,
        lines: [{ productId: svc, kind: 'service' as const, quantity: D(1), unitPrice: D(10) }, goods(p, 5, 100), goods(q, 2, 100)],
      }),
      (e: unknown) => isError('INSUFFICIENT_STOCK', 'lines[2]')(e) && /موجودی/.test((e as DomainError).messageFa),
    );
    assert.deepEqual(await snapshot(t.database), before);
    assert.deepEqual(await stockOf(t.database, biz, p), { qty: '5', value: '500' });
  });

  it('purchase with VAT, fee, line and header discounts, service charge and rounding: one balanced voucher', async () => {
    const p = await addProduct(t.database, biz);
    const s = await addProduct(t.database, biz, { kind: 'service' });
    const inv = await post(t.database, admin, {
      type: 'purchase',
      date: '2025-06-01',
      partyId: supplier.id,
      discount: D(500),
      rounding: D(7),
      serviceChargeRate: D(2),
      lines: [
        goods(p, 4, 2500, { discount: D(1000), vatRate: D(9), levyRate: D(1) }), // net 9000, tax 810, fee 90
        { productId: s, kind: 'service' as const, quantity: D(1), unitPrice: D(3000), vatRate: D(10) }, // net 3000, tax 300
      ],
    });
    // Σ totals 9900 + 3300 = 13200; service 2% of 12000 = 240; payable 13200 + 240 − 500 − 7 = 12933
    assert.deepEqual(
      [inv.net, inv.vat, inv.levy, inv.serviceCharge, inv.payable, inv.lines[0].unitCost, inv.cogs],
      ['12000', '1110', '90', '240', '12933', '2250', '9000'],
    );
    assert.deepEqual(await voucherByRole(t.database, biz, inv.voucherId!), {
      inventory: '9000',
      purchases_expense: '3240',
      vat_receivable: '1200',
      discounts_received: '-500',
      rounding: '-7',
      payable: '-12933',
    });
    assert.equal(inv.lines[1].warehouse, null);
    assert.equal(inv.lines[1].unitCost, null);
    const sale = await post(t.database, admin, {
      type: 'sale',
      partyId: customer.id,
      discount: D(100),
      serviceChargeRate: D(10),
      lines: [goods(p, 1, 5000, { vatRate: D(10) }), { productId: s, kind: 'service' as const, quantity: D(2), unitPrice: D(1000), vatRate: D(0), levyRate: D(3) }],
    });
    // goods net 5000 tax 500; service net 2000 fee 60; service charge 700; payable 5500+2060+700−100 = 8160
    assert.equal(sale.payable, '8160');
    assert.deepEqual(await voucherByRole(t.database, biz, sale.voucherId!), {
      receivable: '8160',
      discounts_given: '100',
      sales: '-5000',
      service_revenue: '-2000',
      service_charge: '-700',
      vat_payable: '-560',
      cogs: '2250',
      inventory: '-2250',
    });
    const l = await ledger(t.database, biz);
    assert.equal(l.trial, '0');
    assert.equal(l.inventory, l.valuation);
  });

  it('purchase return leaves at the average; the price difference goes to cost of sales', async () => {
    const p = await addProduct(t.database, biz);
    await post(t.database, admin, { type: 'purchase', partyId: supplier.id, lines: [goods(p, 2, 1000), goods(p, 2, 2000)] }); // avg 1500
    const ret = await post(t.database, admin, { type: 'purchaseReturn', partyId: supplier.id, lines: [goods(p, 1, 2000)] });
    assert.equal(ret.cogs, '1500');
    assert.deepEqual(await voucherByRole(t.database, biz, ret.voucherId!), { payable: '2000', inventory: '-1500', cogs: '-500' });
    assert.deepEqual(await stockOf(t.database, biz, p), { qty: '3', value: '4500' });
  });

  it('a proforma is numbered and stored but moves no stock and posts no voucher', async () => {
    const p = await addProduct(t.database, biz);
    const before = await snapshot(t.database);
    const pf = await post(t.database, admin, { type: 'proforma', partyId: customer.id, lines: [goods(p, 1000, 10)] });
    const after = await snapshot(t.database);
    assert.equal(pf.voucherId, null);
    assert.equal(pf.payable, '10000');
    assert.equal(pf.lines[0].unitCost, null);
    assert.equal(after.stock_movements, before.stock_movements);
    assert.equal(after.vouchers, before.vouchers);
    assert.equal(after.invoices, before.invoices + 1);
    assert.equal(after.audit_entries, before.audit_entries + 1);
    const v = await voidIt(t.database, admin, pf.id);
    assert.equal(v.status, 'voided');
    assert.equal(v.voidVoucherId, null);
  });

  it('numbers: next per type when omitted, the client’s own when free, DUPLICATE when taken', async () => {
    const s = await addProduct(t.database, biz, { kind: 'service' });
    const line = { productId: s, quantity: D(1), unitPrice: D(10), vatRate: D(0) };
    const a = await post(t.database, admin, { type: 'proforma', partyId: customer.id, lines: [line] });
    const b = await post(t.database, admin, { type: 'proforma', partyId: customer.id, lines: [line] });
    assert.equal(b.number, a.number + 1);
    const c = await post(t.database, admin, { type: 'proforma', number: 500, partyId: customer.id, lines: [line] });
    assert.equal(c.number, 500);
    const d = await post(t.database, admin, { type: 'proforma', partyId: customer.id, lines: [line] });
    assert.equal(d.number, 501);
    const sale = await post(t.database, admin, { type: 'sale', number: 500, partyId: customer.id, lines: [line] });
    assert.equal(sale.number, 500, 'numbers are per type');
    const before = await snapshot(t.database);
    await assert.rejects(post(t.database, admin, { type: 'proforma', number: 500, partyId: customer.id, lines: [line] }), isError('DUPLICATE', 'number'));
    assert.deepEqual(await snapshot(t.database), before);
    const list = await listInvoices(t.database.db, systemActor(biz), { type: 'proforma', number: 501 });
    assert.deepEqual(list.items.map((i) => i.id), [d.id]);
  });

  it('VAT: the line’s vatRate wins, else the product’s rate, else the table by date (9% → 10% on 1403/01/01)', async () => {
    const s = await addProduct(t.database, biz, { kind: 'service' });
    const own = await addProduct(t.database, biz, { kind: 'service', vatRate: '4' });
    const line = (productId: number, vatRate?: string) => ({ productId, quantity: D(1), unitPrice: D(1000), vatRate: vatRate === undefined ? undefined : D(vatRate) });
    const old = await post(t.database, admin, { type: 'proforma', date: '1402/12/29', partyId: customer.id, lines: [line(s), line(own), line(s, '0')] });
    assert.equal(old.date, '2024-03-19');
    assert.deepEqual(old.lines.map((l) => [l.vatRate, l.vat]), [['9', '90'], ['4', '40'], ['0', '0']]);
    const now = await post(t.database, admin, { type: 'proforma', date: '1403/01/01', partyId: customer.id, lines: [line(s)] });
    assert.deepEqual([now.date, now.lines[0].vatRate, now.lines[0].vat], ['2024-03-20', '10', '100']);
    // A business's own rows override the defaults from their date on.
    const other = await t.newBusiness();
    await t.database.db.insertInto('vat_rates').values({ business_id: other.businessId, valid_from: '2025-01-01', rate: '12' }).execute();
    await t.database.db.insertInto('vat_rates').values({ business_id: biz, valid_from: '2030-01-01', rate: '15' }).execute();
    const later = await post(t.database, admin, { type: 'proforma', date: '2030-02-01', partyId: customer.id, lines: [line(s)] });
    assert.equal(later.lines[0].vatRate, '15');
    const between = await post(t.database, admin, { type: 'proforma', date: '2029-12-31', partyId: customer.id, lines: [line(s)] });
    assert.equal(between.lines[0].vatRate, '10');
  });

  it('refuses, naming the field: a goods product on a service line and the reverse, unknown ids, missing fields', async () => {
    const p = await addProduct(t.database, biz);
    const s = await addProduct(t.database, biz, { kind: 'service' });
    const before = await snapshot(t.database);
    const base = { type: 'sale' as const, partyId: customer.id };
    await assert.rejects(post(t.database, admin, { ...base, lines: [{ ...goods(p, 1, 10), kind: 'service' as const }] }), isError('VALIDATION', 'lines[0].kind'));
    await assert.rejects(post(t.database, admin, { ...base, lines: [goods(s, 1, 10)] }), isError('VALIDATION', 'lines[0].kind'));
    await assert.rejects(post(t.database, admin, { ...base, lines: [goods(p, 1, 10, { kind: 'other' as never })] }), isError('VALIDATION', 'lines[0].kind'));
    await assert.rejects(post(t.database, admin, { ...base, lines: [goods(99_999_999, 1, 10)] }), isError('NOT_FOUND', 'lines[0].productId'));
    await assert.rejects(post(t.database, admin, { ...base, lines: [goods(p, 1, 10, { warehouseId: 777_777 })] }), isError('NOT_FOUND', 'lines[0].warehouseId'));
    await assert.rejects(post(t.database, admin, { ...base, partyId: 99_999_999, lines: [goods(p, 1, 10)] }), isError('NOT_FOUND', 'partyId'));
    await assert.rejects(post(t.database, admin, { ...base, partyId: undefined, lines: [goods(p, 1, 10)] }), isError('MISSING_FIELD', 'partyId'));
    await assert.rejects(post(t.database, admin, { ...base, type: 'refund' as never, lines: [goods(p, 1, 10)] }), isError('VALIDATION', 'type'));
    await assert.rejects(post(t.database, admin, { ...base, date: '2025-02-30', lines: [goods(p, 1, 10)] }), isError('VALIDATION', 'invoiceDate'));
    await assert.rejects(post(t.database, admin, { ...base, time: '25:00', lines: [goods(p, 1, 10)] }), isError('VALIDATION', 'time'));
    await assert.rejects(post(t.database, admin, { ...base, lines: [] }), isError('MISSING_FIELD', 'lines'));
    await assert.rejects(post(t.database, admin, { ...base, lines: [{ productId: p, unitPrice: D(1) }] }), isError('MISSING_FIELD', 'lines[0].quantity'));
    await assert.rejects(post(t.database, admin, { ...base, lines: [goods(p, 1, 10, { amount: D(11) })] }), isError('VALIDATION', 'lines[0].amount'));
    assert.deepEqual(await snapshot(t.database), before);
  });

  it('tenant isolation: another business cannot see or use this one’s invoices, parties or products', async () => {
    const other = await t.newBusiness();
    const otherAdmin = actorFor(other.businessId, other.adminUserId);
    const p = await addProduct(t.database, biz);
    const inv = await post(t.database, admin, { type: 'proforma', partyId: customer.id, lines: [goods(p, 1, 10)] });
    assert.equal(await getInvoice(t.database.db, systemActor(other.businessId), inv.id), null);
    assert.equal((await listInvoices(t.database.db, systemActor(other.businessId))).total, 0);
    await assert.rejects(voidIt(t.database, otherAdmin, inv.id), isError('NOT_FOUND'));
    await assert.rejects(post(t.database, otherAdmin, { type: 'proforma', partyId: customer.id, lines: [goods(p, 1, 10)] }), isError('NOT_FOUND', 'partyId'));
    const theirs = await addParty(t.database, otherAdmin);
    await assert.rejects(post(t.database, otherAdmin, { type: 'proforma', partyId: theirs.id, lines: [goods(p, 1, 10)] }), isError('NOT_FOUND', 'lines[0].productId'));
  });

  it('the database keeps posted invoices immutable and links payments to invoices', async () => {
    const p = await addProduct(t.database, biz);
    const inv = await post(t.database, admin, { type: 'purchase', partyId: supplier.id, lines: [goods(p, 1, 100)] });
    const db = t.database.db;
    await assert.rejects(db.updateTable('invoices').set({ payable: '1' }).where('business_id', '=', biz).where('id', '=', inv.id).execute(), /immutable/);
    await assert.rejects(
      db.updateTable('invoices').set({ status: 'voided' }).where('business_id', '=', biz).where('id', '=', inv.id).execute(),
      /reversing voucher/,
      'a void without its reversal',
    );
    await assert.rejects(db.deleteFrom('invoices').where('business_id', '=', biz).where('id', '=', inv.id).execute(), /never deleted/);
    await assert.rejects(db.updateTable('invoice_lines').set({ price: '1' }).where('business_id', '=', biz).where('invoice_id', '=', inv.id).execute(), /immutable/);
    await assert.rejects(db.deleteFrom('invoice_lines').where('business_id', '=', biz).where('invoice_id', '=', inv.id).execute(), /immutable/);
    await voidIt(t.database, admin, inv.id);
    await assert.rejects(db.updateTable('invoices').set({ status: 'posted' }).where('business_id', '=', biz).where('id', '=', inv.id).execute(), /immutable/);
    const fk = await sql<{ n: string }>`select count(*)::text as n from pg_constraint where conname = 'payments_invoice_fk'`.execute(db);
    assert.equal(fk.rows[0].n, '1');
  });

  it('every posting wrote exactly one audit entry per invoice and per void', async () => {
    const r = await sql<{ action: string; n: string }>`
      select action, count(*)::text as n from audit_entries where business_id = ${biz} and entity = 'invoice' group by action order by action`.execute(t.database.db);
    const counts = Object.fromEntries(r.rows.map((x) => [x.action, Number(x.n)]));
    const inv = await sql<{ n: string; v: string }>`
      select count(*)::text as n, count(*) filter (where status = 'voided')::text as v from invoices where business_id = ${biz}`.execute(t.database.db);
    assert.equal(counts.create, Number(inv.rows[0].n));
    assert.equal(counts.void, Number(inv.rows[0].v));
  });
});
