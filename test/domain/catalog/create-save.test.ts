import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, snapshotCounts, type TestApp } from '../../helpers/app.js';
import { transact } from '../../../src/db/transact.js';
import type { Actor, Tx } from '../../../src/domain/context.js';
import { isDomainError } from '../../../src/domain/errors.js';
import { dec } from '../../../src/domain/shared/money.js';
import { createProduct, createProducts, getProduct } from '../../../src/domain/catalog/products.js';
import type { ProductInput } from '../../../src/domain/catalog/types.js';
import { saveProductByCode, saveProductsByCode } from '../../../src/domain/catalog/save-by-code.js';

describe('catalog: one create path, save by code', () => {
  let t: TestApp;
  let actor: Actor;
  const run = <T>(fn: (tx: Tx) => Promise<T>) => transact(t.database.db, fn);
  before(async () => {
    t = await testApp();
    actor = { businessId: t.business.businessId, userId: t.business.adminUserId, role: 'admin', surface: 'system' };
  });
  after(() => t.close());

  it('createProducts with one input is a single create: next code, default unit, exact prices, barcodes', async () => {
    const [a] = await run((tx) => createProducts(tx, actor, [{ name: 'قند', sellPrice: dec('9007199254740993'), barcodes: ['۶۲۶۰۱'] }]));
    const b = await run((tx) => createProduct(tx, actor, { name: 'شکر' }));
    assert.equal(Number(b.code), Number(a.code) + 1);
    assert.equal(a.code.length, 6);
    assert.equal(a.sellPrice, '9007199254740993');
    assert.equal(a.unit, b.unit);
    assert.ok(a.unit);
    assert.deepEqual(a.barcodes.map((x) => x.barcode), ['62601']);
    assert.deepEqual(await getProduct(t.database.db, actor, a.id), { ...a });
  });

  it('a single create refuses a taken code and a taken barcode, naming the field, writing nothing', async () => {
    await run((tx) => createProduct(tx, actor, { name: 'نمک', code: 'S-1', barcodes: ['777'] }));
    const before = await snapshotCounts(t.database);
    for (const [input, field] of [
      [{ name: 'نمک ۲', code: 's-1' }, 'code'],
      [{ name: 'نمک ۳', barcodes: ['777'] }, 'barcodes'],
      [{ name: 'نمک ۴', sellPrice: dec('-1') }, 'sellPrice'],
    ] as [ProductInput, string][]) {
      await assert.rejects(
        run((tx) => createProduct(tx, actor, input)),
        (e) => isDomainError(e) && e.field === field,
      );
    }
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('saveProductByCode: an unknown code creates, a known code changes only the fields sent', async () => {
    const first = await run((tx) => saveProductByCode(tx, actor, { code: 'T-9', input: { name: 'چای', sellPrice: dec('100') }, forCreate: () => ({ name: 'چای', code: 'T-9', sellPrice: dec('100') }) }));
    assert.equal(first.created, true);
    const second = await run((tx) =>
      saveProductByCode(tx, actor, { code: 't-9', input: { sellPrice: dec('120') }, forCreate: () => { throw new Error('must not create'); } }),
    );
    assert.equal(second.created, false);
    assert.equal(second.product.id, first.product.id);
    assert.equal(second.product.sellPrice, '120');
    assert.equal(second.product.name, 'چای');
    assert.equal(second.product.code, 'T-9');
  });

  it('saveProductsByCode: a refusal names the item’s index and writes nothing', async () => {
    const before = await snapshotCounts(t.database);
    await assert.rejects(
      run((tx) =>
        saveProductsByCode(tx, actor, [
          { code: 'N-1', input: { name: 'یک' }, forCreate: () => ({ name: 'یک', code: 'N-1' }) },
          { code: 'N-2', input: { name: 'دو', buyPrice: dec('-5') }, forCreate: () => ({ name: 'دو', code: 'N-2', buyPrice: dec('-5') }) },
        ]),
      ),
      (e) => isDomainError(e) && (e as unknown as { batchIndex: number }).batchIndex === 1 && e.field === 'products[1].buyPrice',
    );
    assert.deepEqual(await snapshotCounts(t.database), before);
  });
});
