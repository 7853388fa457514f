import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { backend } from './helpers/app.js';
import { PROCESS_SECRETS, ServerProcess, processStorage, type Storage } from './helpers/server-process.js';

describe(`a real server process (${backend})`, () => {
  let storage: Storage;
  let server: ServerProcess;
  after(async () => {
    await server?.stop();
    await storage?.cleanup();
  });

  it('starts, answers Siba without credentials on loopback, keeps data across a restart', async () => {
    storage = await processStorage(backend);
    server = new ServerProcess(storage.env);
    await server.start();
    const r = await fetch(`${server.url}/api/users`);
    assert.equal(r.status, 200);
    const body = (await r.json()) as any;
    assert.deepEqual([body.success, body.errCode, body.errMsg], [true, 0, '']);
    const products = await fetch(`${server.url}/api/products`);
    const pb = (await products.json()) as any;
    assert.equal(pb.success, true);
    assert.ok(Array.isArray(pb.data.product));

    const created = await server.request('POST', '/api/users', { userName: 'kept', password: 'kept-password-1' });
    assert.equal(created.status, 200);
    await server.stop(); // SIGTERM: graceful
    await server.start();
    const list = await server.request('GET', '/api/users');
    assert.ok(list.body.data.user.some((u: { userName: string }) => u.userName === 'kept'));
  });

  it('the environment sets the first start\'s secrets; the CLI rotates them', async () => {
    const hesabfa = await fetch(`${server.url}/v1/item/getitems`, {
      method: 'POST',
      body: JSON.stringify({ apiKey: PROCESS_SECRETS.DAFTAR_HESABFA_API_KEY, loginToken: PROCESS_SECRETS.DAFTAR_HESABFA_LOGIN_TOKEN }),
    });
    const hb = (await hesabfa.json()) as any;
    assert.notEqual(hb.ErrorCode, 107, 'the apiKey from the environment is known');
    assert.notEqual(hb.ErrorCode, 106);
    const chortke = await fetch(`${server.url}/v2/personTypes`, { headers: { authorization: `Bearer ${PROCESS_SECRETS.DAFTAR_CHORTKE_TOKEN}` } });
    assert.notEqual(chortke.status, 401);

    await server.stop();
    const env = { ...process.env, ...storage.env };
    if (!storage.env.DATABASE_URL) delete env.DATABASE_URL;
    const out = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'rotate', 'api', '--json'], { env, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    const fresh = JSON.parse(out.stdout).api as string;
    assert.match(fresh, /^dft_/);
    await server.start();
    assert.equal((await server.request('GET', '/api/users')).status, 401, 'the old token is revoked');
    assert.equal((await server.request('GET', '/api/users', undefined, { authorization: `Bearer ${fresh}` })).status, 200);
    const where = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'where'], { env, encoding: 'utf8' });
    assert.match(where.stdout, /data:/);
  });
});
