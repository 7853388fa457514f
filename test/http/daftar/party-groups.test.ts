import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backend, call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';

const admin = { authorization: 'Bearer test-api-token-a' };

describe(`/daftar/v1/partyGroups (${backend})`, () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('creates, renames, moves and deletes a group; the seeded tree is listed', async () => {
    let r = await call(t.app, 'GET', '/daftar/v1/partyGroups', undefined, admin);
    assert.equal(r.status, 200);
    const root = r.body.items.find((g: { parentId: number | null }) => g.parentId === null);
    assert.ok(root, 'the seeded root group');
    r = await call(t.app, 'POST', '/daftar/v1/partyGroups', { name: 'مشتریان عمده', parentId: root.id }, admin);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const id = r.body.id;
    r = await call(t.app, 'PATCH', `/daftar/v1/partyGroups/${id}`, { name: 'مشتریان ویژه' }, admin);
    assert.deepEqual([r.status, r.body.name, r.body.parentId], [200, 'مشتریان ویژه', root.id]);
    assert.equal((await call(t.app, 'GET', `/daftar/v1/partyGroups/${id}`, undefined, admin)).body.name, 'مشتریان ویژه');
    assert.equal((await call(t.app, 'DELETE', `/daftar/v1/partyGroups/${id}`, undefined, admin)).status, 204);
    assert.equal((await call(t.app, 'GET', `/daftar/v1/partyGroups/${id}`, undefined, admin)).status, 404);
  });

  it('a duplicate name, a cycle and a group with subgroups are refused naming the field; nothing written', async () => {
    const a = (await call(t.app, 'POST', '/daftar/v1/partyGroups', { name: 'الف' }, admin)).body;
    const b = (await call(t.app, 'POST', '/daftar/v1/partyGroups', { name: 'ب', parentId: a.id }, admin)).body;
    const snap = await snapshotCounts(t.database);
    let r = await call(t.app, 'POST', '/daftar/v1/partyGroups', { name: 'الف' }, admin);
    assert.deepEqual([r.status, r.body.code, r.body.field], [409, 'DUPLICATE', 'name']);
    r = await call(t.app, 'PATCH', `/daftar/v1/partyGroups/${a.id}`, { parentId: b.id }, admin);
    assert.deepEqual([r.status, r.body.field], [400, 'parentId']);
    r = await call(t.app, 'DELETE', `/daftar/v1/partyGroups/${a.id}`, undefined, admin);
    assert.deepEqual([r.status, r.body.code], [409, 'IN_USE']);
    assert.match(r.body.detail, /الف/);
    r = await call(t.app, 'POST', '/daftar/v1/partyGroups', { name: 'ج', color: 'red' }, admin);
    assert.deepEqual([r.status, r.body.field], [400, 'color']);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });
});
