import { systemActor } from './domain/context.js';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { openConfiguredDatabase } from './server.js';
import { allBusinesses, tableExists, verifyBooks, type Verification } from './domain/reports/index.js';

const USAGE = `Daftar books verifier: npm run verify -- [--business N] [--json]

Checks every invariant of the books (vouchers balance, trial balance is zero, stock balances =
movements, inventory account = stock value, parties' detail accounts, one voucher per posting
document, no history gap) for every business in the configured database (DATABASE_URL, or the
PGlite data directory DAFTAR_DATA_DIR). Exit status: 0 all checks pass, 1 a check failed,
2 the verifier could not run.`;

function print(v: Verification, name: string): void {
  const out: string[] = [`business #${v.businessId} ${name}: ${v.ok ? 'PASS' : 'FAIL'}`];
  for (const c of v.checks) {
    const status = c.skipped ? 'SKIP' : c.ok ? 'PASS' : 'FAIL';
    out.push(`  ${status}  ${c.name}  ${c.description}`);
    for (const row of c.offending) out.push(`          ${JSON.stringify(row)}`);
  }
  process.stdout.write(out.join('\n') + '\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      business: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    if (!(await tableExists(database.db, 'businesses'))) {
      process.stderr.write(`no Daftar database at ${database.location} (run npm start or npm run migrate first)\n`);
      return 2;
    }
    let businesses = await allBusinesses(database.db);
    if (values.business !== undefined) {
      const id = Number(values.business);
      businesses = businesses.filter((b) => b.id === id);
      if (businesses.length === 0) {
        process.stderr.write(`no business #${values.business}\n`);
        return 2;
      }
    }
    const results: Verification[] = [];
    for (const b of businesses) {
      const v = await verifyBooks(database.db, systemActor(b.id));
      results.push(v);
      if (!values.json) print(v, b.name);
    }
    const ok = results.every((r) => r.ok);
    if (values.json) process.stdout.write(JSON.stringify({ ok, businesses: results }, null, 2) + '\n');
    else process.stdout.write(`${ok ? 'PASS' : 'FAIL'}: ${results.length} business(es) verified at ${database.location}\n`);
    return ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`verify failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
