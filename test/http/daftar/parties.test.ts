import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transact } from '../../../src/db/transact.js';
import { issueCredential } from '../../../src/domain/auth/credentials.js';
import { createUser } from '../../../src/domain/users/users.js';
import { backend, call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { actorFor } from '../../domain/invoicing/fixtures.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const admin = bearer('test-api-token-a');

describe(`/daftar/v1/parties (${backend})`, () => {
  let t: TestApp;
  let clerk: Record<string, string>;
  before(async () => {
    t = await testApp();
    const b1 = t.business.businessId;
    const u = await transact(t.database.db, (tx) => createUser(tx, actorFor(b1, t.business.adminUserId), { userName: 'clerkp', password: 'clerk-password-1', role: 'clerk' }));
    clerk = bearer(await transact(t.database.db, (tx) => issueCredential(tx, b1, 'session', { userId: u.userId })));
  });
  after(() => t.close());

  it('creates, reads, searches, patches and deletes a party in the domain words', async () => {
    const r = await call(t.app, 'POST', '/daftar/v1/parties', { kind: 'person', firstName: 'علی', lastName: 'رضایی', roles: ['supplier'], nationalId: '0012345679', mobile: '09121234567' }, admin);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.kind, 'person');
    assert.deepEqual(r.body.roles, ['supplier']);
    assert.equal(r.body.nationalId, '0012345679');
    assert.equal(r.body.mobile, '09121234567');
    assert.equal(r.body.balance, '0');
    const id = r.body.id;
    assert.equal((await call(t.app, 'GET', `/daftar/v1/parties/${id}`, undefined, admin)).body.name, 'علی رضایی');
    let list = await call(t.app, 'GET', '/daftar/v1/parties?q=رضایی&role=supplier', undefined, admin);
    assert.deepEqual(list.body.items.map((p: { id: number }) => p.id), [id]);
    list = await call(t.app, 'GET', '/daftar/v1/parties?q=رضایی&role=customer', undefined, admin);
    assert.deepEqual(list.body.items, []);
    const p = await call(t.app, 'PATCH', `/daftar/v1/parties/${id}`, { address: 'اصفهان', kind: 'company', companyName: 'شرکت الف' }, admin);
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.deepEqual([p.body.address, p.body.kind], ['اصفهان', 'company']);
    assert.equal((await call(t.app, 'DELETE', `/daftar/v1/parties/${id}`, undefined, admin)).status, 204);
    assert.equal((await call(t.app, 'GET', `/daftar/v1/parties/${id}`, undefined, admin)).status, 404);
  });

  it('pages with a cursor', async () => {
    for (const n of ['یک', 'دو', 'سه']) await call(t.app, 'POST', '/daftar/v1/parties', { lastName: `صفحه ${n}` }, admin);
    const a = await call(t.app, 'GET', '/daftar/v1/parties?q=صفحه&limit=2', undefined, admin);
    assert.equal(a.body.items.length, 2);
    assert.ok(a.body.nextCursor);
    const b = await call(t.app, 'GET', `/daftar/v1/parties?q=صفحه&limit=2&cursor=${a.body.nextCursor}`, undefined, admin);
    assert.equal(b.body.items.length, 1);
    assert.equal(b.body.nextCursor, null);
  });

  it('a clerk creates a party but cannot delete it; refused requests write nothing', async () => {
    const r = await call(t.app, 'POST', '/daftar/v1/parties', { lastName: 'مشتری کاربر فروش' }, clerk);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const snap = await snapshotCounts(t.database);
    const d = await call(t.app, 'DELETE', `/daftar/v1/parties/${r.body.id}`, undefined, clerk);
    assert.deepEqual([d.status, d.body.code], [403, 'FORBIDDEN']);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('an unknown field and a bad national id are problems naming the field, nothing written', async () => {
    const snap = await snapshotCounts(t.database);
    let r = await call(t.app, 'POST', '/daftar/v1/parties', { lastName: 'x', customerId: 5 }, admin);
    assert.equal(r.status, 400);
    assert.match(JSON.stringify(r.body), /customerId/);
    r = await call(t.app, 'POST', '/daftar/v1/parties', { lastName: 'x', nationalId: '0012345678' }, admin);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.field, 'nationalId');
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('deleting a party with a posted document is refused (IN_USE)', async () => {
    const c = await call(t.app, 'POST', '/api/customers', { lastName: 'با مانده', initialBalance: 1000 });
    const id = c.body.data?.customer?.customerId;
    assert.ok(id, JSON.stringify(c.body));
    const got = await call(t.app, 'GET', `/daftar/v1/parties/${id}`, undefined, admin);
    assert.equal(got.body.balance, '1000');
    const snap = await snapshotCounts(t.database);
    const d = await call(t.app, 'DELETE', `/daftar/v1/parties/${id}`, undefined, admin);
    assert.deepEqual([d.status, d.body.code], [409, 'IN_USE']);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('takes the name in one piece: a person\'s whole name, a company\'s name; not together with the parts', async () => {
    let r = await call(t.app, 'POST', '/daftar/v1/parties', { name: 'فروشگاه امید', roles: ['customer'] }, admin);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual([r.body.name, r.body.kind, r.body.firstName, r.body.lastName], ['فروشگاه امید', 'person', '', 'فروشگاه امید']);
    r = await call(t.app, 'PATCH', `/daftar/v1/parties/${r.body.id}`, { name: 'فروشگاه امید نو' }, admin);
    assert.deepEqual([r.status, r.body.name], [200, 'فروشگاه امید نو']);
    r = await call(t.app, 'POST', '/daftar/v1/parties', { kind: 'company', name: 'شرکت نمونه', roles: ['supplier'] }, admin);
    assert.deepEqual([r.status, r.body.name, r.body.companyName], [201, 'شرکت نمونه', 'شرکت نمونه']);
    const snap = await snapshotCounts(t.database);
    r = await call(t.app, 'POST', '/daftar/v1/parties', { name: 'دو نام', lastName: 'دیگر', roles: ['customer'] }, admin);
    assert.deepEqual([r.status, r.body.code, r.body.field], [400, 'VALIDATION', 'name']);
    assert.match(r.body.detail, /name|نام/);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });
});
