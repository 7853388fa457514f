import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildMoadianInvoice, type MoadianInvoiceInput } from '../../../src/domain/moadian/invoice-json.js';
import { moadianJson } from '../../../src/domain/moadian/json.js';
import { parseTaxid, makeTaxid } from '../../../src/domain/moadian/taxid.js';
import { DomainError } from '../../../src/domain/errors.js';

const ISSUED = Date.parse('2025-06-01T08:15:00Z');

function sale(over: Partial<MoadianInvoiceInput> = {}): MoadianInvoiceInput {
  return {
    fiscalId: 'A111H1', serial: 42n, issuedAtMs: ISSUED, subject: 'original', type: 1,
    sellerEconomicCode: '14003778990',
    buyer: { kind: 'legal', nationalId: '10100302746', economicCode: '10100302746' },
    settlement: 'credit',
    lines: [
      { sstid: '2710000138624', description: 'پیچ', unitCode: '164', quantity: '2.75', unitPrice: '123457', discount: '15000', vatRate: '10' },
      { sstid: '2330000604708', unitCode: '1627', quantity: '3', unitPrice: '99999', discount: '0', vatRate: '10' },
    ],
    ...over,
  };
}

const plain = (o: unknown) => JSON.parse(moadianJson(o)) as Record<string, unknown>;

test('moadian invoice: a two-line sale to a company, every amount truncated and the header equal to the line sums', () => {
  const inv = buildMoadianInvoice(sale());
  // line 1: 2.75 × 123457 = 339506.75 → 339506; − 15000 = 324506; VAT 32450.6 → 32450
  // line 2: 3 × 99999 = 299997; VAT 29999.7 → 29999
  assert.deepEqual(inv.body.map(plain), [
    { sstid: '2710000138624', sstt: 'پیچ', mu: '164', am: 2.75, fee: 123457, prdis: 339506, dis: 15000, adis: 324506, vra: 10, vam: 32450, tsstam: 356956 },
    { sstid: '2330000604708', mu: '1627', am: 3, fee: 99999, prdis: 299997, dis: 0, adis: 299997, vra: 10, vam: 29999, tsstam: 329996 },
  ]);
  const h = plain(inv.header);
  assert.deepEqual(
    { tprdis: h.tprdis, tdis: h.tdis, tadis: h.tadis, tvam: h.tvam, todam: h.todam, tbill: h.tbill },
    // tvam is Σ truncated line VAT (62449), not trunc(10% of 624503) = 62450
    { tprdis: 639503, tdis: 15000, tadis: 624503, tvam: 62449, todam: 0, tbill: 686952 },
  );
  assert.deepEqual(
    { inty: h.inty, inp: h.inp, ins: h.ins, tins: h.tins, tob: h.tob, bid: h.bid, tinb: h.tinb, setm: h.setm, inno: h.inno, indatim: h.indatim },
    { inty: 1, inp: 1, ins: 1, tins: '14003778990', tob: 2, bid: '10100302746', tinb: '10100302746', setm: 2, inno: '000000002A', indatim: ISSUED },
  );
  assert.equal(h.taxid, makeTaxid({ fiscalId: 'A111H1', issuedAtMs: ISSUED, serial: 42 }));
  assert.deepEqual(parseTaxid(h.taxid as string), { fiscalId: 'A111H1', day: Math.floor(ISSUED / 86400000), serial: 42n });
  assert.equal('irtaxid' in h, false, 'absent fields are omitted');
});

test('moadian invoice: the official TICS p.20 invoice figures are reproduced', () => {
  const vectors = JSON.parse(readFileSync(new URL('./moadian-vectors.json', import.meta.url), 'utf8'));
  const doc = vectors.officialDocumentInvoice.payload;
  const line = doc.body[0];
  const inv = buildMoadianInvoice({
    fiscalId: 'A11216', serial: Number(doc.header.inno), issuedAtMs: doc.header.indatim, subject: 'original', type: 1,
    sellerEconomicCode: doc.header.tins, buyer: { kind: 'legal', nationalId: doc.header.bid, economicCode: doc.header.tinb },
    settlement: 'credit',
    lines: [{ sstid: line.sstid, description: line.sstt, unitCode: line.mu, quantity: line.am, unitPrice: line.fee, discount: line.dis, vatRate: line.vra }],
  });
  assert.deepEqual(plain(inv.body), doc.body);
  const { inno: _a, ...h } = plain(inv.header);
  const { inno: _b, ...expected } = doc.header; // the document sends inno in decimal; Daftar sends hex (IITP §8-5)
  assert.deepEqual(h, expected);
});

test('moadian invoice: 18-digit amounts are written exactly, never through a float', () => {
  const inv = buildMoadianInvoice(sale({
    type: 2, buyer: undefined,
    lines: [{ sstid: '2710000138624', quantity: '1', unitPrice: '123456789012345678', discount: '0', vatRate: '0' }],
  }));
  const text = moadianJson(inv);
  assert.match(text, /"fee":123456789012345678,/);
  assert.match(text, /"tbill":123456789012345678[,}]/);
  assert.equal('setm' in plain(inv.header), false, 'type 2 carries no settlement method');
});

test('moadian invoice: subjects 2/3/4 carry the reference taxid; an original must not', () => {
  const ref = makeTaxid({ fiscalId: 'A111H1', issuedAtMs: ISSUED, serial: 41 });
  for (const [subject, ins] of [['correction', 2], ['void', 3], ['return', 4]] as const) {
    const h = plain(buildMoadianInvoice(sale({ subject, referenceTaxid: ref })).header);
    assert.equal(h.ins, ins);
    assert.equal(h.irtaxid, ref);
  }
  assert.throws(() => buildMoadianInvoice(sale({ subject: 'void' })), (e) => e instanceof DomainError && /referenceTaxid/.test(JSON.stringify(e)));
  assert.throws(() => buildMoadianInvoice(sale({ referenceTaxid: ref })), DomainError);
});

test('moadian invoice: mixed settlement splits cash and credit without VAT (cap + insp = tbill − tvam)', () => {
  const h = plain(buildMoadianInvoice(sale({ settlement: 'mixed', cashAmount: '100000' })).header);
  assert.deepEqual({ setm: h.setm, cap: h.cap, insp: h.insp }, { setm: 3, cap: 100000, insp: 686952 - 62449 - 100000 });
});

test('moadian invoice: bad figures are refused naming the line field', () => {
  const bad = (line: Partial<MoadianInvoiceInput['lines'][0]>) =>
    () => buildMoadianInvoice(sale({ lines: [{ ...sale().lines[0]!, ...line }] }));
  for (const [line, field] of [
    [{ sstid: '123' }, 'lines[0].sstid'],
    [{ quantity: '0' }, 'lines[0].quantity'],
    [{ quantity: '1.123456789' }, 'lines[0].quantity'],
    [{ discount: '999999999' }, 'lines[0].discount'],
  ] as const) {
    assert.throws(bad(line), (e) => e instanceof DomainError && JSON.stringify(e).includes(field), field);
  }
});
