import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { validate } from '@readme/openapi-parser';
import { openDatabase } from '../../../src/db/connection.js';
import { transact } from '../../../src/db/transact.js';
import { issueCredential } from '../../../src/domain/auth/credentials.js';
import { createUser } from '../../../src/domain/users/users.js';
import { readBackup, readManifest } from '../../../src/domain/backup/format.js';
import { restoreBackup } from '../../../src/domain/backup/restore.js';
import { verifyBooks } from '../../../src/domain/reports/verify.js';
import { backend, call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { actorFor } from '../../domain/invoicing/fixtures.js';
import { tempDir } from '../../domain/backup/fixtures.js';
import { systemActor } from '../../../src/domain/context.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe(`/daftar/v1/backups (${backend})`, () => {
  let t: TestApp;
  let dir: string;
  let work: string;
  const admin1 = bearer('test-api-token-a');
  const admin2 = bearer('test-api-token-b1');
  let clerk: Record<string, string>;
  let b2: number;

  before(async () => {
    dir = tempDir();
    work = tempDir();
    t = await testApp({ backupDir: dir });
    b2 = (await t.newBusiness('فروشگاه دوم')).businessId;
    const b1 = t.business.businessId;
    const u = await transact(t.database.db, (tx) => createUser(tx, actorFor(b1, t.business.adminUserId), { userName: 'clerk1', password: 'clerk-password-1', role: 'clerk' }));
    clerk = bearer(await transact(t.database.db, (tx) => issueCredential(tx, b1, 'session', { userId: u.userId })));
    for (const [h, name] of [[admin1, 'کالای یک'], [admin2, 'کالای دو']] as const) {
      const r = await call(t.app, 'POST', '/api/products', { name, code: 'X1' }, h);
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
  });
  after(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('needs a user credential: none or a bad one is a 401 problem; no loopback trust', async () => {
    for (const h of [{}, bearer('not-a-token'), bearer('test-chortke-token-a')]) {
      const r = await call(t.app, 'GET', '/daftar/v1/backups', undefined, h);
      assert.equal(r.status, 401);
      assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
      assert.equal(r.body.code, 'UNAUTHORIZED');
      assert.equal(r.body.status, 401);
      assert.match(r.body.detail, /[\u0600-\u06FF]/);
    }
  });

  it('a clerk gets 403 FORBIDDEN for every backup call, and nothing is written', async () => {
    const snap = await snapshotCounts(t.database);
    for (const [method, url] of [['POST', '/daftar/v1/backups'], ['GET', '/daftar/v1/backups'], ['GET', '/daftar/v1/backups/b1-20260101T000000Z']] as const) {
      const r = await call(t.app, method, url, undefined, clerk);
      assert.equal(r.status, 403, `${method} ${url}`);
      assert.deepEqual([r.body.code, r.body.type], ['FORBIDDEN', 'urn:daftar:problem:forbidden']);
      assert.match(r.body.detail, /مدیر/);
    }
    assert.deepEqual(fs.readdirSync(dir), [], 'no backup file');
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('an admin makes, lists and downloads a backup holding only their own business', async () => {
    const made = await call(t.app, 'POST', '/daftar/v1/backups', undefined, admin1);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.match(made.body.id, /^b1-\d{8}T\d{6}Z$/);
    assert.match(made.body.createdAt, /\+03:30$/);
    assert.match(made.body.createdAtJalali, /^14\d\d\/\d\d\/\d\d \d\d:\d\d$/);
    const list = await call(t.app, 'GET', '/daftar/v1/backups', undefined, admin1);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((b: { id: string }) => b.id), [made.body.id]);
    assert.equal(list.body.nextCursor, null);

    const res = await t.app.inject({ method: 'GET', url: `/daftar/v1/backups/${made.body.id}`, headers: admin1 });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/gzip');
    assert.match(String(res.headers['content-disposition']), /attachment; filename="b1-/);
    const file = path.join(work, 'downloaded.backup.gz');
    fs.writeFileSync(file, res.rawPayload);
    const m = await readManifest(file);
    assert.deepEqual(m.scope, { kind: 'business', businessId: 1 });
    assert.deepEqual(m.businesses.map((b) => b.id), [1]);
    let columns: string[] = [];
    let table = '';
    const foreign: string[] = [];
    await readBackup(file, (l) => {
      if (l.kind === 'table') [table, columns] = [l.table, l.columns];
      else if (l.kind === 'row') {
        const key = columns.indexOf(table === 'businesses' ? 'id' : 'business_id');
        assert.ok(key >= 0, `${table} is business-owned`);
        if (l.values[key] !== '1') foreign.push(`${table}:${l.values[key]}`);
      } else assert.deepEqual(l.sequences, [], 'sequence positions are shared by all businesses: not in a one-business backup');
    });
    assert.deepEqual(foreign, [], 'no row of another business');

    const restored = path.join(work, 'one-business');
    await restoreBackup(file, { dataDir: restored });
    const r = await openDatabase({ dataDir: restored });
    try {
      assert.equal((await verifyBooks(r.db, systemActor(1))).ok, true);
      const names = await r.db.selectFrom('products').select('name').execute();
      assert.deepEqual(names.map((p) => p.name), ['کالای یک']);
    } finally {
      await r.close();
    }
  });

  it("a business never lists or downloads another's backups", async () => {
    const mine = (await call(t.app, 'GET', '/daftar/v1/backups', undefined, admin1)).body.items[0].id as string;
    let r = await call(t.app, 'GET', '/daftar/v1/backups', undefined, admin2);
    assert.deepEqual([r.status, r.body.items], [200, []]);
    r = await call(t.app, 'GET', `/daftar/v1/backups/${mine}`, undefined, admin2);
    assert.deepEqual([r.status, r.body.code], [404, 'NOT_FOUND']);
    // Not even by a path that walks into the other business's folder.
    for (const id of [`../business-1/${mine}`, `..%2Fbusiness-1%2F${mine}`, mine.replace('b1-', `b${b2}-`)]) {
      r = await call(t.app, 'GET', `/daftar/v1/backups/${id}`, undefined, admin2);
      assert.equal(r.status, 404, id);
    }
    const theirs = await call(t.app, 'POST', '/daftar/v1/backups', undefined, admin2);
    assert.equal(theirs.status, 201);
    assert.ok(theirs.body.id.startsWith(`b${b2}-`));
    const list1 = await call(t.app, 'GET', '/daftar/v1/backups', undefined, admin1);
    assert.deepEqual(list1.body.items.map((b: { id: string }) => b.id), [mine]);
    r = await call(t.app, 'GET', `/daftar/v1/backups/${theirs.body.id}`, undefined, admin1);
    assert.equal(r.status, 404);
  });

  it('is documented in /openapi.json with schemas and examples', async () => {
    const r = await call(t.app, 'GET', '/openapi.json');
    const p = r.body.paths['/daftar/v1/backups'];
    assert.ok(p?.post && p?.get, 'POST and GET /daftar/v1/backups');
    assert.ok(r.body.paths['/daftar/v1/backups/{id}']?.get);
    const created = p.post.responses['201'].content['application/json'];
    assert.equal(created.example?.id, 'b1-20261204T223000Z', 'an example');
    assert.ok(created.schema.properties.createdAtJalali);
    assert.ok(p.post.responses['403'], 'the problem reply');
    const result = await validate(structuredClone(r.body));
    assert.equal(result.valid, true, JSON.stringify((result as { errors?: unknown }).errors ?? result).slice(0, 2000));
  });
});
