import type { Outcome, Prng, SurfaceClient } from '../reliability/helpers/client.js';
import type { Locks, MInvoice, MLine, Model } from './model.js';
import { recordCashPayment } from './money-ops.js';

/** What the model knows about an operation's outcome before sending it. */
export type Expect = 'ok' | 'refused' | 'either';

export interface Stats {
  operations: number;
  acknowledged: number;
  refused: number;
  fiveHundreds: number;
  byName: Record<string, { ok: number; refused: number }>;
}

/** Shared by the concurrent clients of one seed's run. */
export class World {
  readonly log: string[] = [];
  readonly stats: Stats = { operations: 0, acknowledged: 0, refused: 0, fiveHundreds: 0, byName: {} };
  constructor(
    readonly model: Model,
    readonly locks: Locks,
  ) {}

  /** Records an outcome against the expectation; true when acknowledged. */
  judge(client: number, name: string, out: Outcome, expect: Expect, expectCode?: number | string): boolean {
    const s = this.stats;
    s.operations++;
    const b = (s.byName[name] ??= { ok: 0, refused: 0 });
    this.log.push(`#${s.operations} c${client} ${name} → ${out.kind} ${out.status} ${out.code ?? ''} ${out.kind === 'ok' ? '' : out.message.slice(0, 160)}`);
    const v = this.model.violations;
    if (out.kind === 'internal') {
      s.fiveHundreds++;
      v.push(`${name}: server error ${out.status} ${JSON.stringify(out.body).slice(0, 300)}`);
      return false;
    }
    if (out.kind === 'malformed' || out.kind === 'network') {
      v.push(`${name}: ${out.kind} reply ${out.status} ${out.message}`);
      return false;
    }
    if (out.kind === 'ok') {
      s.acknowledged++;
      b.ok++;
      if (expect === 'refused') v.push(`${name}: acknowledged but must be refused`);
      return true;
    }
    s.refused++;
    b.refused++;
    if (expect === 'ok') v.push(`${name}: refused (${out.code} ${out.message}) but must succeed`);
    if (expectCode !== undefined && out.code !== expectCode) v.push(`${name}: refused with ${out.code}, expected ${expectCode} (${out.message})`);
    return false;
  }
}

export type Op = (w: World, c: SurfaceClient, r: Prng, client: number) => Promise<void>;

const lockP = (id: number, excl = false) => ({ key: `p:${id}`, excl });
const lockC = (id: number, excl = false) => ({ key: `c:${id}`, excl });
const lockI = (id: number) => ({ key: `i:${id}`, excl: true });

function productFromSiba(m: Model, p: any): void {
  m.products.set(p.productId, { id: p.productId, code: String(p.productCode), kind: p.isService ? 'service' : 'goods', used: false });
}

// ---------------------------------------------------------------- products

const sibaCreateProduct: Op = async (w, c, r, n) => {
  const m = w.model;
  if (r.chance(0.15)) {
    const code = m.uniqueCode();
    m.mustNotExist.add(code);
    const out = await c.siba('POST', '/api/products', { code, sellPrice: 1000 });
    w.judge(n, 'siba.product.create(no name)', out, 'refused', 1001);
    return;
  }
  const isService = r.chance(0.15);
  const out = await c.siba('POST', '/api/products', { name: `کالای شبیه‌سازی ${m.uniqueCode()}`, buyPrice: r.int(1, 50) * 1000, sellPrice: r.int(1, 80) * 1000, isService });
  if (w.judge(n, 'siba.product.create', out, 'ok')) productFromSiba(m, out.body.data.product);
};

const sibaUpdateProduct: Op = async (w, c, r, n) => {
  const p = r.pick([...w.model.products.values()]);
  if (!p) return;
  const release = await w.locks.acquire([lockP(p.id)]);
  try {
    const exists = w.model.products.has(p.id);
    const out = await c.siba('PUT', '/api/products', { productId: p.id, productCode: 0, sellPrice: r.int(1, 90) * 1000, comment: `ویرایش ${r.int(1, 999)}` });
    w.judge(n, 'siba.product.update', out, exists ? 'ok' : 'refused');
  } finally {
    release();
  }
};

const sibaSetTotalQuantity: Op = async (w, c, r, n) => {
  const m = w.model;
  const p = r.pick(m.goods());
  if (!p) return;
  const release = await w.locks.acquire([lockP(p.id, true)]);
  try {
    if (!m.products.has(p.id)) return;
    const total = m.totalQty(p.id);
    const def = m.warehouses[0];
    if (r.chance(0.15)) {
      const out = await c.siba('PUT', '/api/products', { productId: p.id, totalQuantity: -r.int(1, 5) });
      w.judge(n, 'siba.product.totalQuantity(negative)', out, 'refused', 1001);
      return;
    }
    const target = Math.max(0, total + r.int(-6, 12));
    // A decrease larger than the default warehouse holds is refused (1005).
    const expect = target - total + m.qty(p.id, def) < 0 ? 'refused' : 'ok';
    const out = await c.siba('PUT', '/api/products', { productId: p.id, totalQuantity: target });
    if (w.judge(n, 'siba.product.totalQuantity', out, expect, expect === 'refused' ? 1005 : undefined)) {
      if (target !== total) {
        m.add(p.id, def, target - total, 'PUT totalQuantity');
        m.adjustments.push({ productId: p.id, warehouse: def, qty: target - total, date: m.today });
        p.used = true;
      }
      if (out.body.data.product.totalQuantity !== target) m.violations.push(`PUT totalQuantity ${target} answered ${out.body.data.product.totalQuantity}`);
    }
  } finally {
    release();
  }
};

/** Deletes through one of the three surfaces; refused (in use) exactly when the product has history. */
const deleteProduct: Op = async (w, c, r, n) => {
  const m = w.model;
  const p = r.pick([...m.products.values()]);
  if (!p) return;
  const release = await w.locks.acquire([lockP(p.id, true)]);
  try {
    if (!m.products.has(p.id)) return;
    const via = r.pick(['siba', 'hesabfa', 'chortke'] as const)!;
    const out =
      via === 'siba'
        ? await c.siba('DELETE', `/api/products?productId=${p.id}`)
        : via === 'hesabfa'
          ? await c.hesabfa('delete', { code: p.code })
          : await c.chortke('DELETE', `/v2/products/${p.id}`);
    const inUse = { siba: 1004, hesabfa: 190, chortke: 'IN_USE' }[via];
    if (w.judge(n, `${via}.product.delete${p.used ? '(in use)' : ''}`, out, p.used ? 'refused' : 'ok', p.used ? inUse : undefined)) m.products.delete(p.id);
  } finally {
    release();
  }
};

const hesabfaSave: Op = async (w, c, r, n) => {
  const m = w.model;
  const existing = r.chance(0.4) ? r.pick([...m.products.values()]) : undefined;
  if (existing) {
    const release = await w.locks.acquire([lockP(existing.id)]);
    try {
      if (!m.products.has(existing.id)) return;
      const out = await c.hesabfa('save', { item: { Code: existing.code, Name: `ویرایش هسابفا ${m.uniqueCode()}`, SellPrice: r.int(1, 70) * 1000 } });
      w.judge(n, 'hesabfa.save(update)', out, 'ok');
    } finally {
      release();
    }
    return;
  }
  const ItemType = r.chance(0.15) ? 1 : 0;
  const out = await c.hesabfa('save', { item: { Name: `کالای هسابفا ${m.uniqueCode()}`, ItemType, BuyPrice: r.int(1, 40) * 1000, SellPrice: r.int(1, 60) * 1000 } });
  if (w.judge(n, 'hesabfa.save(new)', out, 'ok')) {
    const it = out.body.Result;
    m.products.set(it.Id, { id: it.Id, code: String(it.Code), kind: it.ItemType === 1 ? 'service' : 'goods', used: false });
  }
};

/** batchsave: all or nothing; with an invalid item, none of the new codes may exist afterwards. */
const hesabfaBatchSave: Op = async (w, c, r, n) => {
  const m = w.model;
  const size = r.int(2, 5);
  const items = Array.from({ length: size }, () => ({ Code: m.uniqueCode(), Name: `دسته ${m.uniqueCode()}`, ItemType: 0, SellPrice: r.int(1, 50) * 1000 }));
  const invalid = r.chance(0.6);
  if (invalid) {
    const bad = r.int(0, size - 1);
    const how = r.int(0, 2);
    if (how === 0) (items[bad] as Record<string, unknown>).ItemType = 7;
    else if (how === 1) (items[bad] as Record<string, unknown>).SellPrice = -5;
    else (items[bad] as Record<string, unknown>).Name = '';
    for (const it of items) m.mustNotExist.add(it.Code);
  }
  const out = await c.hesabfa('batchsave', { items });
  if (w.judge(n, `hesabfa.batchsave${invalid ? '(invalid item)' : ''}`, out, invalid ? 'refused' : 'ok')) {
    for (const it of out.body.Result) m.products.set(it.Id, { id: it.Id, code: String(it.Code), kind: 'goods', used: false });
  }
};

const chortkeProduct: Op = async (w, c, r, n) => {
  const m = w.model;
  const existing = r.chance(0.35) ? r.pick([...m.products.values()]) : undefined;
  if (existing) {
    const release = await w.locks.acquire([lockP(existing.id)]);
    try {
      if (!m.products.has(existing.id)) return;
      const out = await c.chortke('PUT', `/v2/products/${existing.id}`, { title: `ویرایش چرتکه ${m.uniqueCode()}`, sellPrice: r.int(1, 90) * 1000 });
      w.judge(n, 'chortke.product.update', out, 'ok');
    } finally {
      release();
    }
    return;
  }
  if (r.chance(0.2)) {
    const code = m.uniqueCode();
    m.mustNotExist.add(code);
    const out = await c.chortke('POST', '/v2/products', { accountingCode: code, title: 'نسبت نامعتبر', isProduct: true, subUnit: 'کارتن', conversionRatio: 0 });
    w.judge(n, 'chortke.product.create(conversionRatio 0)', out, 'refused', 'VALIDATION_ERROR');
    return;
  }
  const isProduct = !r.chance(0.15);
  const out = await c.chortke('POST', '/v2/products', { title: `محصول چرتکه ${m.uniqueCode()}`, isProduct, sellPrice: r.int(1, 90) * 1000, buyPrice: r.int(1, 50) * 1000 });
  if (w.judge(n, 'chortke.product.create', out, 'ok')) {
    const p = out.body.product;
    m.products.set(p.id, { id: p.id, code: String(p.accountingCode), kind: p.isProduct ? 'goods' : 'service', used: false });
  }
};

// ---------------------------------------------------------------- parties

const createParty: Op = async (w, c, r, n) => {
  const m = w.model;
  if (r.chance(0.5)) {
    // An opening balance is a use: such a customer can never be deleted (issue 18 point 2).
    const opening = r.chance(0.3) ? r.int(1, 50) * 1000 : 0;
    // An opening balance is dated in the first fiscal year (last year): hold it open meanwhile.
    const release = opening ? await w.locks.acquire([{ key: 'year', excl: false }]) : () => {};
    const out = await c.siba('POST', '/api/customers', { firstName: 'مشتری', lastName: `شماره ${m.uniqueCode()}`, initialBalance: opening }).finally(release);
    if (w.judge(n, `siba.customer.create${opening ? '(opening balance)' : ''}`, out, 'ok')) m.parties.set(out.body.data.customer.id, { id: out.body.data.customer.id, used: opening !== 0 });
    return;
  }
  if (r.chance(0.2)) {
    const out = await c.chortke('POST', '/v2/persons', { nickName: 'کد ملی نامعتبر', personType: 'customer', nationalCode: '1111111111' });
    w.judge(n, 'chortke.person.create(bad nationalCode)', out, 'refused', 'VALIDATION_ERROR');
    return;
  }
  const out = await c.chortke('POST', '/v2/persons', { nickName: `شخص ${m.uniqueCode()}`, personType: r.pick(['customer', 'provider'])! });
  if (w.judge(n, 'chortke.person.create', out, 'ok')) m.parties.set(out.body.person.id, { id: out.body.person.id, used: false });
};

const updateParty: Op = async (w, c, r, n) => {
  const m = w.model;
  const p = r.pick([...m.parties.values()]);
  if (!p) return;
  const release = await w.locks.acquire([lockC(p.id)]);
  try {
    if (!m.parties.has(p.id)) return;
    const out = r.chance(0.5)
      ? await c.siba('PUT', '/api/customers', { customerId: p.id, city: `شهر ${r.int(1, 99)}` })
      : await c.chortke('PUT', `/v2/persons/${p.id}`, { city: `شهر ${r.int(1, 99)}` });
    w.judge(n, 'party.update', out, 'ok');
  } finally {
    release();
  }
};

const deleteParty: Op = async (w, c, r, n) => {
  const m = w.model;
  const p = r.pick([...m.parties.values()]);
  if (!p || m.parties.size <= 2) return;
  const release = await w.locks.acquire([lockC(p.id, true)]);
  try {
    if (!m.parties.has(p.id)) return;
    const siba = r.chance(0.5);
    const out = siba ? await c.siba('DELETE', `/api/customers?customerId=${p.id}`) : await c.chortke('DELETE', `/v2/persons/${p.id}`);
    if (w.judge(n, `${siba ? 'siba.customer' : 'chortke.person'}.delete${p.used ? '(in use)' : ''}`, out, p.used ? 'refused' : 'ok', p.used ? (siba ? 1004 : 'IN_USE') : undefined)) {
      m.parties.delete(p.id);
    }
  } finally {
    release();
  }
};

// ---------------------------------------------------------------- invoices

function invoiceFromReply(f: any, type: 1 | 2 | 4, partyId: number, lines: MLine[], date: string, originalId?: number): MInvoice {
  return { id: f.factorId, type, partyId, lines, voided: false, date, originalId, returns: new Set() };
}

/** A purchase or a sale with 1–3 lines, sometimes with a service line. */
export const trade = (type: 1 | 2): Op => async (w, c, r, n) => {
  const m = w.model;
  const party = r.pick([...m.parties.values()]);
  const goods = m.goods();
  if (!party || goods.length === 0) return;
  const chosen = new Map<number, MLine>();
  // Sales mostly take (product, warehouse) pairs that hold stock, so that they can succeed.
  const stocked = [...m.stock.entries()].filter(([k, q]) => q > 0 && m.products.has(Number(k.split(':')[0]))).map(([k]) => k.split(':').map(Number));
  for (let i = r.int(1, type === 2 ? 2 : 3); i > 0; i--) {
    const pair = type === 2 && stocked.length && r.chance(0.85) ? r.pick(stocked)! : [r.pick(goods)!.id, r.pick(m.warehouses)!];
    const p = m.products.get(pair[0])!;
    const warehouse = pair[1];
    if (chosen.has(p.id)) continue;
    const stock = m.qty(p.id, warehouse);
    // Sales mostly near the available stock: concurrent clients fight over the last units.
    const qty = type === 1 ? r.int(1, 20) : r.chance(0.7) ? r.int(1, Math.max(1, stock + 1)) : r.int(1, 4);
    chosen.set(p.id, { productId: p.id, warehouse, qty, goods: true });
  }
  const services = [...m.products.values()].filter((p) => p.kind === 'service');
  if (services.length && r.chance(0.2)) {
    const s = r.pick(services)!;
    chosen.set(s.id, { productId: s.id, warehouse: 0, qty: 1, goods: false });
  }
  const lines = [...chosen.values()];
  const release = await w.locks.acquire([lockC(party.id), ...lines.map((l) => lockP(l.productId))]);
  try {
    if (!m.parties.has(party.id) || lines.some((l) => !m.products.has(l.productId))) return;
    const details = lines.map((l) => {
      const price = r.int(1, 60) * 500;
      // Issue 18 point 4: discounts finer than the rial are rounded before they are stored.
      const discount = r.chance(0.2) ? { discount: r.int(0, 9999) / 10000 } : {};
      return { itemId: l.productId, quantity: l.qty, price, sumPrice: l.qty * price, ...discount, ...(l.goods ? { warehouseCode: l.warehouse } : {}) };
    });
    const header = r.chance(0.2) ? { discount: r.pick([0.5, 0.25, 0.3333])!, roundPrice: r.pick([0.25, -0.5, 0.4999])! } : {};
    // Sometimes back-dated (issue 18 point 7): a sale then needs stock at its own date and after.
    const backdated = r.chance(0.3);
    const date = m.docDate(backdated, r.int(1, 15));
    const out = await c.siba('POST', '/api/factors', { invoiceType: type, invoiceDate: date, personId: party.id, details, ...header });
    const name = `${type === 1 ? 'siba.factor.purchase' : 'siba.factor.sale'}${date < m.today ? '(back-dated)' : ''}`;
    // A purchase must succeed; a sale's outcome depends on concurrent sales of the same stock.
    if (w.judge(n, name, out, type === 1 ? 'ok' : 'either', type === 2 ? 1005 : undefined)) {
      const inv = invoiceFromReply(out.body.data.factor, type, party.id, lines, date);
      m.invoices.set(inv.id, inv);
      m.applyInvoice(inv, 1, `${name} ${inv.id}`);
      party.used = true;
      for (const l of lines) m.products.get(l.productId)!.used = true;
    }
  } finally {
    release();
  }
};

/** Factors that must be refused whole, with a valid line beside the bad one (nothing half-written). */
const invalidFactor: Op = async (w, c, r, n) => {
  const m = w.model;
  const party = r.pick([...m.parties.values()]);
  const p = r.pick(m.goods());
  if (!party || !p) return;
  const release = await w.locks.acquire([lockC(party.id), lockP(p.id)]);
  try {
    if (!m.parties.has(party.id) || !m.products.has(p.id)) return;
    const good = { itemId: p.id, quantity: 2, price: 1000, warehouseCode: m.warehouses[0] };
    const cases: [string, Record<string, unknown>, number][] = [
      ['unknown item', { invoiceType: 1, personId: party.id, details: [good, { itemId: 987654, quantity: 1, price: 100 }] }, 1002],
      ['zero quantity', { invoiceType: 1, personId: party.id, details: [good, { itemId: p.id, quantity: 0, price: 100 }] }, 1001],
      ['wrong sumPrice', { invoiceType: 1, personId: party.id, details: [good, { itemId: p.id, quantity: 3, price: 100, sumPrice: 301 }] }, 1001],
      ['no personId', { invoiceType: 1, details: [good] }, 1001],
      ['unknown warehouse', { invoiceType: 1, personId: party.id, details: [{ ...good, warehouseCode: 77 }] }, 1002],
      ['bad invoiceType', { invoiceType: 9, personId: party.id, details: [good] }, 1001],
      ['negative price', { invoiceType: 2, personId: party.id, details: [{ ...good, price: -10 }] }, 1001],
      // Issue 18 point 5: ambiguous number spellings and values past the columns.
      ['quantity "1,5"', { invoiceType: 1, personId: party.id, details: [good, { ...good, quantity: '1,5' }] }, 1001],
      ['quantity "0x10"', { invoiceType: 1, personId: party.id, details: [good, { ...good, quantity: '0x10' }] }, 1001],
      ['quantity true', { invoiceType: 1, personId: party.id, details: [good, { ...good, quantity: true }] }, 1001],
      ['price past the column', { invoiceType: 1, personId: party.id, details: [good, { ...good, price: '100000000000000000000' }] }, 1001],
    ];
    const [what, body, code] = r.pick(cases)!;
    const out = await c.siba('POST', '/api/factors', body);
    w.judge(n, `siba.factor(${what})`, out, 'refused', code);
  } finally {
    release();
  }
};

/** A sale return naming its sale; over-returning is refused. */
const saleReturn: Op = async (w, c, r, n) => {
  const m = w.model;
  const sale = r.pick([...m.invoices.values()].filter((i) => i.type === 2 && (!i.voided || r.chance(0.1))));
  if (!sale) return;
  const goodsLines = sale.lines.filter((l) => l.goods);
  if (!goodsLines.length) return;
  const release = await w.locks.acquire([lockI(sale.id), lockC(sale.partyId), ...goodsLines.map((l) => lockP(l.productId))]);
  try {
    if (!m.parties.has(sale.partyId)) return;
    const l = r.pick(goodsLines)!;
    const left = m.returnable(sale, l.productId);
    const over = r.chance(0.15);
    const qty = over ? left + r.int(1, 3) : r.int(1, Math.max(1, left));
    // Sometimes dated before its sale: refused (issue 18 point 7); otherwise on or after it.
    const early = sale.date > m.docDate(true, 999) && r.chance(0.12);
    const chosen = m.docDate(r.chance(0.3), r.int(1, 15));
    const date = early ? m.docDate(true, 999) : chosen < sale.date ? sale.date : chosen;
    const expect = sale.voided || qty > left || early ? 'refused' : 'ok';
    const out = await c.siba('POST', '/api/factors', {
      invoiceType: 4,
      invoiceDate: date,
      personId: sale.partyId,
      originalFactorId: sale.id,
      details: [{ itemId: l.productId, quantity: qty, price: 1000, warehouseCode: l.warehouse }],
    });
    const line: MLine = { productId: l.productId, warehouse: l.warehouse, qty, goods: true };
    const what = sale.voided ? '(voided sale)' : over ? '(over)' : early ? '(before its sale)' : '';
    if (w.judge(n, `siba.factor.saleReturn${what}`, out, expect, early && !sale.voided ? 1001 : undefined)) {
      const inv = invoiceFromReply(out.body.data.factor, 4, sale.partyId, [line], date, sale.id);
      m.invoices.set(inv.id, inv);
      sale.returns.add(inv.id);
      m.applyInvoice(inv, 1, `sale return ${inv.id}`);
    }
  } finally {
    release();
  }
};

/** DELETE /api/factors/{id}: reverses stock; refused twice, and for a sale with live returns. */
const voidInvoice: Op = async (w, c, r, n) => {
  const m = w.model;
  const inv = r.pick([...m.invoices.values()].filter((i) => !i.voided || r.chance(0.15)));
  if (!inv) return;
  // Sometimes the same Idempotency-Key is then sent to another invoice's DELETE: refused (issue 18 point 3).
  const other = r.chance(0.3) ? r.pick([...m.invoices.values()].filter((i) => i.id !== inv.id)) : undefined;
  const key = other ? { 'idempotency-key': `void-${m.uniqueCode()}` } : undefined;
  const keys = [lockI(inv.id), ...inv.lines.map((l) => lockP(l.productId))];
  if (other) keys.push(lockI(other.id));
  if (inv.originalId) keys.push(lockI(inv.originalId));
  const release = await w.locks.acquire(keys);
  try {
    // Voiding a purchase or a sale return takes stock out again: refused (1005) when it was sold meanwhile.
    const expect = inv.voided || inv.returns.size > 0 ? 'refused' : inv.type === 2 ? 'ok' : 'either';
    const out = await c.siba('DELETE', `/api/factors/${inv.id}`, undefined, key);
    const what = inv.voided ? '(twice)' : inv.returns.size ? '(has returns)' : '';
    if (w.judge(n, `siba.factor.void[${inv.type}]${what}`, out, expect, inv.voided || inv.returns.size ? 1003 : inv.type === 2 ? undefined : 1005)) {
      inv.voided = true;
      m.applyInvoice(inv, -1, `void ${inv.id}`);
      if (inv.originalId) m.invoices.get(inv.originalId)!.returns.delete(inv.id);
      if (other && key) {
        const again = await c.siba('DELETE', `/api/factors/${other.id}`, undefined, key);
        w.judge(n, 'siba.factor.void(key reused on another id)', again, 'refused', 1003);
      }
    }
  } finally {
    release();
  }
};

// ---------------------------------------------------------------- money, openings

const payment: Op = async (w, c, r, n) => {
  const m = w.model;
  const party = r.pick([...m.parties.values()]);
  if (!party) return;
  // The register's balance decides a payment out: one payment at a time (key 'cash').
  const release = await w.locks.acquire([lockC(party.id), { key: 'cash', excl: true }]);
  try {
    if (!m.parties.has(party.id)) return;
    const kind = r.pick(['receipt', 'payment'] as const)!;
    if (r.chance(0.2)) {
      const out = await c.siba('POST', '/api/payments', { kind, personId: party.id, amount: -r.int(1, 900), cashRegisterId: m.cashRegisterId });
      w.judge(n, 'siba.payment(negative)', out, 'refused', 1001);
      return;
    }
    const amount = r.int(1, 400) * 1000;
    const overdraw = kind === 'payment' && amount > m.cash;
    const out = await c.siba('POST', '/api/payments', { kind, personId: party.id, amount, cashRegisterId: m.cashRegisterId });
    if (w.judge(n, `siba.payment${overdraw ? '(overdraw)' : ''}`, out, overdraw ? 'refused' : 'ok', overdraw ? 1005 : undefined)) {
      recordCashPayment(m, out.body, kind, amount);
      party.used = true;
    }
  } finally {
    release();
  }
};

/** Hesabfa UpdateOpeningQuantity: replaces the product's opening (quantity may move warehouse). */
const openingQuantity: Op = async (w, c, r, n) => {
  const m = w.model;
  const p = r.pick(m.goods());
  if (!p) return;
  // Openings are dated in the first fiscal year (last year's): refused while it is closed.
  const release = await w.locks.acquire([lockP(p.id, true), { key: 'year', excl: false }]);
  try {
    if (!m.products.has(p.id)) return;
    if (m.lastYearClosed) {
      const out = await c.hesabfa('UpdateOpeningQuantity', { items: [{ Code: p.code, Quantity: r.int(1, 5), UnitPrice: 1000 }] });
      w.judge(n, 'hesabfa.UpdateOpeningQuantity(closed year)', out, 'refused', 114);
      return;
    }
    if (r.chance(0.15)) {
      const out = await c.hesabfa('UpdateOpeningQuantity', { items: [{ Code: p.code, Quantity: 0, UnitPrice: 1000 }] });
      w.judge(n, 'hesabfa.UpdateOpeningQuantity(zero)', out, 'refused', 114);
      return;
    }
    const warehouse = r.pick(m.warehouses)!;
    const qty = r.int(1, 15);
    const prev = p.opening;
    // The opening is dated at the year's start: replacing it must leave every later date non-negative.
    // (The server also checks each position within a date, which the model cannot order: 'either'.)
    const after = [...m.liveEvents({ openingOf: p.id }), { productId: p.id, warehouse, qty, date: m.openingDate }].filter((e) => e.productId === p.id);
    const expect = m.firstNegative(after) ? 'refused' : prev ? 'either' : 'ok';
    const out = await c.hesabfa('UpdateOpeningQuantity', { items: [{ Code: p.code, Quantity: qty, UnitPrice: r.int(1, 30) * 1000, WarehouseCode: warehouse }] });
    if (w.judge(n, 'hesabfa.UpdateOpeningQuantity', out, expect, expect === 'refused' ? 190 : undefined)) {
      m.add(p.id, warehouse, qty, 'opening');
      if (prev) m.add(p.id, prev.warehouse, -prev.qty, 'opening replaced');
      p.opening = { warehouse, qty };
      p.used = true;
    }
  } finally {
    release();
  }
};

/** A unit change through Hesabfa save: refused (190) once the product has history, unless it is the same unit. */
const unitChange: Op = async (w, c, r, n) => {
  const m = w.model;
  const p = r.pick([...m.products.values()]);
  if (!p) return;
  const release = await w.locks.acquire([lockP(p.id, true)]);
  try {
    if (!m.products.has(p.id)) return;
    const unit = r.pick(['عدد', 'کارتن'])!;
    const same = unit === (p.unit ?? 'عدد');
    const expect = p.used && !same ? 'refused' : 'ok';
    const out = await c.hesabfa('save', { item: { Code: p.code, Unit: unit } });
    if (w.judge(n, `hesabfa.save(unit${expect === 'refused' ? ', in use' : ''})`, out, expect, expect === 'refused' ? 190 : undefined)) p.unit = unit;
  } finally {
    release();
  }
};

/** The operation mix: weights favour the documents that move stock and money. */
export const OPERATIONS: readonly (readonly [number, Op])[] = [
  [6, sibaCreateProduct],
  [3, sibaUpdateProduct],
  [4, sibaSetTotalQuantity],
  [3, deleteProduct],
  [4, hesabfaSave],
  [3, hesabfaBatchSave],
  [3, chortkeProduct],
  [4, createParty],
  [2, updateParty],
  [2, deleteParty],
  [14, trade(1)],
  [18, trade(2)],
  [4, invalidFactor],
  [6, saleReturn],
  [6, voidInvoice],
  [5, payment],
  [4, openingQuantity],
  [2, unitChange],
];
