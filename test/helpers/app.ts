import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/connection.js';
import { transact } from '../../src/db/transact.js';
import { createBusiness, type NewBusiness } from '../../src/domain/business/bootstrap.js';
import { freshDatabase } from './db.js';

export const backend = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  /** The default business (the one trusted loopback calls act for), with its plain secrets. */
  business: NewBusiness;
  /** Another business, for tenant-isolation tests. */
  newBusiness(name?: string): Promise<NewBusiness>;
  close(): Promise<void>;
}

/** A server on a fresh, migrated database with one business, for app.inject() tests. */
export async function testApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await freshDatabase();
  const config: Config = {
    ...loadConfig({}),
    rateLimitPerMinute: 1_000_000,
    hesabfaRateLimitPerMinute: 1_000_000,
    loginAttemptsPerMinute: 1_000_000,
    authFailuresPerMinute: 1_000_000,
    // Backups made through the API go to a folder of this app's own, never into the checkout.
    backupDir: fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-test-backups-')),
    ...overrides,
  };
  const business = await transact(database.db, (tx) =>
    createBusiness(tx, {
      name: 'کسب‌وکار آزمایشی',
      adminUser: 'admin',
      adminPassword: 'admin-password-1',
      apiToken: 'test-api-token-a',
      hesabfaApiKey: 'test-hesabfa-key-a',
      hesabfaLoginToken: 'test-hesabfa-login-a',
      chortkeToken: 'test-chortke-token-a',
    }),
  );
  const app = await buildApp({ database, config, logger: process.env.TEST_LOG ? { level: 'debug' } : false });
  await app.ready();
  let n = 0;
  return {
    app,
    database,
    config,
    business,
    newBusiness: (name) => {
      n++;
      return transact(database.db, (tx) =>
        createBusiness(tx, {
          name: name ?? `کسب‌وکار ${n}`,
          adminUser: 'owner',
          adminPassword: `owner-password-${n}`,
          apiToken: `test-api-token-b${n}`,
          hesabfaApiKey: `test-hesabfa-key-b${n}`,
          hesabfaLoginToken: `test-hesabfa-login-b${n}`,
          chortkeToken: `test-chortke-token-b${n}`,
        }),
      );
    },
    close: async () => {
      await app.close();
      await database.close();
      await (database as Database & { drop(): Promise<void> }).drop();
      if (!overrides.backupDir) fs.rmSync(config.backupDir, { recursive: true, force: true });
    },
  };
}

/** JSON request through app.inject, returning status and parsed body. */
export async function call(
  app: FastifyInstance,
  method: InjectOptions['method'],
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const res = await app.inject({
    method,
    url,
    headers: body !== undefined ? { 'content-type': 'application/json', ...headers } : headers,
    payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  let parsed: unknown = res.body;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body: parsed, headers: res.headers as Record<string, unknown> };
}

/** Row count of a table (tests assert "nothing written"). */
export async function countRows(database: Database, table: string): Promise<number> {
  const r = await database.db.selectFrom(table as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number((r as { n: number }).n);
}

/** Counts of every business table, to compare before/after a refused request. */
export async function snapshotCounts(database: Database): Promise<Record<string, number>> {
  const tables = [
    'products', 'barcodes', 'product_groups', 'units', 'warehouses', 'stock_movements', 'stock_balances',
    'vouchers', 'voucher_lines', 'parties', 'party_phones', 'party_groups', 'audit_entries',
    'cash_registers', 'bank_accounts', 'idempotency_keys', 'stock_adjustments',
  ];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = await countRows(database, t);
  return out;
}
