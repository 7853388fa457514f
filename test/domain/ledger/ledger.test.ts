import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { transact } from '../../../src/db/transact.js';
import { systemActor } from '../../../src/domain/context.js';
import { accountsByRole } from '../../../src/domain/ledger/chart.js';
import { detailBalances, ledgerTotals } from '../../../src/domain/ledger/balances.js';
import { currentOpeningVoucher, replaceOpeningBalance } from '../../../src/domain/ledger/opening.js';
import { fiscalYearFor } from '../../../src/domain/ledger/fiscal.js';
import { postVoucher, UnbalancedVoucherError, VoucherBuilder } from '../../../src/domain/ledger/voucher.js';
import { Dec } from '../../../src/domain/shared/money.js';
import { countRows, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';

describe('ledger: balance enforcement, opening balances, detail balances', () => {
  let t: TestApp;
  let businessId: number;
  before(async () => {
    t = await testApp();
    businessId = t.business.businessId;
  });
  after(() => t.close());

  it('an unbalanced voucher inserted directly through the data layer fails at commit; nothing is stored', async () => {
    const before = await snapshotCounts(t.database);
    await assert.rejects(
      transact(t.database.db, async (tx) => {
        const roles = await accountsByRole(tx, businessId);
        const fy = await fiscalYearFor(tx, businessId, '2025-05-01');
        const v = await tx
          .insertInto('vouchers')
          .values({ business_id: businessId, fiscal_year_id: fy.id, number: 999, date: '2025-05-01', kind: 'manual' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('voucher_lines')
          .values({ business_id: businessId, voucher_id: Number(v.id), line_no: 1, account_id: roles.cash, debit: '1000', credit: '0' })
          .execute();
      }),
      (err: Error & { code?: string }) => {
        assert.match(String(err.message), /does not balance/);
        return true;
      },
    );
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('a one-sided line added to a balanced voucher in the same transaction is refused too', async () => {
    const vouchers = await countRows(t.database, 'vouchers');
    await assert.rejects(
      transact(t.database.db, async (tx) => {
        const actor = systemActor(businessId);
        const roles = await accountsByRole(tx, businessId);
        const id = await postVoucher(tx, actor, {
          date: '2025-05-01',
          kind: 'manual',
          lines: new VoucherBuilder().debit(roles.cash, new Dec(500)).credit(roles.capital, new Dec(500)),
        });
        await tx.insertInto('voucher_lines').values({ business_id: businessId, voucher_id: id, line_no: 3, account_id: roles.cash, debit: '1', credit: '0' }).execute();
      }),
      /does not balance/,
    );
    assert.equal(await countRows(t.database, 'vouchers'), vouchers);
  });

  it('the builder refuses an unbalanced voucher before writing', async () => {
    assert.throws(() => new VoucherBuilder().debit(1, new Dec('0.1')).credit(2, new Dec('0.2')).build(), UnbalancedVoucherError);
    assert.doesNotThrow(() => new VoucherBuilder().debit(1, new Dec('0.1')).debit(1, new Dec('0.2')).credit(2, new Dec('0.3')).build());
  });

  it('replaceOpeningBalance: reverse + repost; sign picks the account; detail balance follows; totals stay equal', async () => {
    const actor = systemActor(businessId, t.business.adminUserId);
    const detailId = await transact(t.database.db, async (tx) => {
      const d = await tx.insertInto('detail_accounts').values({ business_id: businessId, kind: 'party', name: 'آزمون' }).returning('id').executeTakeFirstOrThrow();
      return Number(d.id);
    });
    const input = (amount: string) => ({
      source: 'party' as const,
      sourceId: 424242,
      detailId,
      amount: new Dec(amount),
      debitRole: 'receivable' as const,
      creditRole: 'payable' as const,
      description: 'آزمون',
    });
    const first = await transact(t.database.db, (tx) => replaceOpeningBalance(tx, actor, input('1250000')));
    assert.ok(first);
    const bal = async () => (await detailBalances(t.database.db, businessId, [detailId], ['receivable', 'payable'])).get(detailId);
    assert.equal(await bal(), '1250000');

    const second = await transact(t.database.db, (tx) => replaceOpeningBalance(tx, actor, input('-300.5')));
    assert.equal(await bal(), '-300.5');
    const cur = await transact(t.database.db, (tx) => currentOpeningVoucher(tx, businessId, 'party', 424242));
    assert.equal(cur?.id, second);
    const rev = await sql<{ n: number }>`select count(*)::int as n from vouchers where reverses_id = ${first}`.execute(t.database.db);
    assert.equal(rev.rows[0].n, 1);
    const payable = await detailBalances(t.database.db, businessId, [detailId], ['payable']);
    assert.equal(payable.get(detailId), '-300.5', 'a credit opening balance sits on payable');

    const none = await transact(t.database.db, (tx) => replaceOpeningBalance(tx, actor, input('0')));
    assert.equal(none, null);
    assert.equal(await bal(), '0');
    assert.equal(await transact(t.database.db, (tx) => currentOpeningVoucher(tx, businessId, 'party', 424242)), null);
    const tot = await ledgerTotals(t.database.db, businessId);
    assert.equal(tot.debit, tot.credit);
  });
});
