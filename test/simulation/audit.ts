import type { SurfaceClient } from '../reliability/helpers/client.js';
import type { Model } from './model.js';

/**
 * After a run: the real state against the model. Returns the violations found (empty = the
 * promises held): the verifier's invariants, stock per (product, warehouse) on two surfaces,
 * the set of products, parties, invoices (with status) and payments, and nothing created by a
 * refused write.
 */
export async function auditAgainstModel(c: SurfaceClient, m: Model): Promise<string[]> {
  const v: string[] = [];
  const need = async (what: string, p: ReturnType<SurfaceClient['siba']>) => {
    const r = await p;
    if (r.kind !== 'ok') throw new Error(`audit read ${what} failed: ${r.kind} ${r.status} ${r.message}`);
    return r.body;
  };

  for (const f of await c.verifyFailures()) v.push(`verify: ${f.name} ${JSON.stringify(f.offending).slice(0, 500)}`);
  // The acknowledged documents, replayed in date order, never leave stock below zero (issue 18 point 7).
  const negative = m.firstNegative(m.liveEvents());
  if (negative) v.push(`acknowledged documents leave negative stock at a date: ${negative}`);

  // Stock per (product, warehouse): Siba's stock list …
  const stock = (await need('stock', c.siba('GET', '/api/products/stock'))).data.stock as { productId: number; warehouseCode: number; quantity: number }[];
  const real = new Map(stock.map((s) => [`${s.productId}:${s.warehouseCode}`, s.quantity]));
  const keys = new Set([...real.keys(), ...m.stock.keys()]);
  for (const k of keys) {
    const want = m.stock.get(k) ?? 0;
    const got = real.get(k) ?? 0;
    if (want !== got) v.push(`stock ${k} (product:warehouse): model ${want}, server ${got}`);
    if (got < 0) v.push(`negative stock ${k}: ${got}`);
  }
  // … and Hesabfa's GetQuantity per warehouse (a second read path over the same balances).
  for (const wh of m.warehouses) {
    const q = await c.hesabfa('GetQuantity', { warehouseCode: wh });
    if (q.kind !== 'ok') throw new Error(`GetQuantity ${wh}: ${q.message}`);
    const byCode = new Map((q.body.Result as { Code: string; Quantity: number }[]).map((x) => [x.Code, x.Quantity]));
    for (const p of m.products.values()) {
      if (p.kind !== 'goods') continue;
      const got = byCode.get(p.code);
      if (got === undefined) v.push(`GetQuantity warehouse ${wh}: product ${p.id} code ${p.code} missing`);
      else if (got !== m.qty(p.id, wh)) v.push(`GetQuantity warehouse ${wh} code ${p.code}: model ${m.qty(p.id, wh)}, server ${got}`);
    }
  }

  const products = (await need('products', c.siba('GET', '/api/products?limit=1000'))).data.product as { productId: number }[];
  const ids = new Set(products.map((p) => p.productId));
  for (const id of m.products.keys()) if (!ids.has(id)) v.push(`product ${id} acknowledged but missing`);
  for (const id of ids) if (!m.products.has(id)) v.push(`product ${id} on the server but not acknowledged (or deleted)`);

  for (const code of m.mustNotExist) {
    const r = (await need('product by code', c.siba('GET', `/api/products?code=${encodeURIComponent(code)}`))).data.product as unknown[];
    if (r.length) v.push(`refused write left product code ${code} behind`);
  }

  const persons = await c.chortke('GET', '/v2/persons?limit=1000');
  if (persons.kind !== 'ok') throw new Error(`persons: ${persons.message}`);
  const pids = new Set((persons.body.person as { id: number }[]).map((p) => p.id));
  for (const id of m.parties.keys()) if (!pids.has(id)) v.push(`party ${id} acknowledged but missing`);
  for (const id of pids) if (!m.parties.has(id)) v.push(`party ${id} on the server but not acknowledged (or deleted)`);

  const factors = (await need('factors', c.siba('GET', '/api/factors?limit=1000'))).data.factor as { factorId: number; status: string }[];
  const fids = new Map(factors.map((f) => [f.factorId, f.status]));
  for (const inv of m.invoices.values()) {
    const st = fids.get(inv.id);
    if (st === undefined) v.push(`invoice ${inv.id} acknowledged but missing`);
    else if (st !== (inv.voided ? 'voided' : 'posted')) v.push(`invoice ${inv.id}: model ${inv.voided ? 'voided' : 'posted'}, server ${st}`);
  }
  for (const id of fids.keys()) if (!m.invoices.has(id)) v.push(`invoice ${id} on the server but never acknowledged (a refused post left it)`);

  const payments = (await need('payments', c.siba('GET', '/api/payments?limit=1000'))).data.payment as unknown[];
  if (payments.length !== m.payments) v.push(`payments: model ${m.payments}, server ${payments.length}`);
  return v;
}
