import { systemActor } from '../../../src/domain/context.js';
import type { Database } from '../../../src/db/connection.js';
import { transact } from '../../../src/db/transact.js';
import type { Actor, Tx } from '../../../src/domain/context.js';
import { createProduct } from '../../../src/domain/catalog/products.js';
import { createParty } from '../../../src/domain/parties/parties.js';
import { createCashRegister } from '../../../src/domain/money/accounts.js';
import { postPayment } from '../../../src/domain/money/payments.js';
import { postInvoice, voidInvoice } from '../../../src/domain/invoicing/index.js';
import { createWarehouse, defaultWarehouse, postStockAdjustment } from '../../../src/domain/stock/index.js';
import { Dec } from '../../../src/domain/shared/money.js';

/**
 * A small business built through the real domain functions, with figures computed by hand
 * (see docs/reports.md "Test business"):
 *  - 2024-04-01 opening stock: A 10 @ 100,000 in warehouse 1, B 5 @ 30,000 in warehouse 1,
 *    A 5 @ 130,000 in warehouse 2 → A 15 / 1,650,000 (avg 110,000), B 5 / 150,000.
 *  - customer «علی رضایی» opening balance 1,000,000 (dated 1403/01/01 = 2024-03-20).
 *  - 2024-06-10 purchase from «شرکت پخش»: A 5 @ 122,000 into warehouse 1, VAT 10% → 671,000;
 *    A 20 / 2,260,000, avg 113,000.
 *  - 2024-07-15 sale: A 8 @ 200,000 from warehouse 1 + service 1 @ 500,000, VAT 10% → 2,310,000;
 *    COGS 904,000.
 *  - 2024-08-20 receipt 1,500,000 from the customer into the cash register.
 *  - 2024-09-01 sale: B 2 @ 50,000, no VAT → 100,000; COGS 60,000.
 *  - 2024-09-05 sale: B 1 @ 50,000, then voided.
 */
export interface Fixture {
  actor: Actor;
  productA: number;
  productB: number;
  service: number;
  customer: number;
  supplier: number;
  warehouse1: number;
  warehouse2: number;
  voidedInvoice: number;
}

export async function buildBusiness(database: Database, businessId: number, userId: number): Promise<Fixture> {
  const actor: Actor = { businessId, userId, role: 'admin', surface: 'system' };
  const run = <T>(fn: (tx: Tx) => Promise<T>) => transact(database.db, fn);
  const d = (v: number | string) => new Dec(v);

  const productA = (await run((tx) => createProduct(tx, actor, { name: 'کالای الف', orderPoint: d(15), minimumOrder: d(5), waitingTime: 3 }))).id;
  const productB = (await run((tx) => createProduct(tx, actor, { name: 'کالای ب' }))).id;
  const service = (await run((tx) => createProduct(tx, actor, { name: 'خدمت نصب', kind: 'service' }))).id;
  const w1 = await defaultWarehouse(database.db, systemActor(businessId));
  const w2 = await run((tx) => createWarehouse(tx, actor, { name: 'انبار شعبه' }));

  await run((tx) =>
    postStockAdjustment(tx, actor, {
      date: '2024-04-01',
      warehouseId: w1.id,
      kind: 'opening',
      lines: [
        { productId: productA, quantity: d(10), unitCost: d(100000) },
        { productId: productB, quantity: d(5), unitCost: d(30000) },
      ],
    }),
  );
  await run((tx) =>
    postStockAdjustment(tx, actor, { date: '2024-04-01', warehouseId: w2.id, kind: 'opening', lines: [{ productId: productA, quantity: d(5), unitCost: d(130000) }] }),
  );

  const customer = (await run((tx) => createParty(tx, actor, { firstName: 'علی', lastName: 'رضایی', roles: ['customer'], openingBalance: d(1000000) }))).id;
  const supplier = (await run((tx) => createParty(tx, actor, { companyName: 'شرکت پخش', kind: 'company', roles: ['serviceProvider'] }))).id;
  const cash = await run((tx) => createCashRegister(tx, actor, { name: 'صندوق اصلی' }));

  await run((tx) =>
    postInvoice(tx, actor, {
      type: 'purchase',
      date: '2024-06-10',
      partyId: supplier,
      lines: [{ productId: productA, kind: 'goods', warehouseId: w1.id, quantity: d(5), unitPrice: d(122000), vatRate: d(10) }],
    }),
  );
  await run((tx) =>
    postInvoice(tx, actor, {
      type: 'sale',
      date: '2024-07-15',
      partyId: customer,
      lines: [
        { productId: productA, kind: 'goods', warehouseId: w1.id, quantity: d(8), unitPrice: d(200000), vatRate: d(10) },
        { productId: service, kind: 'service', quantity: d(1), unitPrice: d(500000), vatRate: d(10) },
      ],
    }),
  );
  await run((tx) => postPayment(tx, actor, { kind: 'receipt', partyId: customer, amount: d(1500000), date: '2024-08-20', cashRegisterId: cash.id }));
  await run((tx) =>
    postInvoice(tx, actor, {
      type: 'sale',
      date: '2024-09-01',
      partyId: customer,
      lines: [{ productId: productB, kind: 'goods', warehouseId: w1.id, quantity: d(2), unitPrice: d(50000), vatRate: d(0) }],
    }),
  );
  const voided = await run((tx) =>
    postInvoice(tx, actor, {
      type: 'sale',
      date: '2024-09-05',
      partyId: customer,
      lines: [{ productId: productB, kind: 'goods', warehouseId: w1.id, quantity: d(1), unitPrice: d(50000), vatRate: d(0) }],
    }),
  );
  await run((tx) => voidInvoice(tx, actor, voided.id));
  return { actor, productA, productB, service, customer, supplier, warehouse1: w1.id, warehouse2: w2.id, voidedInvoice: voided.id };
}
