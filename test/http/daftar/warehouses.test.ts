import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transact } from '../../../src/db/transact.js';
import { issueCredential } from '../../../src/domain/auth/credentials.js';
import { createUser } from '../../../src/domain/users/users.js';
import { backend, call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { actorFor } from '../../domain/invoicing/fixtures.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const admin = bearer('test-api-token-a');

describe(`/daftar/v1/warehouses (${backend})`, () => {
  let t: TestApp;
  let clerk: Record<string, string>;
  before(async () => {
    t = await testApp();
    const b1 = t.business.businessId;
    const u = await transact(t.database.db, (tx) => createUser(tx, actorFor(b1, t.business.adminUserId), { userName: 'clerkw', password: 'clerk-password-1', role: 'clerk' }));
    clerk = bearer(await transact(t.database.db, (tx) => issueCredential(tx, b1, 'session', { userId: u.userId })));
  });
  after(() => t.close());

  it('lists the default, creates, renames by id and deletes an unused warehouse', async () => {
    let r = await call(t.app, 'GET', '/daftar/v1/warehouses', undefined, admin);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items[0].code, 1);
    assert.equal(r.body.items[0].isDefault, true);
    r = await call(t.app, 'POST', '/daftar/v1/warehouses', { name: 'انبار شعبه' }, admin);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const id = r.body.id;
    r = await call(t.app, 'PATCH', `/daftar/v1/warehouses/${id}`, { name: 'انبار شعبه دو' }, admin);
    assert.deepEqual([r.status, r.body.name], [200, 'انبار شعبه دو']);
    assert.equal((await call(t.app, 'DELETE', `/daftar/v1/warehouses/${id}`, undefined, admin)).status, 204);
    assert.equal((await call(t.app, 'PATCH', `/daftar/v1/warehouses/${id}`, { name: 'x' }, admin)).status, 404);
  });

  it('the default warehouse cannot be deleted or deactivated; a duplicate code and an unknown field are refused; nothing written', async () => {
    const def = (await call(t.app, 'GET', '/daftar/v1/warehouses', undefined, admin)).body.items[0];
    const snap = await snapshotCounts(t.database);
    let r = await call(t.app, 'DELETE', `/daftar/v1/warehouses/${def.id}`, undefined, admin);
    assert.deepEqual([r.status, r.body.code], [409, 'IN_USE']);
    assert.match(r.body.detail, /پیش‌فرض/);
    r = await call(t.app, 'PATCH', `/daftar/v1/warehouses/${def.id}`, { active: false }, admin);
    assert.deepEqual([r.status, r.body.field], [409, 'active']);
    r = await call(t.app, 'POST', '/daftar/v1/warehouses', { name: 'تکراری', code: 1 }, admin);
    assert.deepEqual([r.status, r.body.code], [409, 'DUPLICATE']);
    r = await call(t.app, 'POST', '/daftar/v1/warehouses', { name: 'x', warehouseCode: 3 }, admin);
    assert.equal(r.status, 400);
    assert.match(JSON.stringify(r.body), /warehouseCode/);
    r = await call(t.app, 'POST', '/daftar/v1/warehouses', { name: 'x', code: 9007199254740993 }, admin);
    assert.equal(r.status, 400);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('a clerk lists warehouses but cannot create one', async () => {
    assert.equal((await call(t.app, 'GET', '/daftar/v1/warehouses', undefined, clerk)).status, 200);
    const snap = await snapshotCounts(t.database);
    const r = await call(t.app, 'POST', '/daftar/v1/warehouses', { name: 'انبار کاربر' }, clerk);
    assert.deepEqual([r.status, r.body.code], [403, 'FORBIDDEN']);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });
});
