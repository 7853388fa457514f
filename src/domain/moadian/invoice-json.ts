import { Decimal } from 'decimal.js';
import { Dec, type DecValue } from '../shared/money.js';
import { fail } from '../errors.js';
import { innoOf, makeTaxid } from './taxid.js';

/**
 * Pure builder of a Moadian invoice (pattern 1 «فروش», types 1 and 2) from the invoice's stored
 * figures (spec moadian.md §1). Arithmetic rule (IITP p.23): every rial amount is TRUNCATED to an
 * integer, never rounded, line by line; header totals are the plain sums of the line figures.
 */
export type MoadianSubject = 'original' | 'correction' | 'void' | 'return';
export const SUBJECT_CODE: Record<MoadianSubject, number> = { original: 1, correction: 2, void: 3, return: 4 };
export type BuyerKind = 'natural' | 'legal' | 'partnership' | 'foreign';
const BUYER_CODE: Record<BuyerKind, number> = { natural: 1, legal: 2, partnership: 3, foreign: 4 };
export type Settlement = 'cash' | 'credit' | 'mixed';
const SETTLEMENT_CODE: Record<Settlement, number> = { cash: 1, credit: 2, mixed: 3 };

export interface MoadianLineInput {
  sstid: string; // 13-digit goods/service id of the product
  description?: string;
  unitCode?: string; // mu, RC_UMGS.ST code of the unit (e.g. 1627 = عدد)
  quantity: DecValue;
  unitPrice: DecValue; // rial
  discount: DecValue; // rial, of the whole line
  vatRate: DecValue; // percent
}

export interface MoadianBuyerInput {
  kind: BuyerKind;
  nationalId?: string; // bid
  economicCode?: string; // tinb
  postalCode?: string; // bpc
  branchCode?: string; // bbc
}

export interface MoadianPaymentInput {
  method: number; // pmt 1..8
  amount: DecValue;
  paidAtMs: number;
  trackingNumber?: string;
}

export interface MoadianInvoiceInput {
  fiscalId: string;
  serial: bigint | number;
  issuedAtMs: number;
  subject: MoadianSubject;
  referenceTaxid?: string; // irtaxid, for correction/void/return
  type: 1 | 2; // inty: 1 with buyer, 2 buyer optional
  sellerEconomicCode: string;
  sellerBranchCode?: string;
  buyer?: MoadianBuyerInput;
  settlement: Settlement;
  cashAmount?: DecValue; // cap, only for 'mixed'
  lines: MoadianLineInput[];
  payments?: MoadianPaymentInput[];
}

export interface MoadianBodyLine {
  sstid: string; sstt?: string; mu?: string; am: Decimal; fee: Decimal;
  prdis: Decimal; dis: Decimal; adis: Decimal; vra: Decimal; vam: Decimal; tsstam: Decimal;
}
export interface MoadianHeader {
  taxid: string; inno: string; indatim: number; inty: number; inp: number; ins: number; irtaxid?: string; tins: string;
  sbc?: string; tob?: number; bid?: string; tinb?: string; bpc?: string; bbc?: string;
  tprdis: Decimal; tdis: Decimal; tadis: Decimal; tvam: Decimal; todam: Decimal; tbill: Decimal;
  setm?: number; cap?: Decimal; insp?: Decimal;
}
export interface MoadianPayment { pmt: number; pv: Decimal; pdt: number; trn?: string }
export interface MoadianInvoice { header: MoadianHeader; body: MoadianBodyLine[]; payments: MoadianPayment[] }

/** Truncation toward zero to an integer rial («روش قطع کردن»). */
export function trunc(v: Decimal): Decimal {
  return v.toDecimalPlaces(0, Decimal.ROUND_DOWN);
}

function decimalIn(v: DecValue, field: string, maxDecimals: number, positive: boolean): Decimal {
  let d: Decimal;
  try {
    d = new Dec(v);
  } catch {
    throw fail.validation(field);
  }
  if (!d.isFinite() || d.decimalPlaces() > maxDecimals) throw fail.validation(field);
  if (positive ? d.lte(0) : d.lt(0)) throw fail.outOfRange(field);
  if (d.abs().gte(new Dec(10).pow(18))) throw fail.outOfRange(field);
  return d;
}

function bodyLine(line: MoadianLineInput, i: number): MoadianBodyLine {
  const f = (name: string) => `lines[${i}].${name}`;
  if (!/^\d{13}$/.test(line.sstid)) throw fail.validation(f('sstid'));
  const am = decimalIn(line.quantity, f('quantity'), 8, true);
  const fee = decimalIn(line.unitPrice, f('unitPrice'), 8, true);
  const vra = decimalIn(line.vatRate, f('vatRate'), 2, false);
  const prdis = trunc(am.mul(fee));
  if (prdis.lte(0)) throw fail.outOfRange(f('quantity')); // prdis must be > 0 (IITP §8)
  const dis = trunc(decimalIn(line.discount, f('discount'), 8, false));
  if (dis.gt(prdis)) throw fail.outOfRange(f('discount'));
  const adis = prdis.sub(dis);
  const vam = trunc(adis.mul(vra).div(100));
  return {
    sstid: line.sstid, sstt: line.description, mu: line.unitCode, am, fee,
    prdis, dis, adis, vra, vam, tsstam: adis.add(vam),
  };
}

const sum = (lines: MoadianBodyLine[], k: 'prdis' | 'dis' | 'adis' | 'vam' | 'tsstam') =>
  lines.reduce((s, l) => s.add(l[k]), new Dec(0));

function buyerFields(input: MoadianInvoiceInput): Partial<MoadianHeader> {
  const b = input.buyer;
  if (!b) {
    if (input.type === 1) throw fail.missing('buyer');
    return {};
  }
  return { tob: BUYER_CODE[b.kind], bid: b.nationalId, tinb: b.economicCode, bpc: b.postalCode, bbc: b.branchCode };
}

/** setm/cap/insp: type 2 is always cash and carries no setm (IITP §8-22); cap excludes VAT (§8-23). */
function settlementFields(input: MoadianInvoiceInput, tbill: Decimal, tvam: Decimal): Partial<MoadianHeader> {
  if (input.type === 2) return {};
  const setm = SETTLEMENT_CODE[input.settlement];
  if (input.settlement !== 'mixed') return { setm };
  const cap = trunc(decimalIn(input.cashAmount ?? 0, 'cashAmount', 0, true));
  const insp = tbill.sub(tvam).sub(cap);
  if (insp.lte(0)) throw fail.outOfRange('cashAmount');
  return { setm, cap, insp };
}

export function buildMoadianInvoice(input: MoadianInvoiceInput): MoadianInvoice {
  if (input.lines.length === 0) throw fail.missing('lines');
  if (!/^(\d{11}|\d{14})$/.test(input.sellerEconomicCode)) throw fail.validation('sellerEconomicCode');
  const needsReference = input.subject !== 'original';
  if (needsReference !== (input.referenceTaxid !== undefined)) throw fail.validation('referenceTaxid');
  const body = input.lines.map(bodyLine);
  const [tprdis, tdis, tadis, tvam, tbill] = (['prdis', 'dis', 'adis', 'vam', 'tsstam'] as const).map((k) => sum(body, k)) as [Decimal, Decimal, Decimal, Decimal, Decimal];
  const header: MoadianHeader = {
    taxid: makeTaxid({ fiscalId: input.fiscalId, issuedAtMs: input.issuedAtMs, serial: input.serial }),
    inno: innoOf(input.serial),
    indatim: input.issuedAtMs,
    inty: input.type,
    inp: 1,
    ins: SUBJECT_CODE[input.subject],
    irtaxid: input.referenceTaxid,
    tins: input.sellerEconomicCode,
    sbc: input.sellerBranchCode,
    ...buyerFields(input),
    tprdis, tdis, tadis, tvam, todam: new Dec(0), tbill,
    ...settlementFields(input, tbill, tvam),
  };
  const payments = (input.payments ?? []).map((p, i) => ({
    pmt: p.method, pv: decimalIn(p.amount, `payments[${i}].amount`, 0, false), pdt: p.paidAtMs, trn: p.trackingNumber,
  }));
  return { header, body, payments };
}
