import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Dec } from '../../../src/domain/shared/money.js';
import { inValue, outValue, replay, share } from '../../../src/domain/stock/costing.js';

const d = (v: string | number) => new Dec(v);

// Found by the simulation (seed 303 on PGlite, after issue 18's branches met): an issue whose
// exact value is a half rial was rounded from a 50-digit quotient (0.4999… → 0) in posting, while
// the verifier's exact SQL arithmetic said 0.5 → 1. Multiplying before dividing is exact.
describe('moving-average costing: exact halves (unit)', () => {
  it('an issue worth exactly half a rial rounds half-up, as exact arithmetic says', () => {
    assert.equal(share(d('0.15'), d(10), d(3), 0).toFixed(), '1');
    assert.equal(outValue(d('0.15'), d(3), d(10), 0).toFixed(), '-1');
    assert.equal(inValue(d('0.15'), undefined, d(3), d(10), 0).value.toFixed(), '1');
  });
  it('a sale return takes its sale’s cost per unit exactly (0.15 of a sale of 3 that cost 10)', () => {
    const base = { warehouseId: 1, date: '2025-05-01', docType: 'invoice', value: d(0) };
    const r = replay(
      [
        { ...base, id: 1, quantity: d(3), value: d(10), docId: 1, invoiceType: 1, originalInvoiceId: null },
        { ...base, id: 2, quantity: d(-3), docId: 2, invoiceType: 2, originalInvoiceId: null },
        { ...base, id: 3, quantity: d('0.15'), docId: 3, invoiceType: 4, originalInvoiceId: 2 },
      ],
      { decimals: 0, checkFrom: null },
    );
    assert.equal(r.due.get(2)!.toFixed(), '-10');
    assert.equal(r.due.get(3)!.toFixed(), '1');
  });
  it('nothing on hand: a return at the average carries no value', () => {
    assert.equal(inValue(d(2), undefined, d(-1), d(5), 0).value.toFixed(), '0');
  });
});
