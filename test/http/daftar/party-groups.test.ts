import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transact } from '../../../src/db/transact.js';
import { issueCredential } from '../../../src/domain/auth/credentials.js';
import { createUser } from '../../../src/domain/users/users.js';
import { backend, call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { actorFor } from '../../domain/invoicing/fixtures.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const admin = bearer('test-api-token-a');
const URL = '/daftar/v1/partyGroups';

describe(`/daftar/v1/partyGroups (${backend})`, () => {
  let t: TestApp;
  let clerk: Record<string, string>;
  before(async () => {
    t = await testApp();
    const b1 = t.business.businessId;
    const u = await transact(t.database.db, (tx) => createUser(tx, actorFor(b1, t.business.adminUserId), { userName: 'clerkg', password: 'clerk-password-1', role: 'clerk' }));
    clerk = bearer(await transact(t.database.db, (tx) => issueCredential(tx, b1, 'session', { userId: u.userId })));
  });
  after(() => t.close());

  it('creates, reads, renames, moves and deletes a group', async () => {
    const root = await call(t.app, 'POST', URL, { name: 'عمده‌فروشان' }, admin);
    assert.equal(root.status, 201, JSON.stringify(root.body));
    assert.deepEqual(Object.keys(root.body).sort(), ['id', 'name', 'parentId']);
    assert.equal(root.body.parentId, null);
    const child = await call(t.app, 'POST', URL, { name: 'تهران', parentId: root.body.id }, admin);
    assert.equal(child.status, 201, JSON.stringify(child.body));
    assert.equal(child.body.parentId, root.body.id);
    const got = await call(t.app, 'GET', `${URL}/${child.body.id}`, undefined, admin);
    assert.deepEqual(got.body, child.body);
    const list = await call(t.app, 'GET', URL, undefined, admin);
    assert.equal(list.body.nextCursor, null);
    assert.ok(list.body.items.some((g: { id: number }) => g.id === child.body.id));
    // the seeded tree «اشخاص» is there too, as Siba's customer groups show it
    assert.ok(list.body.items.some((g: { name: string; parentId: number | null }) => g.name === 'اشخاص' && g.parentId === null));
    const renamed = await call(t.app, 'PATCH', `${URL}/${child.body.id}`, { name: 'تهران بزرگ' }, admin);
    assert.deepEqual([renamed.status, renamed.body.name, renamed.body.parentId], [200, 'تهران بزرگ', root.body.id]);
    const moved = await call(t.app, 'PATCH', `${URL}/${child.body.id}`, { parentId: null }, admin);
    assert.deepEqual([moved.status, moved.body.parentId], [200, null]);
    assert.equal((await call(t.app, 'DELETE', `${URL}/${child.body.id}`, undefined, admin)).status, 204);
    const gone = await call(t.app, 'GET', `${URL}/${child.body.id}`, undefined, admin);
    assert.deepEqual([gone.status, gone.body.code, gone.body.field], [404, 'NOT_FOUND', 'id']);
  });

  it('a group with subgroups or parties is refused IN_USE naming it; nothing written', async () => {
    const parent = (await call(t.app, 'POST', URL, { name: 'گروه پدر' }, admin)).body;
    const sub = (await call(t.app, 'POST', URL, { name: 'گروه فرزند', parentId: parent.id }, admin)).body;
    const party = await call(t.app, 'POST', '/daftar/v1/parties', { lastName: 'عضو گروه', groupId: sub.id }, admin);
    assert.equal(party.status, 201, JSON.stringify(party.body));
    const snap = await snapshotCounts(t.database);
    let r = await call(t.app, 'DELETE', `${URL}/${parent.id}`, undefined, admin);
    assert.deepEqual([r.status, r.body.code], [409, 'IN_USE'], JSON.stringify(r.body));
    assert.match(r.body.detail, /گروه پدر/);
    assert.match(r.body.detail, /زیرگروه/);
    r = await call(t.app, 'DELETE', `${URL}/${sub.id}`, undefined, admin);
    assert.deepEqual([r.status, r.body.code], [409, 'IN_USE'], JSON.stringify(r.body));
    assert.match(r.body.detail, /گروه فرزند/);
    assert.match(r.body.detail, /اشخاص/);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('refuses a cycle, a taken name, an unknown parent, an unknown field and a float-unsafe parentId, naming the field; nothing written', async () => {
    const a = (await call(t.app, 'POST', URL, { name: 'الف' }, admin)).body;
    const b = (await call(t.app, 'POST', URL, { name: 'ب', parentId: a.id }, admin)).body;
    const snap = await snapshotCounts(t.database);
    let r = await call(t.app, 'PATCH', `${URL}/${a.id}`, { parentId: b.id }, admin);
    assert.deepEqual([r.status, r.body.code, r.body.field], [400, 'VALIDATION', 'parentId'], JSON.stringify(r.body));
    r = await call(t.app, 'PATCH', `${URL}/${a.id}`, { parentId: a.id }, admin);
    assert.deepEqual([r.status, r.body.field], [400, 'parentId'], JSON.stringify(r.body));
    r = await call(t.app, 'POST', URL, { name: ' ب ', parentId: a.id }, admin);
    assert.deepEqual([r.status, r.body.code, r.body.field], [409, 'DUPLICATE', 'name'], JSON.stringify(r.body));
    r = await call(t.app, 'POST', URL, { name: 'بی‌پدر', parentId: 987654 }, admin);
    assert.deepEqual([r.status, r.body.code, r.body.field], [404, 'NOT_FOUND', 'parentId'], JSON.stringify(r.body));
    r = await call(t.app, 'POST', URL, { name: '  ' }, admin);
    assert.deepEqual([r.status, r.body.field], [400, 'name'], JSON.stringify(r.body));
    r = await call(t.app, 'POST', URL, { name: 'x', groupName: 'y' }, admin);
    assert.equal(r.status, 400);
    assert.match(JSON.stringify(r.body), /groupName/);
    r = await t.app.inject({ method: 'POST', url: URL, headers: { ...admin, 'content-type': 'application/json' }, payload: `{"name":"بزرگ","parentId":9007199254740993}` }).then((x) => ({ status: x.statusCode, body: x.json(), headers: x.headers as Record<string, unknown> }));
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.match(JSON.stringify(r.body), /parentId/);
    r = await call(t.app, 'PATCH', `${URL}/987654`, { name: 'ناموجود' }, admin);
    assert.deepEqual([r.status, r.body.field], [404, 'id'], JSON.stringify(r.body));
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('a clerk lists and reads groups but cannot change them; nothing written', async () => {
    const g = (await call(t.app, 'POST', URL, { name: 'گروه مدیر' }, admin)).body;
    assert.equal((await call(t.app, 'GET', URL, undefined, clerk)).status, 200);
    assert.equal((await call(t.app, 'GET', `${URL}/${g.id}`, undefined, clerk)).status, 200);
    const snap = await snapshotCounts(t.database);
    for (const [method, url, body] of [['POST', URL, { name: 'گروه فروش' }], ['PATCH', `${URL}/${g.id}`, { name: 'تغییر' }], ['DELETE', `${URL}/${g.id}`, undefined]] as const) {
      const r = await call(t.app, method, url, body, clerk);
      assert.deepEqual([r.status, r.body.code], [403, 'FORBIDDEN'], `${method} ${url}`);
    }
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('the same tree on Siba: a group made here is a customer group there, errors in Siba names', async () => {
    const g = (await call(t.app, 'POST', URL, { name: 'مشترک' }, admin)).body;
    const siba = await call(t.app, 'GET', '/api/customers/group');
    assert.ok(siba.body.data.group.some((x: { groupId: number; groupName: string }) => x.groupId === g.id && x.groupName === 'مشترک'));
    const r = await call(t.app, 'PUT', '/api/customers/group', { groupId: 987654, groupName: 'x' });
    assert.equal(r.status, 404);
    assert.match(r.body.errMsg, /groupId/);
    const dup = await call(t.app, 'POST', '/api/customers/group', { groupName: 'مشترک' });
    assert.equal(dup.status, 409);
    assert.match(dup.body.errMsg, /groupName/);
  });

  it('is documented in /openapi.json: a schema and an example for every request body and 2xx reply', async () => {
    const r = await call(t.app, 'GET', '/openapi.json');
    const list = r.body.paths['/daftar/v1/partyGroups'];
    const one = r.body.paths['/daftar/v1/partyGroups/{id}'];
    assert.ok(list?.get && list?.post && one?.get && one?.patch && one?.delete);
    for (const op of [list.get, list.post, one.get, one.patch, one.delete]) {
      assert.deepEqual(op.tags, ['daftar: partyGroups']);
      assert.ok(op.responses['403'] && op.responses['404'], 'the problem replies');
    }
    for (const [op, status] of [[list.get, '200'], [list.post, '201'], [one.get, '200'], [one.patch, '200']] as const) {
      const c = op.responses[status].content['application/json'];
      assert.ok(c.schema && (c.example ?? c.examples), `${status} has a schema and an example`);
    }
    for (const op of [list.post, one.patch]) {
      const c = op.requestBody.content['application/json'];
      assert.ok(c.schema && (c.example ?? c.examples), 'the body has a schema and an example');
      assert.equal(c.schema.additionalProperties, false);
    }
  });
});
