import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { backend } from '../helpers/app.js';
import { startFakeMoadian, type FakeMoadian } from '../helpers/fake-moadian.js';
import { MOADIAN_VECTORS, SAMPLE_CERT, SAMPLE_NATIONAL_ID } from '../helpers/moadian-keys.js';
import { processStorage, type ServerProcess } from '../helpers/server-process.js';
import { newServer } from './helpers/server.js';

/**
 * kill -9 of Daftar in the middle of sending to Moadian, restart: every invoice ends sent exactly once.
 * The fake Moadian server runs in this process (loopback) and stalls the send call, so the SIGKILL lands
 * while the request is in flight: once after the server kept the packets (the dead worker never learnt
 * their reference numbers) and once before it kept anything. After the last restart every invoice has
 * exactly one successful submission, the fake accepted each taxid once (it refuses a resent taxid, as
 * Moadian does) and no serial was handed out twice.
 */
const FISCAL_ID = 'A11216';
const SELLER = '14003778990';
const ROUNDS: ('afterStoring' | 'beforeStoring')[] = ['afterStoring', 'beforeStoring'];
const PER_ROUND = 4;

async function until<T>(what: string, f: () => Promise<T | undefined | false>, ms = 120_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`reliability: kill -9 mid-send to Moadian (${backend})`, () => {
  it('every invoice ends sent exactly once; no serial reused', { timeout: 10 * 60_000 }, async (t) => {
    const storage = await processStorage(backend);
    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-moadian-crash-'));
    const keyFile = path.join(keyDir, 'secret.key');
    fs.writeFileSync(keyFile, randomBytes(32).toString('hex'));
    const fake: FakeMoadian = await startFakeMoadian({ [FISCAL_ID]: { nationalId: SAMPLE_NATIONAL_ID, economicCode: SELLER } });
    const server: ServerProcess = await newServer({ ...storage.env, DAFTAR_SECRET_KEY_FILE: keyFile, DAFTAR_MOADIAN_LEASE_SECONDS: '2', DAFTAR_MOADIAN_POLL_SECONDS: '1' });
    const must = async (method: string, url: string, body?: unknown, status = [200, 201, 202]) => {
      const r = await server.request(method, `/daftar/v1${url}`, body);
      assert.ok(status.includes(r.status), `${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    try {
      await server.start(120_000);
      await must('PUT', '/moadian/settings', {
        fiscalId: FISCAL_ID, economicCode: SELLER, baseUrl: fake.url, startsOn: '1405/01/01', defaultInvoiceType: 1, sendOnPosting: true,
        privateKeyPem: MOADIAN_VECTORS.jose.officialAuthToken.samplePrivateKeyPkcs8Pem, certificatePem: SAMPLE_CERT.toString(),
      });
      const tea = (await must('POST', '/products', { name: 'چای', sstid: '2710000138624', vatRate: '10' })).id as number;
      const buyer = (await must('POST', '/parties', { kind: 'company', companyName: 'شرکت نمونه', roles: ['customer'], economicCode: '10101234567' })).id as number;
      await must('POST', '/invoices', { type: 'purchase', date: '1405/09/01', partyId: buyer, lines: [{ productId: tea, quantity: '100', unitPrice: '500', vatRate: '0' }] });

      const sales: number[] = [];
      for (const stall of ROUNDS) {
        fake.stallSend = stall;
        const stalled = fake.stalledSends;
        // posting queues each sale (sendOnPosting); the worker picks them up within its interval
        for (let i = 0; i < PER_ROUND; i++) {
          sales.push((await must('POST', '/invoices', { type: 'sale', date: '1405/09/10', partyId: buyer, lines: [{ productId: tea, quantity: '1', unitPrice: String(1000 + sales.length), vatRate: '10' }] })).id);
        }
        await until('a send in flight', async () => fake.stalledSends > stalled);
        await server.kill9();
        t.diagnostic(`killed mid-send (${stall}); the fake holds ${fake.stored.size} packet(s)`);
        fake.stallSend = null;
        await server.start(120_000);
      }

      type Submission = { invoiceId: number; status: string; taxid: string; serial: number; attempts: number };
      const all = await until('every submission settled', async () => {
        const items = (await must('GET', '/moadian/submissions?limit=500')).items as Submission[];
        return items.length >= sales.length && items.every((s) => s.status === 'success' || s.status === 'failed') && items;
      });
      const perInvoice = sales.map((id) => all.filter((s) => s.invoiceId === id));
      assert.deepEqual(perInvoice.map((s) => s.map((x) => x.status)), sales.map(() => ['success']), 'each invoice has exactly one submission, accepted');
      assert.equal(new Set(all.map((s) => s.serial)).size, all.length, 'no serial handed out twice');
      assert.equal(new Set(all.map((s) => s.taxid)).size, all.length, 'no taxid twice');
      await fake.settled();
      const stored = [...fake.stored.values()];
      for (const s of all) {
        const copies = stored.filter((x) => x.taxid === s.taxid);
        assert.equal(copies.filter((x) => x.status === 'SUCCESS').length, 1, `${s.taxid} accepted once`);
        assert.equal(copies.length, 1, `${s.taxid} reached Moadian once (a packet the server kept is never sent again)`);
      }
      t.diagnostic(`reliability: moadian-crash backend=${backend} kills=${ROUNDS.length} invoices=${sales.length} resent=${all.filter((s) => s.attempts > 1).length}`);
    } finally {
      await server.stop().catch(() => {});
      await fake.close();
      await storage.cleanup();
      fs.rmSync(keyDir, { recursive: true, force: true });
    }
  });
});
