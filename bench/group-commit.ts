/**
 * Dev aid (not part of `npm run bench`): group commit on and off, in-process (app.inject), on the
 * suite's backend. `node --import tsx bench/group-commit.ts [sales] [connections]`.
 * Prints, per setting, sales/s of wall time and the Node process's CPU ms per sale (user + sys:
 * on PGlite that is all the work, the database included; on PostgreSQL the server's own CPU is
 * not in it) — CPU per sale is the figure a loaded machine disturbs least.
 */
import { call, testApp } from '../test/helpers/app.js';
import { groupCommitStats } from '../src/db/group-commit.js';

const [nArg = '400', cArg = '8'] = process.argv.slice(2);
const N = Number(nArg);
const CONN = Number(cArg);
const H = { authorization: 'Bearer test-api-token-a' };
const auth = { apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a' };

for (const groupCommit of [false, true, false, true]) {
  const t = await testApp({ groupCommit });
  const items = Array.from({ length: 200 }, (_, i) => ({ Name: `کالا ${i}`, ItemType: 0, Unit: 'عدد', SellPrice: 1000 }));
  const made = await call(t.app, 'POST', '/v1/item/batchsave', { ...auth, items });
  const goods = made.body.Result.map((x: { Id: number }) => x.Id) as number[];
  const person = (await call(t.app, 'POST', '/api/customers', { firstName: 'a', lastName: 'b' }, H)).body.data.customer.customerId;
  await call(t.app, 'POST', '/api/factors', { invoiceType: 1, personId: person, details: goods.map((id) => ({ itemId: id, itemType: 0, quantity: 1e6, price: 500, taxPerc: 0 })) }, H);
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const worker = async () => {
    while (next < N) {
      const i = next++;
      const lines = [goods[i % 20], goods[(i * 7) % 200], goods[(i * 13 + 1) % 197]].map((id, k) => ({ itemId: id, itemType: 0, quantity: 1, price: 900 + k, taxPerc: k === 0 ? 10 : 0 }));
      const r = await call(t.app, 'POST', '/api/factors', { invoiceType: 2, personId: person, details: lines }, H);
      if (r.status !== 200) throw new Error(JSON.stringify(r.body));
    }
  };
  await Promise.all(Array.from({ length: CONN }, worker));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const s = groupCommitStats(t.database.db);
  console.log(
    `group commit ${groupCommit ? 'on ' : 'off'}: ${N} sales, ${CONN} conn: ${((N / ms) * 1000).toFixed(1)}/s, ` +
      `Node CPU ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms per sale` +
      (s ? `, ${s.batches} batches (mean ${(s.postings / s.batches).toFixed(1)}, largest ${s.largest})` : ''),
  );
  await t.close();
}
