import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { call, countRows, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';

/** The document's POST sample body, verbatim. */
const SAMPLE = {
  customerCode: 0,
  address: 'string',
  firstName: 'string',
  lastName: 'string',
  birthDate: '1364/09/14',
  province: 'string',
  city: 'string',
  prefix: 'string',
  isActive: true,
  tel: 'string',
  groupId: 0,
  visitorPercent: 0,
  visitor: true,
  courierStatus: true,
  buyPriceLevel: 0,
  sellPriceLevel: 0,
  email: 'string',
  comment: 'string',
  economicCode: 'string',
  nationalCode: 'string',
  cardNo: 'string',
  companyName: 'string',
  companyAddress: 'string',
  postalCode: 'string',
  initialBalance: 0,
};

const LIST_FIELDS = [
  'id', 'customerCode', 'fullName', 'address', 'firstName', 'lastName', 'birthDate', 'province', 'city', 'cashCredit',
  'chequeCredit', 'prefix', 'isActive', 'tel', 'groupId', 'visitorPercent', 'visitor', 'courierStatus', 'buyPriceLevel',
  'sellPriceLevel', 'email', 'comment', 'economicCode', 'nationalCode', 'bankAccountNo', 'cardNo', 'companyName',
  'companyAddress', 'postalCode', 'initialBalance', 'balance', 'customerId',
];

describe('Siba customers', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  const ledgerTotals = async () => {
    const r = await sql<{ d: string; c: string }>`select coalesce(sum(debit),0)::text as d, coalesce(sum(credit),0)::text as c from voucher_lines`.execute(t.database.db);
    return { d: Number(r.rows[0].d), c: Number(r.rows[0].c) };
  };

  it('the document POST sample creates a customer with an assigned code; list item has exactly the documented fields', async () => {
    const audits = await countRows(t.database, 'audit_entries');
    const r = await call(t.app, 'POST', '/api/customers', SAMPLE);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.success, true);
    const c = r.body.data.customer;
    assert.equal(c.customerCode, '1');
    assert.equal(c.fullName, 'string string string');
    assert.equal(c.birthDate, '1364/09/14');
    assert.equal(c.groupId, 0);
    assert.equal(c.email, '', 'the placeholder "string" is not an email: read as not given');
    assert.equal(await countRows(t.database, 'audit_entries'), audits + 1);
    const list = await call(t.app, 'GET', `/api/customers?customerCode=${c.customerCode}`);
    assert.equal(list.body.data.customer.length, 1);
    assert.deepEqual(Object.keys(list.body.data.customer[0]).sort(), [...LIST_FIELDS].sort());
    assert.equal(list.body.data.customer[0].customerId, c.id);
  });

  it('the document GET sample answers an empty list', async () => {
    const r = await call(t.app, 'GET', '/api/customers?customerCode=123&tel=09111111111&name=test');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data.customer, []);
  });

  it('initialBalance 1,250,000 shows as balance, posts an opening voucher, trial balance stays zero', async () => {
    const r = await call(t.app, 'POST', '/api/customers', { firstName: 'علی', lastName: 'رضایی', initialBalance: 1250000, tel: '۰۹۱۲۳۴۵۶۷۸۹' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const c = r.body.data.customer;
    assert.equal(c.initialBalance, 1250000);
    assert.equal(c.balance, 1250000);
    assert.equal(c.fullName, 'علی رضایی');
    const tot = await ledgerTotals();
    assert.equal(tot.d, tot.c);
    assert.ok(tot.d >= 1250000);
    const lines = await sql<{ code: string; debit: string; credit: string }>`
      select a.code, l.debit::text, l.credit::text from voucher_lines l join accounts a on a.business_id = l.business_id and a.id = l.account_id
       join vouchers v on v.business_id = l.business_id and v.id = l.voucher_id
       where v.source_type = 'party' and v.source_id = ${c.id} order by l.line_no`.execute(t.database.db);
    assert.deepEqual(lines.rows.map((l) => [l.code, Number(l.debit), Number(l.credit)]), [['1201', 1250000, 0], ['5202', 0, 1250000]]);

    // tel search with Persian digits and with ASCII digits
    for (const tel of ['۰۹۱۲۳۴۵۶۷۸۹', '09123456789', '+989123456789']) {
      const s = await call(t.app, 'GET', `/api/customers?tel=${encodeURIComponent(tel)}`);
      assert.deepEqual(s.body.data.customer.map((x: { id: number }) => x.id), [c.id], tel);
    }
    const byName = await call(t.app, 'GET', `/api/customers?name=${encodeURIComponent('رضائي')}`);
    assert.equal(byName.body.data.customer.length, 0, 'ئ is not ی: no match');
    const byName2 = await call(t.app, 'GET', `/api/customers?name=${encodeURIComponent('علي')}`);
    assert.deepEqual(byName2.body.data.customer.map((x: { id: number }) => x.id), [c.id], 'Arabic ي matches Persian ی');

    // change the opening balance: reversal + new voucher + one history entry
    const audits = await countRows(t.database, 'audit_entries');
    const u = await call(t.app, 'PUT', '/api/customers', { customerId: c.id, initialBalance: 2000000 });
    assert.equal(u.status, 200, JSON.stringify(u.body));
    assert.equal(u.body.data.customer.balance, 2000000);
    assert.equal(u.body.data.customer.initialBalance, 2000000);
    assert.equal(u.body.data.customer.firstName, 'علی', 'fields not sent are unchanged');
    assert.equal(await countRows(t.database, 'audit_entries'), audits + 1);
    const vs = await sql<{ id: number; reverses_id: number | null }>`
      select id, reverses_id from vouchers where source_type = 'party' and source_id = ${c.id} order by id`.execute(t.database.db);
    assert.equal(vs.rows.length, 3);
    assert.equal(vs.rows[1].reverses_id, vs.rows[0].id);
    const tot2 = await ledgerTotals();
    assert.equal(tot2.d, tot2.c);
    const h = await call(t.app, 'GET', '/api/history');
    assert.equal(h.body.data.history[0].action, 'update');
    assert.equal(h.body.data.history[0].entity, 'party');
    assert.equal(h.body.data.history[0].details.before.openingBalance, '1250000');
    assert.equal(h.body.data.history[0].details.after.openingBalance, '2000000');
  });

  it('birthDate «1364/09/14» round-trips; Persian digits too', async () => {
    const r = await call(t.app, 'POST', '/api/customers', { lastName: 'تاریخ', birthDate: '۱۳۶۴/۰۹/۱۴' });
    assert.equal(r.body.data.customer.birthDate, '1364/09/14');
    const row = await sql<{ d: string }>`select birth_date::text as d from parties where id = ${r.body.data.customer.id}`.execute(t.database.db);
    assert.equal(row.rows[0].d, '1985-12-05');
  });

  it('customerCode: chosen codes are kept, taken codes → 1003, assigned codes skip past chosen ones', async () => {
    const a = await call(t.app, 'POST', '/api/customers', { lastName: 'کد', customerCode: 500 });
    assert.equal(a.body.data.customer.customerCode, '500');
    const before = await snapshotCounts(t.database);
    const dup = await call(t.app, 'POST', '/api/customers', { lastName: 'تکراری', customerCode: '۰۵۰۰' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.errCode, 1003);
    assert.match(dup.body.errMsg, /customerCode/);
    assert.deepEqual(await snapshotCounts(t.database), before);
    const next = await call(t.app, 'POST', '/api/customers', { lastName: 'بعدی' });
    assert.equal(next.body.data.customer.customerCode, '501');
  });

  it('invalid identifiers are refused naming the field, nothing written', async () => {
    const before = await snapshotCounts(t.database);
    for (const [field, value] of [['nationalCode', '1234567890'], ['cardNo', '1234567812345678'], ['email', 'not-an-email'], ['postalCode', '123']]) {
      const r = await call(t.app, 'POST', '/api/customers', { lastName: 'بد', [field]: value, initialBalance: 1000 });
      assert.equal(r.status, 400, field);
      assert.equal(r.body.errCode, 1001);
      assert.match(r.body.errMsg, new RegExp(field));
    }
    const frac = await call(t.app, 'POST', '/api/customers', { lastName: 'اعشار', initialBalance: 100.5 });
    assert.deepEqual([frac.status, frac.body.errCode, frac.body.errField], [400, 1001, 'initialBalance']);
    assert.match(frac.body.errMsg, /initialBalance/);
    const noName = await call(t.app, 'POST', '/api/customers', { city: 'تهران' });
    assert.equal(noName.status, 400);
    const badDate = await call(t.app, 'POST', '/api/customers', { lastName: 'x', birthDate: '1364/13/40' });
    assert.equal(badDate.status, 400);
    assert.match(badDate.body.errMsg, /birthDate/);
    assert.deepEqual(await snapshotCounts(t.database), before);
    const good = await call(t.app, 'POST', '/api/customers', { lastName: 'خوب', nationalCode: '0499370899', cardNo: '6037991199500590' });
    assert.equal(good.status, 200, JSON.stringify(good.body));
    assert.equal(good.body.data.customer.nationalCode, '0499370899');
  });

  it('PUT: customerId 0 → 404/1002, unknown → 404, sample without customerId → 400 naming customerId', async () => {
    const z = await call(t.app, 'PUT', '/api/customers', { customerId: 0, lastName: 'x' });
    assert.deepEqual([z.status, z.body.errCode], [404, 1002]);
    const u = await call(t.app, 'PUT', '/api/customers', { customerId: 999999, lastName: 'x' });
    assert.deepEqual([u.status, u.body.errCode], [404, 1002]);
    const s = await call(t.app, 'PUT', '/api/customers', SAMPLE);
    assert.deepEqual([s.status, s.body.errCode], [400, 1001]);
    assert.match(s.body.errMsg, /customerId/);
  });

  it('DELETE by JSON body and by ?customerId=; 0 → 404; a customer with documents → 1004', async () => {
    const a = (await call(t.app, 'POST', '/api/customers', { lastName: 'حذف ۱' })).body.data.customer;
    const b = (await call(t.app, 'POST', '/api/customers', { lastName: 'حذف ۲' })).body.data.customer;
    const audits = await countRows(t.database, 'audit_entries');
    const r1 = await call(t.app, 'DELETE', '/api/customers', { customerId: a.id });
    assert.equal(r1.status, 200, JSON.stringify(r1.body));
    assert.equal(await countRows(t.database, 'audit_entries'), audits + 1);
    const r2 = await call(t.app, 'DELETE', `/api/customers?customerId=${b.id}`);
    assert.equal(r2.status, 200);
    assert.equal((await call(t.app, 'GET', `/api/customers/${b.id}`)).status, 404);
    const z = await call(t.app, 'DELETE', '/api/customers?customerId=0');
    assert.deepEqual([z.status, z.body.errCode], [404, 1002]);
    const sample = await call(t.app, 'DELETE', '/api/customers?customerId=123');
    assert.deepEqual([sample.status, sample.body.errCode], [404, 1002]);

    // documents: a receipt → in use
    const c = (await call(t.app, 'POST', '/api/customers', { lastName: 'سند دار' })).body.data.customer;
    await call(t.app, 'POST', '/api/cashRegister', { name: 'صندوق حذف' });
    const p = await call(t.app, 'POST', '/api/payments', { kind: 'receipt', personId: c.id, amount: 1000 });
    assert.equal(p.status, 200, JSON.stringify(p.body));
    const before = await snapshotCounts(t.database);
    const d = await call(t.app, 'DELETE', '/api/customers', { customerId: c.id });
    assert.deepEqual([d.status, d.body.errCode], [409, 1004]);
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('groups: tree CRUD, no cycles, in-use groups refused; groupId 0 = none', async () => {
    const list0 = await call(t.app, 'GET', '/api/customers/group');
    assert.equal(list0.body.data.group.length, 5, 'the seeded person-type tree');
    const root = list0.body.data.group.find((g: { parentId: number }) => g.parentId === 0);
    assert.equal(root.groupName, 'اشخاص');
    const g = await call(t.app, 'POST', '/api/customers/group', { groupName: 'عمده', parentId: 0 });
    assert.equal(g.status, 200);
    const gid = g.body.data.group.groupId;
    const sub = (await call(t.app, 'POST', '/api/customers/group', { groupName: 'تهران', parentId: gid })).body.data.group;
    const dup = await call(t.app, 'POST', '/api/customers/group', { groupName: 'تهران', parentId: gid });
    assert.equal(dup.body.errCode, 1003);
    const cyc = await call(t.app, 'PUT', '/api/customers/group', { groupId: gid, groupName: 'عمده', parentId: sub.groupId });
    assert.deepEqual([cyc.status, cyc.body.errCode], [400, 1001]);
    const self = await call(t.app, 'PUT', '/api/customers/group', { groupId: gid, parentId: gid });
    assert.equal(self.status, 400);
    const ren = await call(t.app, 'PUT', '/api/customers/group', { groupId: sub.groupId, groupName: 'شیراز', parentId: 0 });
    assert.deepEqual(ren.body.data.group, { groupId: sub.groupId, groupName: 'شیراز', parentId: 0 });
    const c = (await call(t.app, 'POST', '/api/customers', { lastName: 'عضو', groupId: sub.groupId })).body.data.customer;
    assert.equal(c.groupId, sub.groupId);
    const inUse = await call(t.app, 'DELETE', `/api/customers/group?groupId=${sub.groupId}`);
    assert.deepEqual([inUse.status, inUse.body.errCode], [409, 1004]);
    const unknown = await call(t.app, 'POST', '/api/customers', { lastName: 'x', groupId: 987654 });
    assert.deepEqual([unknown.status, unknown.body.errCode], [404, 1002]);
    await call(t.app, 'PUT', '/api/customers', { customerId: c.id, groupId: 0 });
    assert.equal((await call(t.app, 'DELETE', `/api/customers/group?groupId=${sub.groupId}`)).status, 200);
    assert.equal((await call(t.app, 'DELETE', '/api/customers/group?groupId=123')).body.errCode, 1002);
  });

  it('phones: POST with query parameters → 201, list, delete; sample ids that do not exist → 404', async () => {
    const c = (await call(t.app, 'POST', '/api/customers', { lastName: 'تلفن‌دار', tel: '02188776655' })).body.data.customer;
    const res = await t.app.inject({ method: 'POST', url: `/api/customers/tel?customerId=${c.id}&tel=09120000000&caption=test`, headers: { 'content-type': 'application/json' } });
    assert.equal(res.statusCode, 201, res.body);
    const added = JSON.parse(res.body).data.tel;
    assert.equal(added.tel, '09120000000');
    const list = await call(t.app, 'GET', `/api/customers/tel?customerId=${c.id}`);
    assert.deepEqual(
      list.body.data.tel.map((p: { tel: string; caption: string; customerId: number }) => [p.tel, p.caption, p.customerId]),
      [['02188776655', '', c.id], ['09120000000', 'test', c.id]],
    );
    const found = await call(t.app, 'GET', '/api/customers?tel=09120000000');
    assert.deepEqual(found.body.data.customer.map((x: { id: number }) => x.id), [c.id]);
    const del = await call(t.app, 'DELETE', `/api/customers/tel?telId=${added.telId}`);
    assert.equal(del.status, 200);
    assert.equal((await call(t.app, 'GET', `/api/customers/tel?customerId=${c.id}`)).body.data.tel.length, 1);
    assert.equal((await call(t.app, 'DELETE', '/api/customers/tel?telId=123')).status, 404);
    assert.equal((await call(t.app, 'GET', '/api/customers/tel?customerId=123')).status, 404);
    const before = await snapshotCounts(t.database);
    assert.equal((await call(t.app, 'POST', '/api/customers/tel?customerId=123&tel=09120000000&caption=test')).status, 404);
    assert.equal((await call(t.app, 'POST', `/api/customers/tel?customerId=${c.id}&caption=test`)).status, 400);
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('concurrent creates get distinct codes and one history entry each', async () => {
    const audits = await countRows(t.database, 'audit_entries');
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => call(t.app, 'POST', '/api/customers', { lastName: `هم‌زمان ${i}`, initialBalance: 1000 })));
    assert.deepEqual(rs.map((r) => r.status), Array(8).fill(200));
    assert.equal(new Set(rs.map((r) => r.body.data.customer.customerCode)).size, 8);
    assert.equal(await countRows(t.database, 'audit_entries'), audits + 8);
  });

  it('tenant isolation: another business sees none of these customers', async () => {
    const other = await t.newBusiness();
    const r = await call(t.app, 'GET', '/api/customers', undefined, { authorization: `Bearer ${other.apiToken}` });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data.customer, []);
  });
});
