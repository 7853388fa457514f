import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeProblem, formatSql, snapshotState, syncSnapshots } from '../../src/db/sql-snapshots.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('queries.sql snapshots (npm run sync-sql)', () => {
  it('every repository file under src/ has a queries.sql that matches its SQL_SAMPLES', async () => {
    const { problems } = await snapshotState(path.join(root, 'src'));
    assert.deepEqual(problems.map((p) => describeProblem(p, root)), [], 'snapshots out of date');
  });

  describe('the check itself (on a scratch module)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-sync-sql-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const module = path.join(dir, 'widgets');
    fs.mkdirSync(module);
    const repo = path.join(module, 'repository.ts');
    const write = (column: string) =>
      fs.writeFileSync(repo, `export const SQL_SAMPLES = { units: (db: any) => db.selectFrom('units').select('${column}').where('business_id', '=', 1) };\n`);

    it('names a missing snapshot, writes it, then finds nothing to say', async () => {
      write('id');
      const before = await snapshotState(dir);
      assert.deepEqual(before.problems.map((p) => describeProblem(p, dir)), ['widgets/queries.sql is missing: run npm run sync-sql']);
      await syncSnapshots(dir);
      const text = fs.readFileSync(path.join(module, 'queries.sql'), 'utf8');
      assert.match(text, /-- units\nselect "id" from "units" where "business_id" = \$1;\n/);
      assert.deepEqual((await snapshotState(dir)).problems, []);
    });

    it('names a stale snapshot after a query changed', async () => {
      // A fresh file name: the module cache would otherwise hand back the first version.
      const renamed = path.join(module, 'stock.repository.ts');
      fs.renameSync(repo, renamed);
      fs.writeFileSync(renamed, `export const SQL_SAMPLES = { units: (db: any) => db.selectFrom('units').select('name') };\n`);
      fs.writeFileSync(path.join(module, 'stock.queries.sql'), fs.readFileSync(path.join(module, 'queries.sql')));
      const { problems } = await snapshotState(dir);
      assert.deepEqual(problems.map((p) => describeProblem(p, dir)), [
        'widgets/stock.queries.sql is stale (a query changed): run npm run sync-sql',
        'widgets/queries.sql has no repository file beside it: delete it, or run npm run sync-sql',
      ]);
    });

    it('names a repository file without SQL_SAMPLES', async () => {
      fs.writeFileSync(path.join(module, 'empty.repository.ts'), 'export const nothing = 1;\n');
      const { problems } = await snapshotState(dir);
      assert.ok(problems.some((p) => p.problem === 'no-samples' && p.file.endsWith('empty.repository.ts')));
    });
  });

  it('formats: a break before each clause, none inside quotes, short statements on one line', () => {
    assert.equal(
      formatSql(`select "id", (select 'from where' as "x") as "y" from "products" inner join "units" on "units"."id" = "products"."unit_id" where "products"."business_id" = $1 order by "id" for update`),
      `select "id", (select 'from where' as "x") as "y"\nfrom "products"\ninner join "units" on "units"."id" = "products"."unit_id"\nwhere "products"."business_id" = $1\norder by "id"\nfor update`,
    );
    assert.equal(formatSql('select 1 from units'), 'select 1 from units');
  });
});
