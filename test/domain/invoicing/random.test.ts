import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../helpers/app.js';
import { isDomainError } from '../../../src/domain/errors.js';
import type { Invoice } from '../../../src/domain/invoicing/index.js';
import { Dec } from '../../../src/domain/shared/money.js';
import { D, actorFor, addParty, addProduct, addWarehouse, goods, ledger, post, voidIt } from './fixtures.js';

/** A small deterministic PRNG (mulberry32), so a failure replays. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random purchases, sales, returns and voids; a model of the expected on-hand quantities is
 * replayed against the database, then every invariant of accounting.md is checked.
 */
describe('invoicing: random operations keep every invariant', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('120 random operations', async () => {
    const biz = t.business.businessId;
    const admin = actorFor(biz, t.business.adminUserId);
    const rand = rng(20251125);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const parties = [await addParty(t.database, admin, 'الف'), await addParty(t.database, admin, 'ب')];
    const products = [await addProduct(t.database, biz), await addProduct(t.database, biz), await addProduct(t.database, biz)];
    const service = await addProduct(t.database, biz, { kind: 'service' });
    const w2 = await addWarehouse(t.database, admin, 2);
    const w1 = await t.database.db.selectFrom('warehouses').select('id').where('business_id', '=', biz).where('code', '=', 1).executeTakeFirstOrThrow();
    const warehouses = [Number(w1.id), w2];
    const TYPE = { 1: 'purchase', 2: 'sale', 3: 'purchaseReturn', 4: 'saleReturn', 5: 'proforma' } as const;
    const model = new Map<string, Dec>(); // `${product}:${warehouseId}` → on hand
    const key = (p: number, w: number) => `${p}:${w}`;
    const onHand = (p: number, w: number) => model.get(key(p, w)) ?? new Dec(0);
    const live: Invoice[] = [];
    const outcome: Record<string, number> = {};
    const tally = (k: string) => (outcome[k] = (outcome[k] ?? 0) + 1);

    for (let step = 0; step < 120; step++) {
      const roll = rand();
      const type = roll < 0.3 ? 1 : roll < 0.65 ? 2 : roll < 0.75 ? 3 : roll < 0.85 ? 4 : roll < 0.9 ? 5 : 0; // 0 = void
      try {
        if (type === 0) {
          const victim = live.length ? pick(live) : undefined;
          if (!victim) continue;
          await voidIt(t.database, admin, victim.id);
          const sign = { purchase: -1, sale: 1, purchaseReturn: 1, saleReturn: -1, proforma: 0 }[victim.type];
          for (const l of victim.lines) if (l.kind === 'goods') model.set(key(l.productId, l.warehouse!.id), onHand(l.productId, l.warehouse!.id).plus(D(l.quantity).times(sign)));
          live.splice(live.indexOf(victim), 1);
          tally('void');
          continue;
        }
        const party = pick(parties);
        const n = 1 + Math.floor(rand() * 3);
        const lines = Array.from({ length: n }, () => {
          const p = pick(products);
          return goods(p, 1 + Math.floor(rand() * 6), 100 + Math.floor(rand() * 900), {
            warehouseId: pick(warehouses),
            vatRate: D(pick([0, 9, 10])),
            discount: D(pick([0, 0, 50])),
          });
        });
        if (rand() < 0.3) lines.push({ productId: service, quantity: D(1), unitPrice: D(333), vatRate: D(10) });
        let originalInvoiceId: number | undefined;
        if (type === 4) {
          const sale = live.find((i) => i.type === 'sale' && i.partyId === party.id);
          if (sale && rand() < 0.7) {
            originalInvoiceId = sale.id;
            const l = sale.lines.find((x) => x.kind === 'goods')!;
            lines.splice(0, lines.length, goods(l.productId, 1, l.unitPrice, { warehouseId: l.warehouse!.id }));
          }
        }
        const inv = await post(t.database, admin, {
          type: TYPE[type],
          partyId: party.id,
          discount: D(pick([0, 10])),
          serviceChargeRate: D(pick([0, 0, 5])),
          originalInvoiceId,
          lines,
        });
        const sign = { 1: 1, 2: -1, 3: -1, 4: 1, 5: 0 }[type]!;
        for (const l of inv.lines) if (l.kind === 'goods') model.set(key(l.productId, l.warehouse!.id), onHand(l.productId, l.warehouse!.id).plus(D(l.quantity).times(sign)));
        live.push(inv);
        tally(`post${type}`);
      } catch (err) {
        assert.ok(isDomainError(err), `step ${step}: ${String(err)}`);
        assert.ok(['INSUFFICIENT_STOCK', 'CONFLICT', 'VALIDATION'].includes(err.code), `step ${step}: ${err.code} ${err.messageEn}`);
        tally(err.code);
      }
    }
    if (process.env.TEST_VERBOSE) console.log(outcome);
    assert.ok((outcome.post1 ?? 0) > 10 && (outcome.post2 ?? 0) > 5 && (outcome.void ?? 0) > 3, JSON.stringify(outcome));

    // The model's on-hand = the balances = Σ movements; nothing below zero.
    const rows = await sql<{ product_id: number; code: number; quantity: string; moved: string }>`
      select b.product_id, w.code, b.quantity::text,
             (select coalesce(sum(m.quantity), 0) from stock_movements m
               where m.business_id = b.business_id and m.product_id = b.product_id and m.warehouse_id = b.warehouse_id)::text as moved
        from stock_balances b join warehouses w on w.business_id = b.business_id and w.id = b.warehouse_id
       where b.business_id = ${biz}`.execute(t.database.db);
    for (const r of rows.rows) {
      assert.equal(D(r.quantity).toFixed(), D(r.moved).toFixed(), 'balance = Σ movements');
      assert.equal(D(r.quantity).toFixed(), onHand(Number(r.product_id), Number(r.code)).toFixed(), `model ${r.product_id}@${r.code}`);
      assert.ok(D(r.quantity).gte(0));
    }
    const l = await ledger(t.database, biz);
    assert.equal(l.trial, '0', 'trial balance');
    assert.equal(l.inventory, l.valuation, 'inventory account = valuation');
    // Every voucher balances; every posted non-proforma invoice has one; every void its reversal.
    const unbalanced = await sql<{ id: number }>`
      select voucher_id as id from voucher_lines where business_id = ${biz} group by voucher_id having sum(debit) <> sum(credit)`.execute(t.database.db);
    assert.deepEqual(unbalanced.rows, []);
    const orphans = await sql<{ id: number }>`
      select id from invoices where business_id = ${biz}
         and ((invoice_type <> 5 and voucher_id is null) or (status = 'voided' and invoice_type <> 5 and void_voucher_id is null))`.execute(t.database.db);
    assert.deepEqual(orphans.rows, []);
    // A party's ledger balance = Σ payable of its live sales − returns … as posted (receivable side).
    for (const p of parties) {
      const expected = live
        .filter((i) => i.partyId === p.id && (i.type === 'sale' || i.type === 'saleReturn'))
        .reduce((s, i) => (i.type === 'sale' ? s.plus(i.payable) : s.minus(i.payable)), new Dec(0));
      const got = await sql<{ b: string }>`
        select coalesce(sum(l.debit - l.credit), 0)::text as b from voucher_lines l
          join accounts a on a.business_id = l.business_id and a.id = l.account_id
         where l.business_id = ${biz} and a.role = 'receivable' and l.detail_id = ${p.detailId}`.execute(t.database.db);
      assert.equal(D(got.rows[0].b).toFixed(), expected.toFixed(), `receivable of party ${p.id}`);
    }
  });
});
