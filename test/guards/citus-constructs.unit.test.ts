// Issue 26 (docs/scale-out.md): CI has no Citus cluster, so the constructs Citus refuses on a
// distributed table are caught here, in the migrations and in the domain's SQL (the TypeScript
// templates and their .sql snapshots). Each rule names the refusal it stands for.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, filesUnder, rel } from './source.js';

interface Rule {
  name: string;
  /** what Citus answers */
  refusal: string;
  pattern: RegExp;
}

const RULES: Rule[] = [
  {
    name: 'a non-immutable function in ON CONFLICT … DO UPDATE',
    refusal: 'functions used in the DO UPDATE SET clause of INSERTs on distributed tables must be marked IMMUTABLE',
    pattern: /on\s+conflict[^;`]*?do\s+update[^;`]*?\b(now\(\)|current_timestamp|clock_timestamp\(|statement_timestamp\(|random\(|nextval\()/i,
  },
  {
    name: 'a subquery inside INSERT … VALUES',
    refusal: 'subqueries are not supported within INSERT queries',
    pattern: /insert\s+into\s+\w+\s*\([^)]*\)\s*values\s*\([^;`]*?\(\s*select\b/i,
  },
  {
    name: 'nextval inside a statement that reads a business table (it would run on a worker)',
    refusal: 'ids from the worker sequence (group id × 2^48), out of posting order',
    pattern: /nextval\([^;`]*?where\s+business_id|where\s+business_id[^;`]*?nextval\(/i,
  },
];

/** The SQL a file holds: a migration whole; TypeScript's sql`…` templates; snapshot .sql files whole. */
function statements(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  if (!file.endsWith('.ts')) return text.split(/;\s*\n/);
  return [...text.matchAll(/sql(?:<[^`]*?>)?`([^`]*)`/g)].map((m) => m[1]);
}

function offences(files: string[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    for (const s of statements(f)) {
      for (const r of RULES) if (r.pattern.test(s)) out.push(`${rel(f)}: ${r.name} (Citus: "${r.refusal}")`);
    }
  }
  return out;
}

const MIGRATIONS = filesUnder('src/db/migrations', /^\d{4}_.*\.sql$/);
const DOMAIN_SQL = filesUnder('src/domain', /\.(ts|sql)$/);

describe('constructs Citus refuses on a distributed table (docs/scale-out.md)', () => {
  it('none in the domain SQL', () => {
    assert.deepEqual(offences(DOMAIN_SQL), []);
  });

  it('none in migrations after the cluster baseline (0290); older ones are immutable and undone by later ones', () => {
    const newer = MIGRATIONS.filter((f) => path.basename(f) > '0290');
    assert.deepEqual(offences(newer), []);
  });

  it('every statement-level trigger with transition tables is dropped by a later migration', () => {
    const created: { name: string; file: string }[] = [];
    const dropped = new Set<string>();
    for (const f of MIGRATIONS) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/create\s+trigger\s+(\w+)[^;]*?referencing\s+(new|old)\s+table/gi)) created.push({ name: m[1], file: rel(f) });
      for (const m of text.matchAll(/drop\s+trigger\s+(?:if\s+exists\s+)?(\w+)/gi)) dropped.add(m[1]);
    }
    assert.ok(created.length > 0, 'migration 0081 is inspected');
    assert.deepEqual(created.filter((c) => !dropped.has(c.name)), [], 'Citus: executor could not find named tuplestore');
  });

  it('the rules catch what they stand for', () => {
    const bad = [
      'insert into t (business_id, k) values (1, 2) on conflict (business_id, k) do update set at = now()',
      'insert into invoices (business_id, invoice_no) values ($1, (select value from claimed_no))',
      "select nextval('invoices_id_seq'), (select 1 from parties where business_id = $1)",
    ];
    for (const [i, s] of bad.entries()) assert.ok(RULES[i].pattern.test(s), RULES[i].name);
    const good = [
      'insert into t (business_id, k, at) values (1, 2, $3) on conflict (business_id, k) do update set at = excluded.at',
      "select nextval(pg_get_serial_sequence('invoices', 'id')) as invoice_id",
    ];
    for (const s of good) assert.ok(!RULES.some((r) => r.pattern.test(s)), s);
    assert.ok(fs.existsSync(path.join(ROOT, 'src/db/migrations')));
  });
});
