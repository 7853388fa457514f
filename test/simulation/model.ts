import { jalaliYearOf, jalaliYearRange, todayIso } from '../../src/domain/shared/dates.js';

/**
 * The simulation's model of what the server must hold, updated only from acknowledged replies
 * (TigerBeetle's auditor idea). Quantities are whole numbers, so plain integers are exact here.
 */
export interface MProduct {
  id: number;
  code: string;
  kind: 'goods' | 'service';
  /** On an invoice, an opening or a stock adjustment: deleting it must be refused. */
  used: boolean;
  /** The Hesabfa opening in force (UpdateOpeningQuantity replaces it), dated at the year's start. */
  opening?: { warehouse: number; qty: number };
  /** Its unit name: it may change only while the product has no history (issue 18 point 8). */
  unit?: string;
}

/** A stock effect of a live document, for the replay in date order. */
export interface MEvent {
  productId: number;
  warehouse: number;
  qty: number;
  date: string;
}

export interface MLine {
  productId: number;
  warehouse: number;
  qty: number;
  goods: boolean;
}

export interface MInvoice {
  id: number;
  type: 1 | 2 | 4;
  partyId: number;
  lines: MLine[];
  voided: boolean;
  /** ISO date the invoice is dated on (documents may be back-dated). */
  date: string;
  originalId?: number;
  /** Sales: ids of live (not voided) returns naming it. */
  returns: Set<number>;
}

export interface MCheque {
  id: number;
  direction: 'received' | 'issued';
  partyId: number;
  amount: number;
  state: string;
  /** The steps taken and not reverted, newest last: [action, state before]. */
  steps: [string, string][];
  paymentId: number;
}

export interface MPayment {
  id: number;
  kind: 'receipt' | 'payment';
  amount: number;
  chequeId?: number;
  voided: boolean;
}

export class Model {
  readonly products = new Map<number, MProduct>();
  readonly parties = new Map<number, { id: number; used: boolean }>();
  readonly invoices = new Map<number, MInvoice>();
  readonly stock = new Map<string, number>();
  readonly warehouses: number[] = [];
  /** Stock adjustments (Siba totalQuantity changes), dated today; never voided. */
  readonly adjustments: MEvent[] = [];
  /** Today (Tehran) and the start of its Jalali year: openings are dated there. */
  readonly today = todayIso();
  readonly yearStart = jalaliYearRange(jalaliYearOf(todayIso())).start;
  cashRegisterId = 0;
  /** The simulation's cash register balance: payments out beyond it are refused (INSUFFICIENT_FUNDS). */
  cash = 0;
  payments = 0;
  /** Where Hesabfa openings are dated: the first fiscal year's start (setup opens last year). */
  openingDate = this.yearStart;
  /** The bank account cheques are deposited to and issued from, and its balance. */
  bankId = 0;
  bank = 0;
  /** Payments the model can void: cash ones, and those by cheque with their cheque. */
  readonly paymentList = new Map<number, MPayment>();
  readonly cheques = new Map<number, MCheque>();
  /** Last Jalali year (setup posts in it): the year the simulation closes and reopens. */
  lastYearId = 0;
  lastYearClosed = false;
  /** Product codes that refused writes must not have created. */
  readonly mustNotExist = new Set<string>();
  readonly violations: string[] = [];
  private uniq = 0;

  constructor(readonly seed: number) {}

  /**
   * A code no other operation of this run uses. Not numeric on purpose: a numeric hand-chosen
   * code becomes the floor of the server's generated codes, and a later hand-chosen code could
   * then meet a generated one (a legitimate DUPLICATE the model would not foresee).
   */
  uniqueCode(): string {
    return `S${this.seed}-${++this.uniq}`;
  }

  qty(productId: number, warehouse: number): number {
    return this.stock.get(`${productId}:${warehouse}`) ?? 0;
  }

  add(productId: number, warehouse: number, delta: number, why: string): void {
    const k = `${productId}:${warehouse}`;
    const v = (this.stock.get(k) ?? 0) + delta;
    this.stock.set(k, v);
    const p = this.products.get(productId);
    if (v < 0 && p?.kind === 'goods') this.violations.push(`oversell: product ${productId} warehouse ${warehouse} at ${v} after ${why}`);
  }

  totalQty(productId: number): number {
    let s = 0;
    for (const w of this.warehouses) s += this.qty(productId, w);
    return s;
  }

  /** Stock effect of an invoice: purchase and sale return in, sale out. */
  applyInvoice(inv: MInvoice, sign: 1 | -1, why: string): void {
    const dir = inv.type === 2 ? -1 : 1;
    for (const l of inv.lines) if (l.goods) this.add(l.productId, l.warehouse, dir * sign * l.qty, why);
  }

  goods(): MProduct[] {
    return [...this.products.values()].filter((p) => p.kind === 'goods');
  }

  /** The stock effects of the live documents (openings, adjustments, invoices not voided). */
  liveEvents(without: { openingOf?: number; invoice?: number } = {}): MEvent[] {
    const ev: MEvent[] = [...this.adjustments];
    for (const p of this.products.values()) if (p.opening && p.id !== without.openingOf) ev.push({ productId: p.id, warehouse: p.opening.warehouse, qty: p.opening.qty, date: this.openingDate });
    for (const inv of this.invoices.values()) {
      if (inv.voided || inv.id === without.invoice) continue;
      const dir = inv.type === 2 ? -1 : 1;
      for (const l of inv.lines) if (l.goods) ev.push({ productId: l.productId, warehouse: l.warehouse, qty: dir * l.qty, date: inv.date });
    }
    return ev;
  }

  /**
   * Replays events in date order: the first (product, warehouse, date) whose running quantity at
   * the end of the date is below zero, or null. Stock may not go negative at any date (issue 18
   * point 7); the server checks each position within a date too, which is stricter.
   */
  firstNegative(ev: MEvent[]): string | null {
    const sorted = [...ev].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const run = new Map<string, number>();
    for (let i = 0; i < sorted.length; i++) {
      const e = sorted[i];
      const k = `${e.productId}:${e.warehouse}`;
      run.set(k, (run.get(k) ?? 0) + e.qty);
      const endOfDate = i + 1 === sorted.length || sorted[i + 1].date !== e.date;
      if (endOfDate) for (const [key, q] of run) if (q < 0 && this.products.get(Number(key.split(':')[0]))?.kind === 'goods') return `${key} at ${q} on ${e.date}`;
    }
    return null;
  }

  /** A date for a document: mostly today, sometimes back-dated up to two weeks (inside the year, after its first day). */
  docDate(backdate: boolean, days: number): string {
    if (!backdate) return this.today;
    const d = new Date(`${this.today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - days);
    const iso = d.toISOString().slice(0, 10);
    const floor = new Date(`${this.yearStart}T00:00:00Z`);
    floor.setUTCDate(floor.getUTCDate() + 1);
    const min = floor.toISOString().slice(0, 10);
    return iso < min ? (min <= this.today ? min : this.today) : iso;
  }

  /** Quantity of a product still returnable on a sale (Σ sold − Σ live returns). */
  returnable(sale: MInvoice, productId: number): number {
    let q = 0;
    for (const l of sale.lines) if (l.productId === productId && l.goods) q += l.qty;
    for (const rid of sale.returns) for (const l of this.invoices.get(rid)!.lines) if (l.productId === productId) q -= l.qty;
    return q;
  }
}

/**
 * Readers-writer locks by key ('p:<product>', 'c:<party>', 'i:<invoice>'), granted in FIFO order.
 * Operations whose effect is commutative (purchases, sales, returns, voids) share a product;
 * those whose effect depends on the state they meet (set totalQuantity, openings, deletes) take
 * it alone — so the model can apply every acknowledgement exactly, whatever the interleaving.
 */
export class Locks {
  private readonly state = new Map<string, { readers: number; writer: boolean; queue: { excl: boolean; go: () => void }[] }>();

  private entry(key: string) {
    let e = this.state.get(key);
    if (!e) this.state.set(key, (e = { readers: 0, writer: false, queue: [] }));
    return e;
  }

  private pump(key: string): void {
    const e = this.entry(key);
    while (e.queue.length) {
      const h = e.queue[0];
      if (h.excl ? e.writer || e.readers > 0 : e.writer) break;
      e.queue.shift();
      if (h.excl) e.writer = true;
      else e.readers++;
      h.go();
    }
  }

  private acquireOne(key: string, excl: boolean): Promise<void> {
    return new Promise((go) => {
      this.entry(key).queue.push({ excl, go });
      this.pump(key);
    });
  }

  private releaseOne(key: string, excl: boolean): void {
    const e = this.entry(key);
    if (excl) e.writer = false;
    else e.readers--;
    this.pump(key);
  }

  /** Takes every key (sorted, so two operations never wait on each other in a cycle) and returns the release. */
  async acquire(keys: { key: string; excl: boolean }[]): Promise<() => void> {
    const merged = new Map<string, boolean>();
    for (const k of keys) merged.set(k.key, (merged.get(k.key) ?? false) || k.excl);
    const sorted = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [key, excl] of sorted) await this.acquireOne(key, excl);
    return () => {
      for (const [key, excl] of sorted) this.releaseOne(key, excl);
    };
  }
}
