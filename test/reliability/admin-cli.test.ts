import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { backend } from '../helpers/app.js';
import { runCli, runEntry } from '../helpers/cli-process.js';
import { PROCESS_SECRETS, processStorage, type ServerProcess, type Storage } from '../helpers/server-process.js';
import { newServer } from './helpers/server.js';

/**
 * Every admin command run while the server is up takes effect at once (issue 17): on PGlite the
 * CLI asks the server that holds the directory, on PostgreSQL it writes the database itself.
 */
describe(`admin commands while the server runs (${backend})`, () => {
  let storage: Storage;
  let server: ServerProcess;
  const cli = async (...args: string[]) => {
    const r = await runCli(args, storage.env);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  const login = async (userName: string, password: string) => {
    const r = await fetch(`${server.url}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName, password }) });
    return { status: r.status, body: (await r.json()) as any };
  };
  const asToken = (token: string) => server.request('GET', '/api/users', undefined, { authorization: `Bearer ${token}` });

  before(async () => {
    storage = await processStorage(backend);
    server = await newServer(storage.env);
    await server.start(120_000);
  });
  after(async () => {
    await server?.stop();
    await storage?.cleanup();
  });

  it('rotate api: the new token works at once and the old one is refused', async (t) => {
    assert.equal((await asToken(PROCESS_SECRETS.DAFTAR_API_TOKEN)).status, 200);
    const r = await cli('rotate', 'api', '--json');
    t.diagnostic(`admin: rotate api (${backend}, server running) answered in ${r.ms} ms`);
    const fresh = JSON.parse(r.stdout).api as string;
    assert.match(fresh, /^dft_/);
    assert.equal((await asToken(fresh)).status, 200);
    assert.equal((await asToken(PROCESS_SECRETS.DAFTAR_API_TOKEN)).status, 401);
  });

  it('create-user: the user logs in at once; disable-user and enable-user take effect at once', async () => {
    await cli('create-user', '--user', 'cli-clerk', '--password', 'cli-clerk-password', '--role', 'clerk');
    const first = await login('cli-clerk', 'cli-clerk-password');
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.match(first.body.data.user.token, /^dfs_/);
    await cli('disable-user', '--user', 'cli-clerk');
    assert.equal((await login('cli-clerk', 'cli-clerk-password')).status, 401);
    await cli('enable-user', '--user', 'cli-clerk');
    assert.equal((await login('cli-clerk', 'cli-clerk-password')).status, 200);
  });

  it('create-business: its API token answers at once, for the new business', async () => {
    const r = await cli('create-business', '--name', 'شعبه دوم', '--json');
    const b = JSON.parse(r.stdout) as { businessId: number; apiToken: string };
    assert.ok(b.businessId > 1);
    assert.equal((await asToken(b.apiToken)).status, 200);
  });

  it('where and npm run verify answer while the server runs; a refused command exits non-zero with its reason', async () => {
    const where = await cli('where', '--json');
    assert.equal(JSON.parse(where.stdout).kind, backend);
    const verify = await runEntry('src/verify-cli.ts', [], storage.env);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /PASS: 2 business\(es\) verified/);
    const refused = await runCli(['disable-user', '--user', 'nobody-here'], storage.env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /no user nobody-here/);
    const unknown = await runCli(['frobnicate'], storage.env);
    assert.equal(unknown.code, 2);
  });

  it('with the server stopped the same commands open the database themselves', async () => {
    await server.stop();
    await cli('create-user', '--user', 'offline-user', '--password', 'offline-password-1');
    await server.start(120_000);
    assert.equal((await login('offline-user', 'offline-password-1')).status, 200);
  });
});
