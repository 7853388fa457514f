import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeInvoice, type ComputeInput, type ComputeLineInput } from '../../../src/domain/invoicing/compute.js';
import { defaultVatRate } from '../../../src/domain/invoicing/vat.js';
import { DomainError } from '../../../src/domain/errors.js';
import { Dec } from '../../../src/domain/shared/money.js';

const d = (v: string | number) => new Dec(v);
const line = (o: Partial<Record<keyof ComputeLineInput, string | number>>): ComputeLineInput => ({
  quantity: d(o.quantity ?? 1),
  unitPrice: d(o.unitPrice ?? 0),
  amount: o.amount === undefined ? undefined : d(o.amount),
  discount: o.discount === undefined ? undefined : d(o.discount),
  vatRate: o.vatRate === undefined ? undefined : d(o.vatRate),
  levyRate: o.levyRate === undefined ? undefined : d(o.levyRate),
});
const s = (v: Dec) => v.toFixed();

function refused(input: ComputeInput, field: string): void {
  assert.throws(
    () => computeInvoice(input),
    (e: unknown) => e instanceof DomainError && e.code === 'VALIDATION' && e.field === field && e.messageFa.includes(field.split('.').pop()!),
    `expected VALIDATION on ${field}`,
  );
}

describe('computeInvoice: invoice arithmetic (accounting.md)', () => {
  it('the seed sale: goods 2 × 50000 at 9% and a service of 20000 → payable 129000', () => {
    const c = computeInvoice({
      lines: [line({ quantity: 2, unitPrice: 50000, amount: 100000, vatRate: 9, levyRate: 0 }), line({ quantity: 1, unitPrice: 20000, amount: 20000, vatRate: 0 })],
      discount: d(0),
      lineDiscount: d(0),
      serviceChargeRate: d(0),
      rounding: d(0),
    });
    assert.deepEqual(c.lines.map((l) => [s(l.amount), s(l.net), s(l.vat), s(l.levy), s(l.total)]), [
      ['100000', '100000', '9000', '0', '109000'],
      ['20000', '20000', '0', '0', '20000'],
    ]);
    assert.deepEqual([s(c.subtotal), s(c.net), s(c.vat), s(c.linesTotal), s(c.serviceCharge), s(c.payable)], ['120000', '120000', '9000', '129000', '0', '129000']);
  });

  it('line discount, tax and fee on the net; half-up rounding per line', () => {
    // 3 × 3333 = 9999; net 9000 after 999 off; tax 9% = 810; fee 1.5% = 135
    const c = computeInvoice({ lines: [line({ quantity: 3, unitPrice: 3333, discount: 999, vatRate: 9, levyRate: 1.5 })] });
    const l = c.lines[0];
    assert.deepEqual([s(l.amount), s(l.net), s(l.vat), s(l.levy), s(l.total)], ['9999', '9000', '810', '135', '9945']);
    // 1 × 15 at 10% = 1.5 → 2 (half-up); 1 × 25 at 10% = 2.5 → 3
    const r = computeInvoice({ lines: [line({ unitPrice: 15, vatRate: 10 }), line({ unitPrice: 25, vatRate: 10 })] });
    assert.deepEqual(r.lines.map((x) => s(x.vat)), ['2', '3']);
    assert.equal(s(r.vat), '5', 'rounded per line, then summed (1.5 + 2.5 would round to 4)');
  });

  it('fractional quantities: sumPrice rounded to the currency (Rial)', () => {
    const c = computeInvoice({ lines: [line({ quantity: '1.333', unitPrice: 1000 })] });
    assert.equal(s(c.lines[0].amount), '1333');
    const half = computeInvoice({ lines: [line({ quantity: '0.5', unitPrice: 3 })] });
    assert.equal(s(half.lines[0].amount), '2', '1.5 → 2');
    const toman = computeInvoice({ lines: [line({ quantity: '0.5', unitPrice: 3 })], decimals: 2 });
    assert.equal(s(toman.lines[0].amount), '1.5');
  });

  it('a sent sumPrice equal to quantity × price (rounded or exact) is accepted', () => {
    computeInvoice({ lines: [line({ quantity: '0.5', unitPrice: 3, amount: 2 })] });
    computeInvoice({ lines: [line({ quantity: '0.5', unitPrice: 3, amount: '1.5' })] });
  });

  it('a sent sumPrice that disagrees names details[i].amount', () => {
    refused({ lines: [line({ quantity: 2, unitPrice: 50000, amount: 100000 }), line({ quantity: 2, unitPrice: 50000, amount: 99999 })] }, 'lines[1].amount');
  });

  it('header: service charge on Σ net, header discount and rounding off the payable', () => {
    const c = computeInvoice({
      lines: [line({ quantity: 2, unitPrice: 1000, discount: 100, vatRate: 10 }), line({ quantity: 1, unitPrice: 501, vatRate: 0 })],
      serviceChargeRate: d(10),
      discount: d(200),
      rounding: d(1),
      lineDiscount: d(100),
    });
    // nets 1900 + 501 = 2401; tax 190; totals 2090 + 501 = 2591; service 240.1 → 240
    assert.equal(s(c.net), '2401');
    assert.equal(s(c.serviceCharge), '240');
    assert.equal(s(c.lineDiscounts), '100');
    assert.equal(s(c.payable), '2630'); // 2591 + 240 − 200 − 1
  });

  it('a negative rounding rounds the payable up', () => {
    const c = computeInvoice({ lines: [line({ unitPrice: 9995 })], rounding: d(-5) });
    assert.equal(s(c.payable), '10000');
  });

  it('lineDiscount: 0 means "not given"; non-zero must equal Σ line discounts', () => {
    const lines = [line({ quantity: 1, unitPrice: 1000, discount: 100 }), line({ quantity: 1, unitPrice: 1000, discount: 50 })];
    assert.equal(s(computeInvoice({ lines, lineDiscount: d(0) }).lineDiscounts), '150');
    assert.equal(s(computeInvoice({ lines, lineDiscount: d(150) }).payable), '1850');
    refused({ lines, lineDiscount: d(100) }, 'lineDiscount');
  });

  it('refuses bad figures, naming the field', () => {
    refused({ lines: [line({ quantity: 0, unitPrice: 10 })] }, 'lines[0].quantity');
    refused({ lines: [line({ quantity: -1, unitPrice: 10 })] }, 'lines[0].quantity');
    refused({ lines: [line({ quantity: '1.00001', unitPrice: 10 })] }, 'lines[0].quantity');
    refused({ lines: [line({ quantity: 1, unitPrice: -10 })] }, 'lines[0].unitPrice');
    refused({ lines: [line({ quantity: 1, unitPrice: 100, discount: 101 })] }, 'lines[0].discount');
    refused({ lines: [line({ quantity: 1, unitPrice: 100, discount: -1 })] }, 'lines[0].discount');
    refused({ lines: [line({ unitPrice: 100, vatRate: 101 })] }, 'lines[0].vatRate');
    refused({ lines: [line({ unitPrice: 100, vatRate: -1 })] }, 'lines[0].vatRate');
    refused({ lines: [line({ unitPrice: 100, levyRate: 150 })] }, 'lines[0].levyRate');
    refused({ lines: [line({ unitPrice: 100 })], serviceChargeRate: d(-2) }, 'serviceChargeRate');
    refused({ lines: [line({ unitPrice: 100 })], discount: d(-2) }, 'discount');
    refused({ lines: [] }, 'lines');
  });

  it('the payable may reach zero but never below', () => {
    assert.equal(s(computeInvoice({ lines: [line({ unitPrice: 100 })], discount: d(100) }).payable), '0');
    refused({ lines: [line({ unitPrice: 100 })], discount: d(101) }, 'discount');
    refused({ lines: [line({ unitPrice: 100 })], discount: d(50), rounding: d(51) }, 'discount');
  });

  it('a full discount line is allowed (net 0, tax 0)', () => {
    const c = computeInvoice({ lines: [line({ quantity: 2, unitPrice: 500, discount: 1000, vatRate: 10 })] });
    assert.deepEqual([s(c.lines[0].net), s(c.lines[0].vat), s(c.payable)], ['0', '0', '0']);
  });

  it('large amounts stay exact (no floating point)', () => {
    const c = computeInvoice({ lines: [line({ quantity: '3.3333', unitPrice: '987654321987', vatRate: 9 })] });
    // 3.3333 × 987654321987 = 3292148151479.2671 → 3292148151479
    assert.equal(s(c.lines[0].amount), '3292148151479');
    assert.equal(s(c.lines[0].vat), '296293333633'); // 296293333633.11 → …633
    assert.equal(s(c.payable), '3588441485112');
  });
});

describe('default VAT by date', () => {
  it('9% until 1402/12/29 (2024-03-19), 10% from 1403/01/01 (2024-03-20)', () => {
    assert.equal(defaultVatRate('2023-06-01').toFixed(), '9');
    assert.equal(defaultVatRate('2024-03-19').toFixed(), '9');
    assert.equal(defaultVatRate('2024-03-20').toFixed(), '10');
    assert.equal(defaultVatRate('2025-09-03').toFixed(), '10');
  });
});
