import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../src/db/connection.js';
import { trialBalance } from '../../../src/domain/reports/trial-balance.js';
import { inventoryValuation } from '../../../src/domain/reports/inventory.js';
import { call } from '../../helpers/app.js';
import { hasCitus, newTestSchema } from '../../helpers/db.js';
import { systemActor } from '../../../src/domain/context.js';

export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-backup-test-'));
}

/** A small shop through the Siba API: products (one with an image), a customer, a purchase. */
export async function seedShop(app: FastifyInstance, headers: Record<string, string> = {}): Promise<{ products: number[]; personId: number }> {
  const products: number[] = [];
  for (let i = 1; i <= 3; i++) {
    const r = await call(app, 'POST', '/api/products', { name: `کالای ${i}`, code: `P${i}` }, headers);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    products.push(r.body.data.product.productId);
  }
  const img = await app.inject({ method: 'PUT', url: `/api/products/image/${products[0]}`, headers: { ...headers, 'content-type': 'image/png' }, payload: PNG });
  assert.equal(img.statusCode, 200, img.body);
  const c = await call(app, 'POST', '/api/customers', { firstName: 'علی', lastName: 'رضایی', initialBalance: 1250000 }, headers);
  assert.equal(c.status, 200, JSON.stringify(c.body));
  const personId = c.body.data.customer.customerId;
  const buy = await call(
    app,
    'POST',
    '/api/factors',
    {
      invoiceType: 1,
      personId,
      details: products.map((p) => ({ itemId: p, itemType: 0, quantity: 1000, price: '1003.37', warehouseCode: 1, taxPerc: 0 })),
    },
    headers,
  );
  assert.equal(buy.status, 200, JSON.stringify(buy.body));
  return { products, personId };
}

export function sale(app: FastifyInstance, productId: number, personId: number, i: number, headers: Record<string, string> = {}) {
  return call(
    app,
    'POST',
    '/api/factors',
    { invoiceType: 2, personId, info: `فروش ${i}`, details: [{ itemId: productId, itemType: 0, quantity: 1 + (i % 3), price: '2000.5', warehouseCode: 1, taxPerc: 9 }] },
    headers,
  );
}

/** The figures a restore must reproduce exactly: trial balance by detail, stock valuation, party balances, images. */
export async function books(database: Database, businessId: number) {
  const trial = await trialBalance(database.db, systemActor(businessId), { level: 'detail', limit: 10_000 } as never);
  const valuation = await inventoryValuation(database.db, systemActor(businessId), { limit: 10_000 } as never);
  const parties = await sql<{ id: number; balance: string }>`
    select p.id, coalesce(sum(vl.debit - vl.credit), 0)::text as balance
      from parties p left join voucher_lines vl on vl.business_id = p.business_id and vl.detail_id = p.detail_id
     where p.business_id = ${businessId} group by p.id order by p.id`.execute(database.db);
  const images = await sql<{ product_id: number; hex: string }>`
    select product_id, encode(bytes, 'hex') as hex from product_images where business_id = ${businessId} order by product_id`.execute(database.db);
  const invoices = await sql<{ n: number }>`select count(*)::int as n from invoices where business_id = ${businessId}`.execute(database.db);
  return { trial, valuation, parties: parties.rows, images: images.rows, invoices: invoices.rows[0]!.n };
}

/** An empty PostgreSQL database beside the suite's (DATABASE_URL), dropped by the returned function. */
export async function emptyPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL!;
  // On a Citus cluster a new database has no workers (test/helpers/db.ts): the restore goes into an
  // empty schema of the coordinator's database instead (search_path), and is distributed there.
  if (await onCitus(base)) return newTestSchema(base, 'daftar_r_', true);
  const name = `daftar_r_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = '/' + name;
  return {
    url: u.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await a.end();
    },
  };
}

async function onCitus(url: string): Promise<boolean> {
  const a = new pg.Client({ connectionString: url });
  await a.connect();
  try {
    return await hasCitus(a);
  } finally {
    await a.end();
  }
}

/** Every file under a directory with its sha256 (a refused restore changes none). */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) out[f] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
  }
  return out;
}
