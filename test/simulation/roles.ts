import { allows, paymentPermission, type Permission } from '../../src/domain/auth/permissions.js';
import type { Prng, Role, SurfaceClient } from '../reliability/helpers/client.js';
import { trade, type Op, type World } from './operations.js';

/**
 * Operations sent with an accountant's or a clerk's Siba session (issue 18 point 12). The model
 * predicts each outcome from the role matrix (src/domain/auth/permissions.ts, docs/security.md):
 * allowed calls go through the ordinary operations and update the model; forbidden ones must be
 * refused with FORBIDDEN (Siba 1007) and — the audit at the end checks it — write nothing.
 */

const FORBIDDEN = 1007;
const lockP = (id: number, excl = false) => ({ key: `p:${id}`, excl });
const lockC = (id: number, excl = false) => ({ key: `c:${id}`, excl });
const lockI = (id: number) => ({ key: `i:${id}`, excl: true });

const staff = (r: Prng): Role => r.pick(['accountant', 'clerk'] as const)!;

/** A sale by a clerk or an accountant: both may sell (the ordinary sale operation, judged as usual). */
const roleSale: Op = async (w, c, r, n) => trade(2)(w, c.as(staff(r)), r, n);

/** A purchase: an accountant's goes through; a clerk's must be refused and leave nothing. */
const rolePurchase: Op = async (w, c, r, n) => {
  const role = staff(r);
  if (allows(role, 'invoice.create')) return trade(1)(w, c.as(role), r, n);
  const m = w.model;
  const party = r.pick([...m.parties.values()]);
  const p = r.pick(m.goods());
  if (!party || !p) return;
  const release = await w.locks.acquire([lockC(party.id), lockP(p.id)]);
  try {
    if (!m.parties.has(party.id) || !m.products.has(p.id)) return;
    const out = await c.as(role).siba('POST', '/api/factors', { invoiceType: 1, personId: party.id, details: [{ itemId: p.id, quantity: 3, price: 1000, warehouseCode: m.warehouses[0] }] });
    w.judge(n, `${role}.factor.purchase(forbidden)`, out, 'refused', FORBIDDEN);
  } finally {
    release();
  }
};

/** Receipts (دریافت) are the clerk's; payments out are not. */
const roleMoney: Op = async (w, c, r, n) => {
  const m = w.model;
  const role = staff(r);
  const party = r.pick([...m.parties.values()]);
  if (!party) return;
  const kind = r.pick(['receipt', 'payment'] as const)!;
  const allowed = allows(role, paymentPermission(kind, 'create'));
  // The register's balance decides a payment out, as in the admin's payments (key 'cash').
  const release = await w.locks.acquire([lockC(party.id), { key: 'cash', excl: true }]);
  try {
    if (!m.parties.has(party.id)) return;
    const amount = r.int(1, 50) * 1000;
    const overdraw = allowed && kind === 'payment' && amount > m.cash;
    const out = await c.as(role).siba('POST', '/api/payments', { kind, personId: party.id, amount, cashRegisterId: m.cashRegisterId });
    const name = `${role}.payment.${kind}${allowed ? (overdraw ? '(overdraw)' : '') : '(forbidden)'}`;
    if (w.judge(n, name, out, allowed && !overdraw ? 'ok' : 'refused', !allowed ? FORBIDDEN : overdraw ? 1005 : undefined)) {
      m.payments++;
      m.cash += kind === 'receipt' ? amount : -amount;
      party.used = true;
    }
  } finally {
    release();
  }
};

/** A customer: anyone may create one; its opening balance (initialBalance) is not the clerk's. */
const roleCustomer: Op = async (w, c, r, n) => {
  const m = w.model;
  const role = staff(r);
  // Only a clerk sends a balance here: an accountant's would be allowed, and a party with an
  // opening balance is one the model would then have to treat as in use.
  const withBalance = role === 'clerk' && r.chance(0.5);
  const needs: Permission[] = withBalance ? ['party.create', 'opening.write'] : ['party.create'];
  const allowed = needs.every((p) => allows(role, p));
  const out = await c.as(role).siba('POST', '/api/customers', { firstName: 'مشتری', lastName: `${role} ${m.uniqueCode()}`, ...(withBalance ? { initialBalance: r.int(1, 90) * 1000 } : {}) });
  if (w.judge(n, `${role}.customer.create${withBalance ? '(initialBalance)' : ''}`, out, allowed ? 'ok' : 'refused', allowed ? undefined : FORBIDDEN)) {
    m.parties.set(out.body.data.customer.id, { id: out.body.data.customer.id, used: false });
  }
};

interface Attempt {
  name: string;
  permission: Permission;
  locks: { key: string; excl: boolean }[];
  /** false when the objects it names are gone by the time the locks are held */
  still: () => boolean;
  send: (c: SurfaceClient) => ReturnType<SurfaceClient['siba']>;
}

/** Writes the matrix keeps from a clerk, each with a body that is otherwise valid. */
function clerkWrites(w: World, r: Prng): Attempt[] {
  const m = w.model;
  const out: Attempt[] = [];
  const code = m.uniqueCode();
  out.push({
    name: 'product.create',
    permission: 'product.write',
    locks: [],
    still: () => (m.mustNotExist.add(code), true),
    send: (c) => c.siba('POST', '/api/products', { code, name: `کالای منشی ${code}`, sellPrice: 1000 }),
  });
  out.push({ name: 'cashRegister.create', permission: 'moneyAccount.write', locks: [], still: () => true, send: (c) => c.siba('POST', '/api/cashRegister', { name: `صندوق منشی ${code}` }) });
  out.push({
    name: 'user.create',
    permission: 'user.manage',
    locks: [],
    still: () => true,
    send: (c) => c.siba('POST', '/api/users', { userName: `u-${code}`, password: 'sim-password-1', role: 'admin' }),
  });
  const p = r.pick([...m.products.values()]);
  if (p) {
    const alive = () => m.products.has(p.id);
    out.push({ name: 'product.delete', permission: 'product.write', locks: [lockP(p.id, true)], still: alive, send: (c) => c.siba('DELETE', `/api/products?productId=${p.id}`) });
    out.push({ name: 'product.update', permission: 'product.write', locks: [lockP(p.id, true)], still: alive, send: (c) => c.siba('PUT', '/api/products', { productId: p.id, sellPrice: 777000 }) });
    if (p.kind === 'goods') {
      out.push({
        name: 'product.totalQuantity',
        permission: 'product.write',
        locks: [lockP(p.id, true)],
        still: alive,
        send: (c) => c.siba('PUT', '/api/products', { productId: p.id, totalQuantity: m.totalQty(p.id) + 5 }),
      });
    }
  }
  const party = r.pick([...m.parties.values()]);
  if (party) {
    const alive = () => m.parties.has(party.id);
    out.push({ name: 'customer.update', permission: 'party.update', locks: [lockC(party.id, true)], still: alive, send: (c) => c.siba('PUT', '/api/customers', { customerId: party.id, city: 'منشی‌آباد' }) });
    out.push({ name: 'customer.delete', permission: 'party.update', locks: [lockC(party.id, true)], still: alive, send: (c) => c.siba('DELETE', `/api/customers?customerId=${party.id}`) });
    out.push({
      name: 'customer.initialBalance',
      permission: 'opening.write',
      // dated in the first fiscal year (last year, which the simulation closes and reopens)
      locks: [lockC(party.id, true), { key: 'year', excl: false }],
      still: alive,
      send: (c) => c.siba('PUT', '/api/customers', { customerId: party.id, initialBalance: 5000 }),
    });
  }
  const inv = r.pick([...m.invoices.values()].filter((i) => !i.voided));
  if (inv) {
    out.push({
      name: `factor.void[${inv.type}]`,
      permission: 'invoice.void',
      locks: [lockI(inv.id), ...inv.lines.map((l) => lockP(l.productId, true))],
      still: () => !inv.voided,
      send: (c) => c.siba('DELETE', `/api/factors/${inv.id}`),
    });
    const goods = inv.lines.find((l) => l.goods);
    if (inv.type === 2 && goods) {
      out.push({
        name: 'factor.saleReturn',
        permission: 'invoice.create',
        locks: [lockI(inv.id), lockC(inv.partyId), lockP(goods.productId, true)],
        still: () => !inv.voided && m.parties.has(inv.partyId),
        send: (c) => c.siba('POST', '/api/factors', { invoiceType: 4, personId: inv.partyId, originalFactorId: inv.id, details: [{ itemId: goods.productId, quantity: 1, price: 1000, warehouseCode: goods.warehouse }] }),
      });
    }
  }
  return out;
}

/** A clerk's forbidden write: refused with FORBIDDEN, and (the audit checks) nothing written. */
const clerkForbiddenWrite: Op = async (w, c, r, n) => {
  const a = r.pick(clerkWrites(w, r))!;
  const release = await w.locks.acquire(a.locks);
  try {
    if (!a.still()) return;
    const allowed = allows('clerk', a.permission);
    if (allowed) throw new Error(`the simulation models ${a.name} as forbidden to a clerk, but the matrix allows ${a.permission}`);
    w.judge(n, `clerk.${a.name}(forbidden)`, await a.send(c.as('clerk')), 'refused', FORBIDDEN);
  } finally {
    release();
  }
};

/** Reads: allowed or forbidden by the matrix; a clerk's invoice and payment lists hold only sales and receipts. */
const roleRead: Op = async (w, c, r, n) => {
  const role = r.pick(['admin', 'accountant', 'clerk'] as const)!;
  const reads: [string, Permission][] = [
    ['/api/reports/profit-loss', 'report.financial.read'],
    ['/api/reports/balance-sheet', 'report.financial.read'],
    ['/api/reports/sales', 'report.financial.read'],
    ['/api/reports/reorder', 'stock.read'],
    ['/api/history?limit=5', 'history.read'],
    ['/api/users', 'user.read'],
    ['/api/factors?invoiceType=1&limit=5', 'invoice.read'],
    ['/api/factors?limit=50', 'invoice.sale.read'],
    ['/api/payments?limit=50', 'payment.receipt.read'],
    ['/api/products?limit=5', 'product.read'],
    ['/api/customers?limit=5', 'party.read'],
    ['/api/cashRegister', 'moneyAccount.read'],
  ];
  const [url, permission] = r.pick(reads)!;
  const allowed = allows(role, permission);
  const out = await c.as(role).siba('GET', url);
  if (!w.judge(n, `${role}.read ${url.split('?')[0]}`, out, allowed ? 'ok' : 'refused', allowed ? undefined : FORBIDDEN)) return;
  if (role !== 'clerk') return;
  if (url.startsWith('/api/factors')) {
    const types = new Set((out.body.data.factor as { invoiceType: number }[]).map((f) => f.invoiceType));
    if ([...types].some((t) => t !== 2)) w.model.violations.push(`clerk's factor list holds invoice types ${[...types].join(',')}`);
  }
  if (url.startsWith('/api/payments')) {
    const kinds = new Set((out.body.data.payment as { kind: string }[]).map((p) => p.kind));
    if ([...kinds].some((k) => k !== 'receipt')) w.model.violations.push(`clerk's payment list holds kinds ${[...kinds].join(',')}`);
  }
};

/** Weighted like operations.ts's OPERATIONS; the simulation appends them. */
export const ROLE_OPERATIONS: readonly (readonly [number, Op])[] = [
  [5, roleSale],
  [3, rolePurchase],
  [3, roleMoney],
  [2, roleCustomer],
  [5, clerkForbiddenWrite],
  [3, roleRead],
];

/** Creates an accountant and a clerk and logs each in: `c.as(role)` then acts with that role's session. */
export async function logInStaff(c: SurfaceClient, seed: number): Promise<void> {
  const { SurfaceClient: Client } = await import('../reliability/helpers/client.js');
  c.sessions.admin = c;
  for (const role of ['accountant', 'clerk'] as const) {
    const userName = `sim-${role}-${seed}`;
    const password = `sim-${role}-password`;
    const u = await c.siba('POST', '/api/users', { userName, password, role });
    if (u.kind !== 'ok') throw new Error(`setup: user ${role}: ${u.status} ${u.message}`);
    const login = await c.siba('POST', '/api/users/login', { userName, password });
    if (login.kind !== 'ok') throw new Error(`setup: login ${role}: ${login.status} ${login.message}`);
    c.sessions[role] = new Client(c.server, { authorization: `Bearer ${login.body.data.user.token}` });
  }
}
