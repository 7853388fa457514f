import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, countRows, testApp, type TestApp } from '../../helpers/app.js';

describe('Siba history', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('every write leaves exactly one entry; newest first; userId filter; paging', async () => {
    const n0 = await countRows(t.database, 'audit_entries');
    const c = (await call(t.app, 'POST', '/api/customers', { lastName: 'تاریخچه' })).body.data.customer;
    assert.equal(await countRows(t.database, 'audit_entries'), n0 + 1);
    await call(t.app, 'PUT', '/api/customers', { customerId: c.id, city: 'قم' });
    assert.equal(await countRows(t.database, 'audit_entries'), n0 + 2);
    await t.app.inject({ method: 'POST', url: `/api/customers/tel?customerId=${c.id}&tel=09120000000&caption=test` });
    assert.equal(await countRows(t.database, 'audit_entries'), n0 + 3);

    const h = await call(t.app, 'GET', '/api/history');
    assert.equal(h.status, 200);
    const items = h.body.data.history;
    assert.deepEqual(Object.keys(items[0]).sort(), ['action', 'at', 'details', 'entity', 'entityId', 'historyId', 'userId', 'userName']);
    assert.deepEqual(items.slice(0, 3).map((x: { action: string; entity: string }) => `${x.action} ${x.entity}`), ['create party_phone', 'update party', 'create party']);
    assert.ok(items[0].historyId > items[1].historyId);
    assert.equal(items[1].entityId, String(c.id));
    assert.equal(items[1].userName, 'admin');
    assert.equal(items[1].userId, t.business.adminUserId);
    assert.equal(items[1].details.after.city, 'قم');
    assert.equal(items[1].details.before.city, '');
    assert.equal(items[1].details.surface, 'siba');
    assert.ok(!Number.isNaN(Date.parse(items[1].at)));

    const page = await call(t.app, 'GET', '/api/history?offset=1&limit=1');
    assert.deepEqual(page.body.data.history.map((x: { historyId: number }) => x.historyId), [items[1].historyId]);

    // a second user's change is found by userId, and only theirs
    const u = await call(t.app, 'POST', '/api/users', { userName: 'clerk1', password: 'clerk-password', role: 'clerk' });
    const login = await call(t.app, 'POST', '/api/users/login', { userName: 'clerk1', password: 'clerk-password' });
    const token = login.body.data.user.token;
    await call(t.app, 'POST', '/api/customers', { lastName: 'کاربر دوم' }, { authorization: `Bearer ${token}` });
    const mine = await call(t.app, 'GET', `/api/history?userId=${u.body.data.user.userId}`);
    assert.deepEqual(mine.body.data.history.map((x: { action: string; entity: string }) => `${x.action} ${x.entity}`), ['create party', 'login user']);
    assert.ok(mine.body.data.history.every((x: { userName: string }) => x.userName === 'clerk1'));
    const sample = await call(t.app, 'GET', '/api/history?userId=123');
    assert.deepEqual(sample.body.data.history, []);
    const bad = await call(t.app, 'GET', '/api/history?userId=abc');
    assert.deepEqual([bad.status, bad.body.errCode], [400, 1001]);
  });

  it('a refused write leaves no entry', async () => {
    const n0 = await countRows(t.database, 'audit_entries');
    const r = await call(t.app, 'POST', '/api/customers', { lastName: 'x', nationalCode: '1111111111' });
    assert.equal(r.status, 400);
    assert.equal(await countRows(t.database, 'audit_entries'), n0);
  });
});
