import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeInvoice, type ComputeInput, type ComputeLineInput } from '../../../src/domain/invoicing/compute.js';
import { defaultVatRate } from '../../../src/domain/invoicing/vat.js';
import { DomainError } from '../../../src/domain/errors.js';
import { Dec } from '../../../src/domain/shared/money.js';

const d = (v: string | number) => new Dec(v);
const line = (o: Partial<Record<keyof ComputeLineInput, string | number>>): ComputeLineInput => ({
  quantity: d(o.quantity ?? 1),
  price: d(o.price ?? 0),
  sumPrice: o.sumPrice === undefined ? undefined : d(o.sumPrice),
  discount: o.discount === undefined ? undefined : d(o.discount),
  taxPerc: o.taxPerc === undefined ? undefined : d(o.taxPerc),
  feePerc: o.feePerc === undefined ? undefined : d(o.feePerc),
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
      lines: [line({ quantity: 2, price: 50000, sumPrice: 100000, taxPerc: 9, feePerc: 0 }), line({ quantity: 1, price: 20000, sumPrice: 20000, taxPerc: 0 })],
      discount: d(0),
      discountItem: d(0),
      servicePerc: d(0),
      roundPrice: d(0),
    });
    assert.deepEqual(c.lines.map((l) => [s(l.sumPrice), s(l.net), s(l.tax), s(l.fee), s(l.total)]), [
      ['100000', '100000', '9000', '0', '109000'],
      ['20000', '20000', '0', '0', '20000'],
    ]);
    assert.deepEqual([s(c.sumPrice), s(c.sumNet), s(c.sumTax), s(c.sumTotal), s(c.serviceCharge), s(c.payable)], ['120000', '120000', '9000', '129000', '0', '129000']);
  });

  it('line discount, tax and fee on the net; half-up rounding per line', () => {
    // 3 × 3333 = 9999; net 9000 after 999 off; tax 9% = 810; fee 1.5% = 135
    const c = computeInvoice({ lines: [line({ quantity: 3, price: 3333, discount: 999, taxPerc: 9, feePerc: 1.5 })] });
    const l = c.lines[0];
    assert.deepEqual([s(l.sumPrice), s(l.net), s(l.tax), s(l.fee), s(l.total)], ['9999', '9000', '810', '135', '9945']);
    // 1 × 15 at 10% = 1.5 → 2 (half-up); 1 × 25 at 10% = 2.5 → 3
    const r = computeInvoice({ lines: [line({ price: 15, taxPerc: 10 }), line({ price: 25, taxPerc: 10 })] });
    assert.deepEqual(r.lines.map((x) => s(x.tax)), ['2', '3']);
    assert.equal(s(r.sumTax), '5', 'rounded per line, then summed (1.5 + 2.5 would round to 4)');
  });

  it('fractional quantities: sumPrice rounded to the currency (Rial)', () => {
    const c = computeInvoice({ lines: [line({ quantity: '1.333', price: 1000 })] });
    assert.equal(s(c.lines[0].sumPrice), '1333');
    const half = computeInvoice({ lines: [line({ quantity: '0.5', price: 3 })] });
    assert.equal(s(half.lines[0].sumPrice), '2', '1.5 → 2');
    const toman = computeInvoice({ lines: [line({ quantity: '0.5', price: 3 })], decimals: 2 });
    assert.equal(s(toman.lines[0].sumPrice), '1.5');
  });

  it('a sent sumPrice equal to quantity × price (rounded or exact) is accepted', () => {
    computeInvoice({ lines: [line({ quantity: '0.5', price: 3, sumPrice: 2 })] });
    computeInvoice({ lines: [line({ quantity: '0.5', price: 3, sumPrice: '1.5' })] });
  });

  it('a sent sumPrice that disagrees names details[i].sumPrice', () => {
    refused({ lines: [line({ quantity: 2, price: 50000, sumPrice: 100000 }), line({ quantity: 2, price: 50000, sumPrice: 99999 })] }, 'lines[1].lineTotal');
  });

  it('header: service charge on Σ net, header discount and roundPrice off the payable', () => {
    const c = computeInvoice({
      lines: [line({ quantity: 2, price: 1000, discount: 100, taxPerc: 10 }), line({ quantity: 1, price: 501, taxPerc: 0 })],
      servicePerc: d(10),
      discount: d(200),
      roundPrice: d(1),
      discountItem: d(100),
    });
    // nets 1900 + 501 = 2401; tax 190; totals 2090 + 501 = 2591; service 240.1 → 240
    assert.equal(s(c.sumNet), '2401');
    assert.equal(s(c.serviceCharge), '240');
    assert.equal(s(c.sumDiscount), '100');
    assert.equal(s(c.payable), '2630'); // 2591 + 240 − 200 − 1
  });

  it('a negative roundPrice rounds the payable up', () => {
    const c = computeInvoice({ lines: [line({ price: 9995 })], roundPrice: d(-5) });
    assert.equal(s(c.payable), '10000');
  });

  it('discountItem: 0 means "not given"; non-zero must equal Σ line discounts', () => {
    const lines = [line({ quantity: 1, price: 1000, discount: 100 }), line({ quantity: 1, price: 1000, discount: 50 })];
    assert.equal(s(computeInvoice({ lines, discountItem: d(0) }).sumDiscount), '150');
    assert.equal(s(computeInvoice({ lines, discountItem: d(150) }).payable), '1850');
    refused({ lines, discountItem: d(100) }, 'lineDiscount');
  });

  it('refuses bad figures, naming the field', () => {
    refused({ lines: [line({ quantity: 0, price: 10 })] }, 'lines[0].quantity');
    refused({ lines: [line({ quantity: -1, price: 10 })] }, 'lines[0].quantity');
    refused({ lines: [line({ quantity: '1.00001', price: 10 })] }, 'lines[0].quantity');
    refused({ lines: [line({ quantity: 1, price: -10 })] }, 'lines[0].unitPrice');
    refused({ lines: [line({ quantity: 1, price: 100, discount: 101 })] }, 'lines[0].discount');
    refused({ lines: [line({ quantity: 1, price: 100, discount: -1 })] }, 'lines[0].discount');
    refused({ lines: [line({ price: 100, taxPerc: 101 })] }, 'lines[0].vatRate');
    refused({ lines: [line({ price: 100, taxPerc: -1 })] }, 'lines[0].vatRate');
    refused({ lines: [line({ price: 100, feePerc: 150 })] }, 'lines[0].levyRate');
    refused({ lines: [line({ price: 100 })], servicePerc: d(-2) }, 'serviceChargeRate');
    refused({ lines: [line({ price: 100 })], discount: d(-2) }, 'discount');
    refused({ lines: [] }, 'lines');
  });

  it('the payable may reach zero but never below', () => {
    assert.equal(s(computeInvoice({ lines: [line({ price: 100 })], discount: d(100) }).payable), '0');
    refused({ lines: [line({ price: 100 })], discount: d(101) }, 'discount');
    refused({ lines: [line({ price: 100 })], discount: d(50), roundPrice: d(51) }, 'discount');
  });

  it('a full discount line is allowed (net 0, tax 0)', () => {
    const c = computeInvoice({ lines: [line({ quantity: 2, price: 500, discount: 1000, taxPerc: 10 })] });
    assert.deepEqual([s(c.lines[0].net), s(c.lines[0].tax), s(c.payable)], ['0', '0', '0']);
  });

  it('large amounts stay exact (no floating point)', () => {
    const c = computeInvoice({ lines: [line({ quantity: '3.3333', price: '987654321987', taxPerc: 9 })] });
    // 3.3333 × 987654321987 = 3292148151479.2671 → 3292148151479
    assert.equal(s(c.lines[0].sumPrice), '3292148151479');
    assert.equal(s(c.lines[0].tax), '296293333633'); // 296293333633.11 → …633
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
