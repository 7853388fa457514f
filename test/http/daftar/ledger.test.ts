import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transact } from '../../../src/db/transact.js';
import { issueCredential } from '../../../src/domain/auth/credentials.js';
import { createUser } from '../../../src/domain/users/users.js';
import { backend, call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { actorFor, addParty } from '../../domain/invoicing/fixtures.js';

const admin = { authorization: 'Bearer test-api-token-a' };

describe(`/daftar/v1 accounts and vouchers (${backend})`, () => {
  let t: TestApp;
  let clerk: Record<string, string>;
  let accounts: { id: number; code: string; role: string | null; postable: boolean; level: number; parentId: number | null; balance: string }[];
  let party: number;
  const byRole = (role: string) => accounts.find((a) => a.role === role)!;
  before(async () => {
    t = await testApp();
    const biz = t.business.businessId;
    const a = actorFor(biz, t.business.adminUserId);
    party = (await addParty(t.database, a, 'طرف سند دستی')).id;
    const u = await transact(t.database.db, (tx) => createUser(tx, a, { userName: 'clerk-ledger', password: 'clerk-password-1', role: 'clerk' }));
    clerk = { authorization: `Bearer ${await transact(t.database.db, (tx) => issueCredential(tx, biz, 'session', { userId: u.userId }))}` };
    const r = await call(t.app, 'GET', '/daftar/v1/accounts', undefined, admin);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    accounts = r.body.items;
    const postable = await call(t.app, 'GET', '/daftar/v1/accounts?postable=true', undefined, admin);
    assert.ok(postable.body.items.length > 0 && postable.body.items.every((a: { postable: boolean }) => a.postable));
    const cash = accounts.find((a) => a.role === 'cash')!;
    const byCode = await call(t.app, 'GET', `/daftar/v1/accounts?q=${cash.code}`, undefined, admin);
    assert.ok(byCode.body.items.some((a: { id: number }) => a.id === cash.id) && byCode.body.items.every((a: { code: string }) => a.code.startsWith(cash.code)));
  });
  after(() => t.close());

  it('a manual voucher posts, shows in the journal and moves the balances of its accounts and their parents', async () => {
    const cash = byRole('cash');
    const receivable = byRole('receivable');
    assert.ok(cash.postable && receivable.postable, 'the seeded cash and receivable accounts take lines');
    // The credit as a JSON number token beyond 2^53: read from its source text, never through a float.
    const body = `{"date":"1405/02/01","description":"وصول طلب","lines":[{"accountId":${cash.id},"debit":"9007199254740993"},{"accountId":${receivable.id},"partyId":${party},"credit":9007199254740993}]}`;
    const r = await call(t.app, 'POST', '/daftar/v1/vouchers', body, admin);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual([r.body.kind, r.body.dateJalali, r.body.total, r.body.lines[0].debit, r.body.lines[1].credit, r.body.lines[1].partyId], ['manual', '1405/02/01', '9007199254740993', '9007199254740993', '9007199254740993', party]);
    const after = (await call(t.app, 'GET', `/daftar/v1/accounts/${cash.id}`, undefined, admin)).body;
    assert.equal(after.balance, '9007199254740993');
    if (cash.parentId) assert.equal((await call(t.app, 'GET', `/daftar/v1/accounts/${cash.parentId}`, undefined, admin)).body.balance, '9007199254740993');
    const list = await call(t.app, 'GET', '/daftar/v1/vouchers?limit=1', undefined, admin);
    assert.equal(list.body.items[0].id, r.body.id);
    const tb = await call(t.app, 'GET', '/daftar/v1/reports/trial-balance', undefined, admin);
    assert.equal(tb.body.totals.periodDebit, tb.body.totals.periodCredit);
    const statement = await call(t.app, 'GET', `/daftar/v1/parties/${party}/statement`, undefined, admin);
    assert.deepEqual([statement.body.items[0].document.kind, statement.body.closingBalance], ['voucher', '-9007199254740993']);
  });

  it('unbalanced, one-sided, group-account and too-short vouchers are refused naming the field; nothing written', async () => {
    const cash = byRole('cash');
    const group = accounts.find((a) => !a.postable)!;
    const snap = await snapshotCounts(t.database);
    const cases: [unknown[], string][] = [
      [[{ accountId: cash.id, debit: '100' }, { accountId: byRole('receivable').id, credit: '90' }], 'lines'],
      [[{ accountId: cash.id, debit: '100', credit: '100' }, { accountId: byRole('receivable').id, credit: '100' }], 'lines[0]'],
      [[{ accountId: cash.id, debit: '100' }, { accountId: group.id, credit: '100' }], 'lines[1].accountId'],
      [[{ accountId: cash.id, debit: '100' }], 'lines'],
      [[{ accountId: cash.id, debit: '1,5' }, { accountId: byRole('receivable').id, credit: '1' }], 'lines[0].debit'],
      [[{ accountId: cash.id, debit: '100', memo: 'x' }, { accountId: byRole('receivable').id, credit: '100' }], 'lines[0].memo'],
    ];
    for (const [lines, field] of cases) {
      const r = await call(t.app, 'POST', '/daftar/v1/vouchers', { lines }, admin);
      assert.deepEqual([r.status, r.body.field], [400, field], JSON.stringify(r.body));
      assert.match(r.body.detail, /[آ-ی]/);
    }
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('a manual voucher is reversed once; a document\'s voucher is reversed only by voiding the document; a clerk sees none of it', async () => {
    const cash = byRole('cash');
    const v = (await call(t.app, 'POST', '/daftar/v1/vouchers', { lines: [{ accountId: cash.id, debit: '500' }, { accountId: byRole('receivable').id, partyId: party, credit: '500' }] }, admin)).body;
    let r = await call(t.app, 'POST', `/daftar/v1/vouchers/${v.id}/reverse`, undefined, admin);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual([r.body.reversesId, r.body.lines[0].credit], [v.id, '500']);
    assert.equal((await call(t.app, 'GET', `/daftar/v1/vouchers/${v.id}`, undefined, admin)).body.reversedById, r.body.id);
    r = await call(t.app, 'POST', `/daftar/v1/vouchers/${v.id}/reverse`, {}, admin);
    assert.deepEqual([r.status, r.body.code], [409, 'CONFLICT']);
    const pay = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'in', partyId: party, amount: '10', method: 'cash' }, admin);
    assert.equal(pay.status, 201, JSON.stringify(pay.body));
    r = await call(t.app, 'POST', `/daftar/v1/vouchers/${pay.body.voucherId}/reverse`, {}, admin);
    assert.deepEqual([r.status, r.body.code], [409, 'CONFLICT']);
    assert.match(r.body.detail, /ابطال/);
    for (const [m, u, b] of [['GET', '/daftar/v1/accounts', undefined], ['GET', '/daftar/v1/vouchers', undefined], ['POST', '/daftar/v1/vouchers', { lines: [{ accountId: cash.id, debit: '1' }, { accountId: byRole('receivable').id, credit: '1' }] }]] as const) {
      const x = await call(t.app, m, u, b, clerk);
      assert.deepEqual([x.status, x.body.code], [403, 'FORBIDDEN']);
    }
  });
});
