import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backend } from '../helpers/app.js';
import { processStorage } from '../helpers/server-process.js';
import { newServer } from '../reliability/helpers/server.js';
import { Prng, SurfaceClient } from '../reliability/helpers/client.js';
import { auditAgainstModel } from './audit.js';
import { Locks, Model } from './model.js';
import { OPERATIONS, World } from './operations.js';
import { logInStaff, ROLE_OPERATIONS } from './roles.js';
import { MONEY_OPERATIONS, setupMoney } from './money-ops.js';

/**
 * Model-based random simulation (TigerBeetle's auditor, over HTTP): concurrent clients send
 * valid and invalid operations on all three surfaces to a real server process; a model applies
 * only what was acknowledged; at the end the real state must equal the model and every
 * invariant of accounting.md must hold. Re-run one seed: SEED=<n> npm run test:sim.
 * SIM_SEEDS (how many default seeds), SIM_OPS (operations per seed), SIM_CLIENTS tune it.
 */
const DEFAULT_SEEDS = [101, 202, 303, 404, 505, 606, 707, 808];
const seeds = process.env.SEED ? [Number(process.env.SEED)] : DEFAULT_SEEDS.slice(0, Number(process.env.SIM_SEEDS ?? 3));
const OPS = Number(process.env.SIM_OPS ?? 150);
const CLIENTS = Number(process.env.SIM_CLIENTS ?? 4);
const CHECK_EACH = Boolean(process.env.SIM_CHECK_EACH);
/** Every operation, with those an accountant's and a clerk's sessions send (roles.ts), and issue 22's cheques, voids and year close (money-ops.ts). */
const ALL_OPERATIONS = [...OPERATIONS, ...ROLE_OPERATIONS, ...MONEY_OPERATIONS];

async function setup(c: SurfaceClient, m: Model): Promise<void> {
  const must = async (p: ReturnType<SurfaceClient['siba']>) => {
    const r = await p;
    if (r.kind !== 'ok') throw new Error(`setup: ${r.status} ${r.message}`);
    return r.body.data;
  };
  const wh = (await must(c.siba('GET', '/api/products/warehouse'))).warehouse as { warehouseCode: number; isDefault: boolean }[];
  m.warehouses.push(wh.find((w) => w.isDefault)!.warehouseCode);
  m.warehouses.push((await must(c.siba('POST', '/api/products/warehouse', { warehouseName: 'انبار شعبه' }))).warehouse.warehouseCode);
  m.cashRegisterId = (await must(c.siba('POST', '/api/cashRegister', { name: 'صندوق شبیه‌سازی' }))).cashRegister.cashRegisterId;
  const persons = await c.chortke('GET', '/v2/persons?limit=1000');
  for (const p of persons.body.person as { id: number }[]) m.parties.set(p.id, { id: p.id, used: true });
  for (let i = 0; i < 3; i++) {
    const cu = (await must(c.siba('POST', '/api/customers', { firstName: 'مشتری', lastName: `آغاز ${i}` }))).customer;
    m.parties.set(cu.id, { id: cu.id, used: false });
  }
  for (let i = 0; i < 5; i++) {
    const p = (await must(c.siba('POST', '/api/products', { name: `کالای آغاز ${i}`, buyPrice: 10000 + i * 1000, sellPrice: 15000 }))).product;
    m.products.set(p.productId, { id: p.productId, code: String(p.productCode), kind: 'goods', used: false });
  }
}

describe(`reliability: model-based simulation (${backend})`, () => {
  it(`seeds ${seeds.join(',')} × ${OPS} operations, ${CLIENTS} concurrent clients`, { timeout: 30 * 60_000 }, async (t) => {
    let operations = 0;
    let fiveHundreds = 0;
    let violations = 0;
    const failures: string[] = [];
    for (const seed of seeds) {
      const storage = await processStorage(backend);
      const server = await newServer(storage.env);
      const model = new Model(seed);
      const world = new World(model, new Locks());
      try {
        await server.start(120_000);
        const client = new SurfaceClient(server);
        await setup(client, model);
        await setupMoney(client, model);
        await logInStaff(client, seed);
        let issued = 0;
        await Promise.all(
          Array.from({ length: CLIENTS }, async (_, n) => {
            const r = new Prng(seed * 7919 + n);
            while (issued < OPS) {
              issued++;
              await r.weighted(ALL_OPERATIONS)(world, client, r, n);
              // Localising a failure: SIM_CLIENTS=1 SIM_CHECK_EACH=1 verifies the books after every operation.
              if (CHECK_EACH && !model.violations.length) {
                for (const f of await client.verifyFailures()) model.violations.push(`verify after ${world.log.at(-1)}: ${f.name} ${JSON.stringify(f.offending).slice(0, 300)}`);
                if (model.violations.length) issued = OPS;
              }
            }
          }),
        );
        const found = [...model.violations];
        try {
          found.push(...(await auditAgainstModel(client, model)));
        } catch (err) {
          found.push(`audit aborted: ${String((err as Error)?.message ?? err)}`);
        }
        if (server.proc?.exitCode !== null || server.proc?.signalCode !== null) found.push(`server process died: ${server.stderr.slice(-1000)}`);
        operations += world.stats.operations;
        fiveHundreds += world.stats.fiveHundreds;
        violations += found.length;
        if (found.length) {
          failures.push(
            [
              `SEED=${seed} (re-run: SEED=${seed} npm run test:sim${backend === 'postgres' ? ' with DATABASE_URL set' : ''}): ${found.length} violation(s)`,
              ...found.slice(0, 30).map((x) => `  ✗ ${x}`),
              '  operation log (tail):',
              ...world.log.slice(-40).map((x) => `    ${x}`),
            ].join('\n'),
          );
        }
        t.diagnostic(`seed ${seed}: ${world.stats.operations} operations, ${world.stats.acknowledged} acknowledged, ${world.stats.refused} refused, ${found.length} violations`);
        if (process.env.SIM_VERBOSE) t.diagnostic(JSON.stringify(world.stats.byName));
      } finally {
        await server.stop().catch(() => {});
        if (process.env.SIM_KEEP) t.diagnostic(`kept storage: ${JSON.stringify(storage.env)}`);
        else await storage.cleanup();
      }
    }
    t.diagnostic(`reliability: simulation backend=${backend} seeds=${seeds.length} operations=${operations} violations=${violations} fiveHundreds=${fiveHundreds}`);
    assert.equal(failures.length, 0, failures.join('\n\n'));
  });
});
