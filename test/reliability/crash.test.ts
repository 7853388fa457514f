import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backend } from '../helpers/app.js';
import { processStorage } from '../helpers/server-process.js';
import { newServer } from './helpers/server.js';
import { Prng, SurfaceClient } from './helpers/client.js';

/**
 * Crash test: a write load (purchases and sales through POST /api/factors, product creates)
 * against a real server process, killed with SIGKILL at random moments and restarted. After the
 * last restart every acknowledged write must be there, every write in flight at a kill must be
 * there whole (lines, stock, voucher) or not at all, and the books must verify.
 * CRASH_KILLS (default 10) and CRASH_SEED tune it.
 */
const KILLS = Number(process.env.CRASH_KILLS ?? 10);
const SEED = Number(process.env.CRASH_SEED ?? 4242);
const WORKERS = 4;

interface Sent {
  tag: string;
  kind: 'purchase' | 'sale' | 'product';
  lines: { productId: number; qty: number }[];
  code?: string;
  state: 'inflight' | 'ack' | 'refused' | 'unknown';
  id?: number;
}

describe(`reliability: crash (kill -9) and restart (${backend})`, () => {
  it(`${KILLS} kills under a write load lose nothing acknowledged and leave nothing half-written`, { timeout: 30 * 60_000 }, async (t) => {
    const storage = await processStorage(backend);
    const server = await newServer(storage.env);
    const c = new SurfaceClient(server);
    const r = new Prng(SEED);
    const sent: Sent[] = [];
    const unexpected: string[] = [];
    let n = 0;
    try {
      await server.start(120_000);
      const must = async (p: ReturnType<SurfaceClient['siba']>) => {
        const o = await p;
        if (o.kind !== 'ok') throw new Error(`setup: ${o.status} ${o.message}`);
        return o.body.data;
      };
      const partyId = (await must(c.siba('POST', '/api/customers', { firstName: 'مشتری', lastName: 'آزمون خرابی' }))).customer.id as number;
      const products: number[] = [];
      for (let i = 0; i < 4; i++) products.push((await must(c.siba('POST', '/api/products', { name: `کالای خرابی ${i}`, buyPrice: 1000 }))).product.productId);
      // Opening stock through a purchase, so that sales mostly succeed.
      await must(c.siba('POST', '/api/factors', { invoiceType: 1, personId: partyId, info: 'crash:opening', details: products.map((id) => ({ itemId: id, quantity: 500, price: 1000 })) }));

      const worker = async (w: number, stop: { now: boolean }) => {
        const wr = new Prng(SEED * 31 + n * 7 + w);
        while (!stop.now) {
          const tag = `crash:${++n}`;
          const kind = wr.weighted([[4, 'purchase'], [4, 'sale'], [2, 'product']] as const);
          let s: Sent;
          let p: ReturnType<SurfaceClient['siba']>;
          if (kind === 'product') {
            s = { tag, kind, lines: [], code: `77${String(n).padStart(6, '0')}`, state: 'inflight' };
            p = c.siba('POST', '/api/products', { name: `کالای ${tag}`, code: s.code });
          } else {
            const ids = [...new Set(Array.from({ length: wr.int(1, 3) }, () => wr.pick(products)!))];
            s = { tag, kind, lines: ids.map((productId) => ({ productId, qty: wr.int(1, kind === 'sale' ? 3 : 6) })), state: 'inflight' };
            p = c.siba('POST', '/api/factors', {
              invoiceType: kind === 'purchase' ? 1 : 2,
              personId: partyId,
              info: tag,
              details: s.lines.map((l) => ({ itemId: l.productId, quantity: l.qty, price: 1000 + wr.int(0, 20) * 50 })),
            });
          }
          sent.push(s);
          const o = await p;
          if (o.kind === 'ok') {
            s.state = 'ack';
            s.id = kind === 'product' ? o.body.data.product.productId : o.body.data.factor.factorId;
          } else if (o.kind === 'refused') s.state = 'refused';
          else {
            s.state = 'unknown'; // in flight at the kill (connection reset) or a 5xx on the way down
            if (o.kind !== 'network' && !stop.now) unexpected.push(`${tag}: ${o.kind} ${o.status} ${o.message}`);
            await new Promise((res) => setTimeout(res, 20));
          }
        }
      };

      let kills = 0;
      for (; kills < KILLS; kills++) {
        const stop = { now: false };
        const workers = Array.from({ length: WORKERS }, (_, w) => worker(w, stop));
        await new Promise((res) => setTimeout(res, r.int(300, 2500)));
        stop.now = true; // no new request after this point: what is pending now is in flight at the kill
        await server.kill9();
        await Promise.all(workers);
        await server.start(120_000);
      }

      // ---- after the last restart
      const lost: string[] = [];
      const half: string[] = [];
      // Every stored factor, page by page (a fast server posts more than one page between kills).
      type Stored = { factorId: number; info: string; status: string; voucherId: number | null; details: { itemId: number; quantity: number }[] };
      const factors: Stored[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = (await must(c.siba('GET', `/api/factors?limit=1000&offset=${offset}`))).factor as Stored[];
        factors.push(...page);
        if (page.length < 1000) break;
      }
      const byTag = new Map<string, (typeof factors)[number][]>();
      for (const f of factors) byTag.set(f.info, [...(byTag.get(f.info) ?? []), f]);
      const present = new Set<string>();
      for (const s of sent) {
        if (s.kind === 'product') {
          const found = (await must(c.siba('GET', `/api/products?code=${s.code}`))).product as { productId: number }[];
          if (s.state === 'ack' && (found.length !== 1 || found[0].productId !== s.id)) lost.push(`product ${s.tag} (id ${s.id})`);
          if (s.state === 'refused' && found.length) half.push(`refused product ${s.tag} exists`);
          continue;
        }
        const fs = byTag.get(s.tag) ?? [];
        if (fs.length > 1) half.push(`${s.tag} stored ${fs.length} times`);
        const f = fs[0];
        if (s.state === 'ack' && (!f || f.factorId !== s.id)) lost.push(`factor ${s.tag} (id ${s.id})`);
        if (s.state === 'refused' && f) half.push(`refused ${s.tag} stored as ${f.factorId}`);
        if (!f) continue;
        present.add(s.tag);
        // Whole: every line, posted with its voucher (GET by id reads it back the same).
        const one = await c.siba('GET', `/api/factors/${f.factorId}`);
        const sameLines = f.details.length === s.lines.length && s.lines.every((l, i) => f.details[i].itemId === l.productId && f.details[i].quantity === l.qty);
        if (one.kind !== 'ok' || f.status !== 'posted' || f.voucherId === null || !sameLines) half.push(`factor ${s.tag} id ${f.factorId} incomplete: ${JSON.stringify(f).slice(0, 300)}`);
      }
      // Stock movements exist exactly for the invoices that exist: stock = opening + Σ present purchases − Σ present sales.
      const expected = new Map(products.map((id) => [id, 500]));
      for (const s of sent) {
        if (s.kind === 'product' || !present.has(s.tag)) continue;
        for (const l of s.lines) expected.set(l.productId, expected.get(l.productId)! + (s.kind === 'purchase' ? l.qty : -l.qty));
      }
      const stock = (await must(c.siba('GET', '/api/products/stock'))).stock as { productId: number; quantity: number }[];
      for (const id of products) {
        const got = stock.filter((x) => x.productId === id).reduce((a, x) => a + x.quantity, 0);
        if (got !== expected.get(id)) half.push(`stock of product ${id}: expected ${expected.get(id)} from the invoices present, server ${got}`);
      }
      const bad = await c.verifyFailures();
      for (const b of bad) half.push(`verify: ${b.name} ${JSON.stringify(b.offending).slice(0, 300)}`);

      const acknowledged = sent.filter((s) => s.state === 'ack').length;
      const inflight = sent.filter((s) => s.state === 'unknown').length;
      t.diagnostic(`writes sent=${sent.length} acknowledged=${acknowledged} refused=${sent.filter((s) => s.state === 'refused').length} inFlightAtKill=${inflight} inFlightPresent=${sent.filter((s) => s.state === 'unknown' && present.has(s.tag)).length}`);
      t.diagnostic(`reliability: crash backend=${backend} kills=${kills} acknowledged=${acknowledged} lost=${lost.length} halfPresent=${half.length}`);
      assert.deepEqual(unexpected, [], 'replies that are neither success, refusal nor a cut connection');
      assert.deepEqual(lost, [], 'acknowledged writes lost');
      assert.deepEqual(half, [], 'half-present or inconsistent writes');
      assert.ok(acknowledged > KILLS, 'the load really ran');
    } finally {
      await server.stop().catch(() => {});
      await storage.cleanup();
    }
  });
});
