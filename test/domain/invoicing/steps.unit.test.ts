import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../../src/domain/errors.js';
import type { RoleMap } from '../../../src/domain/ledger/chart.js';
import { Dec } from '../../../src/domain/shared/money.js';
import type { PostingContext } from '../../../src/domain/invoicing/context.js';
import { draftInvoice } from '../../../src/domain/invoicing/draft.js';
import { readInvoiceInput, type ReadInvoice } from '../../../src/domain/invoicing/read-input.js';
import { resolveLines } from '../../../src/domain/invoicing/resolve.js';
import { checkReturnAgainstOriginal, type OriginalInvoice } from '../../../src/domain/invoicing/return-check.js';
import { relabel, stockLinesOf } from '../../../src/domain/invoicing/stock-lines.js';
import type { InvoiceInput } from '../../../src/domain/invoicing/types.js';
import { buildInvoiceVoucher } from '../../../src/domain/invoicing/voucher.js';

/** The named steps of postInvoice that need no database (post.ts composes them with the ones that do). */
const D = (v: string | number) => new Dec(v);
const NOW = new Date('2025-06-01T08:00:00Z');

const refused = (f: () => unknown, code: string, field: string, fa?: RegExp) =>
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof DomainError, String(e));
    assert.deepEqual([e.code, e.field], [code, field]);
    if (fa) assert.match(e.messageFa, fa);
    return true;
  });

const sale: InvoiceInput = {
  type: 'sale',
  date: '1404/03/11',
  partyId: 7,
  lines: [
    { productId: 1, quantity: D(2), unitPrice: D(50000), vatRate: D(10) },
    { productId: 2, quantity: D(1), unitPrice: D(20000) },
  ],
};

function context(over: Partial<PostingContext> = {}): PostingContext {
  return {
    party: { id: 7, detailId: 70, name: 'علی رضایی' },
    decimals: 0,
    allowNegative: false,
    products: new Map([
      [1, { id: 1, code: 'P1', name: 'چای', kind: 'goods', vatRate: null, active: true }],
      [2, { id: 2, code: 'S1', name: 'نصب', kind: 'service', vatRate: '0', active: true }],
      [3, { id: 3, code: 'P3', name: 'قند', kind: 'goods', vatRate: null, active: false }],
    ]),
    warehouses: new Map([[5, { id: 5, code: 2, active: true }]]),
    defaultWarehouse: { id: 4, code: 1, active: true },
    roles: {},
    fiscalYearId: 1,
    vatRate: null,
    roundingMode: 'halfUp',
    moadianOnPosting: false,
    invoiceId: 100,
    voucherId: 200,
    ...over,
  };
}

const ROLES = Object.fromEntries(
  ['inventory', 'rounding', 'purchases_expense', 'vat_receivable', 'discounts_received', 'payable', 'receivable', 'discounts_given', 'sales', 'service_revenue', 'service_charge', 'vat_payable', 'cogs', 'sales_returns'].map((r, i) => [r, i + 1]),
) as unknown as RoleMap;

describe('postInvoice steps: readInvoiceInput', () => {
  it('normalises the date, time and number; 0 = assign a number', () => {
    const r = readInvoiceInput({ ...sale, time: '۹:۰۵', number: 0 }, NOW);
    assert.deepEqual([r.type, r.date, r.time, r.number, r.description], ['sale', '2025-06-01', '09:05:00', undefined, '']);
  });

  it('refuses each missing or malformed part naming its domain path', () => {
    refused(() => readInvoiceInput({ ...sale, type: undefined }, NOW), 'MISSING_FIELD', 'type');
    refused(() => readInvoiceInput({ ...sale, type: 'factor' as never }, NOW), 'VALIDATION', 'type');
    refused(() => readInvoiceInput({ ...sale, time: '25:00' }, NOW), 'VALIDATION', 'time');
    refused(() => readInvoiceInput({ ...sale, number: -1 }, NOW), 'VALIDATION', 'number');
    refused(() => readInvoiceInput({ ...sale, partyId: undefined }, NOW), 'MISSING_FIELD', 'partyId');
    refused(() => readInvoiceInput({ ...sale, lines: [] }, NOW), 'MISSING_FIELD', 'lines');
    refused(() => readInvoiceInput({ ...sale, lines: [{ productId: 1, unitPrice: D(1) }] }, NOW), 'MISSING_FIELD', 'lines[0].quantity');
    refused(() => readInvoiceInput({ ...sale, lines: Array(1001).fill(sale.lines![0]) }, NOW), 'OUT_OF_RANGE', 'lines', /۱۰۰۰/);
  });

  it('a proforma may be dated outside the fiscal window (it books nothing); a sale may not', () => {
    assert.equal(readInvoiceInput({ ...sale, type: 'proforma', date: '2090-01-01' }, NOW).date, '2090-01-01');
    refused(() => readInvoiceInput({ ...sale, date: '2090-01-01' }, NOW), 'VALIDATION', 'invoiceDate');
  });
});

describe('postInvoice steps: resolveLines', () => {
  const read = (over: Partial<InvoiceInput> = {}): ReadInvoice => readInvoiceInput({ ...sale, ...over }, NOW);

  it('resolves kind, warehouse (own, the invoice’s, else the default) and VAT (sent, product, statute by date)', () => {
    const r = resolveLines(read({ warehouseId: 5 }), context());
    assert.deepEqual(
      r.lines.map((l) => [l.kind, l.product.code, l.warehouse?.code ?? null]),
      [['goods', 'P1', 2], ['service', 'S1', null]],
    );
    assert.deepEqual(r.lines.map((l) => r.computed.lines[l.index].vatRate.toFixed()), ['10', '0']);
    const byDefault = resolveLines(read({ lines: [{ productId: 1, quantity: D(1), unitPrice: D(1000) }] }), context());
    assert.deepEqual([byDefault.lines[0].warehouse, byDefault.computed.lines[0].vatRate.toFixed()], [{ id: 4, code: 1 }, '10']);
    assert.equal(r.computed.payable.toFixed(), '130000');
  });

  it('refuses what the context does not hold, naming the line', () => {
    refused(() => resolveLines(read(), context({ party: null })), 'NOT_FOUND', 'partyId');
    refused(() => resolveLines(read({ lines: [{ productId: 9, quantity: D(1), unitPrice: D(1) }] }), context()), 'NOT_FOUND', 'lines[0].productId');
    refused(() => resolveLines(read({ lines: [{ productId: 3, quantity: D(1), unitPrice: D(1) }] }), context()), 'VALIDATION', 'lines[0].productId', /قند/);
    refused(() => resolveLines(read({ lines: [{ productId: 1, kind: 'service', quantity: D(1), unitPrice: D(1) }] }), context()), 'VALIDATION', 'lines[0].kind', /چای/);
    refused(() => resolveLines(read({ lines: [{ productId: 1, warehouseId: 6, quantity: D(1), unitPrice: D(1) }] }), context()), 'NOT_FOUND', 'lines[0].warehouseId');
    refused(() => resolveLines(read({ warehouseId: 6, lines: [{ productId: 1, quantity: D(1), unitPrice: D(1) }] }), context()), 'NOT_FOUND', 'warehouseId');
    refused(() => resolveLines(read({ lines: [{ productId: 1, quantity: D(1), unitPrice: D(1) }] }), context({ defaultWarehouse: null })), 'CONFLICT', 'lines[0].warehouseId');
  });

  it('a return may name an inactive product (it corrects a document that exists)', () => {
    const r = resolveLines(read({ type: 'saleReturn', lines: [{ productId: 3, quantity: D(1), unitPrice: D(1) }] }), context());
    assert.equal(r.lines[0].product.id, 3);
  });
});

describe('postInvoice steps: checkReturnAgainstOriginal', () => {
  const ret = readInvoiceInput({ type: 'saleReturn', date: '2025-05-20', partyId: 7, originalInvoiceId: 40, lines: [{ productId: 1, quantity: D(2), unitPrice: D(50000) }] }, NOW);
  const resolved = resolveLines(ret, context());
  const original = (over: Partial<OriginalInvoice> = {}): OriginalInvoice => ({
    id: 40,
    type: 'sale',
    number: 12,
    status: 'posted',
    partyId: 7,
    date: '2025-05-01',
    byProduct: new Map([[1, { sold: D(3), returned: D(0), cost: D(90000) }]]),
    ...over,
  });

  it('passes a return within what the original moved', () => {
    checkReturnAgainstOriginal(ret, resolved, original());
  });

  it('names the original by its printed number, never its id', () => {
    refused(() => checkReturnAgainstOriginal(ret, resolved, original({ type: 'purchase' })), 'VALIDATION', 'originalInvoiceId', /شماره ۱۲ /);
    refused(() => checkReturnAgainstOriginal(ret, resolved, original({ status: 'voided' })), 'CONFLICT', 'originalInvoiceId', /فروش شماره ۱۲ باطل/);
    refused(() => checkReturnAgainstOriginal(ret, resolved, original({ partyId: 8 })), 'VALIDATION', 'originalInvoiceId');
    refused(() => checkReturnAgainstOriginal(ret, resolved, original({ date: '2025-05-21' })), 'VALIDATION', 'invoiceDate', /۱۴۰۴/);
    refused(() => checkReturnAgainstOriginal(ret, resolved, original({ byProduct: new Map() })), 'VALIDATION', 'lines[0].productId', /چای/);
    const err = (() => {
      try {
        checkReturnAgainstOriginal(ret, resolved, original({ byProduct: new Map([[1, { sold: D(3), returned: D(2), cost: D(90000) }]]) }));
      } catch (e) {
        return e as DomainError;
      }
      throw new Error('not refused');
    })();
    assert.deepEqual([err.code, err.field], ['VALIDATION', 'lines[0].quantity']);
    assert.ok(!err.messageFa.includes('40') && !err.messageEn.includes('40'), err.messageEn);
    assert.match(err.messageEn, /sale invoice 12/);
  });
});

describe('postInvoice steps: stock lines, voucher, draft (rows built once)', () => {
  const read = readInvoiceInput(sale, NOW);
  const resolved = resolveLines(read, context());

  it('goods lines only, signed by type; a purchase comes in at its net unit cost; a sale return at its sale’s cost', () => {
    const out = stockLinesOf('sale', resolved);
    assert.deepEqual(out.index, [0]);
    assert.deepEqual([out.lines[0].quantity.toFixed(), out.lines[0].warehouseId, out.lines[0].unitCost], ['-2', 4, undefined]);
    assert.equal(stockLinesOf('purchase', resolved).lines[0].unitCost!.toFixed(), '50000');
    const orig = { id: 1, type: 'sale', number: 1, status: 'posted', partyId: 7, date: '2025-01-01', byProduct: new Map([[1, { sold: D(3), returned: D(0), cost: D(90000) }]]) } as const;
    const back = stockLinesOf('saleReturn', resolved, { ...orig, byProduct: new Map(orig.byProduct) });
    assert.deepEqual([back.lines[0].quantity.toFixed(), back.lines[0].unitCost!.toFixed()], ['2', '30000']);
    assert.deepEqual(stockLinesOf('proforma', resolved).lines, []);
  });

  it('relabel maps a stock call’s line back to the invoice line', () => {
    const err = new DomainError('INSUFFICIENT_STOCK', { key: 'STOCK_SHORT', slots: { field: 'lines[1]', product: 'x', available: 0, requested: 1 } });
    const out = relabel(err, [0, 3]) as DomainError;
    assert.equal(out.field, 'lines[3]');
    assert.match(out.messageEn, /Insufficient stock/);
  });

  it('the sale voucher balances: receivable = sales + services + VAT; cost of sales = inventory out', () => {
    const v = buildInvoiceVoucher({ type: 'sale', roles: ROLES, partyDetailId: 70, computed: resolved.computed, kinds: resolved.lines.map((l) => l.kind), stockValue: D(60000) });
    const lines = v.build();
    const by = (role: keyof RoleMap) => lines.filter((l) => l.accountId === ROLES[role]).map((l) => l.debit.minus(l.credit).toFixed());
    assert.deepEqual([by('receivable'), by('sales'), by('service_revenue'), by('vat_payable'), by('cogs'), by('inventory')], [['130000'], ['-100000'], ['-20000'], ['-10000'], ['60000'], ['-60000']]);
  });

  it('the draft holds every figure as stored, its lines built once from the resolved lines', () => {
    const inv = draftInvoice(read, { invoiceId: 100, voucherId: 200, userId: 3 }, resolved, { moves: new Map(), value: D(0) });
    assert.deepEqual([inv.type, inv.number, inv.subtotal, inv.vat, inv.payable, inv.partyName], ['sale', 0, '120000', '10000', '130000', 'علی رضایی']);
    assert.deepEqual(
      inv.lines.map((l) => [l.lineNo, l.kind, l.warehouse?.id ?? null, l.amount, l.vat, l.total]),
      [[1, 'goods', 4, '100000', '10000', '110000'], [2, 'service', null, '20000', '0', '20000']],
    );
  });
});
