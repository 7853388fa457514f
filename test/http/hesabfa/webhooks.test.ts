import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { call, testApp, type TestApp } from '../../helpers/app.js';
import { hf, hfOk } from './helpers.js';

/**
 * Issue 21 acceptance: the change hook. A listener on loopback receives each change once, in
 * order, after its commit; a listener that is down is retried and nothing is lost; a slow
 * listener never holds a write back. Asserted by order and acknowledgement, never by timing.
 */
interface Received {
  body: { Password: string; Action: number; ObjectType: string; ObjectIdList: number[] };
  /** what the API said about the object when the call arrived (was its change committed?) */
  seen?: unknown;
}

class Listener {
  readonly received: Received[] = [];
  server!: http.Server;
  port = 0;
  /** answer with this status (default 200); a function may hold the answer back */
  respond: (r: Received, res: http.ServerResponse) => void | Promise<void> = (_r, res) => void res.end('ok');
  onRequest?: (r: Received) => Promise<void>;

  async start(port = 0): Promise<void> {
    this.server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', async () => {
        const r: Received = { body: JSON.parse(text) };
        this.received.push(r);
        await this.onRequest?.(r);
        await this.respond(r, res);
      });
    });
    await new Promise<void>((ok) => this.server.listen(port, '127.0.0.1', ok));
    this.port = (this.server.address() as AddressInfo).port;
  }
  url(): string {
    return `http://127.0.0.1:${this.port}/index.php?ssbhesabfa_webhook=1&token=t0k`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }
}

/** Waits (by polling the deliverer to idle) until `cond` holds; fails after many rounds, never on a clock budget of its own. */
async function until(t: TestApp, cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await cond()) return;
    await t.app.deps.changeDeliverer.idle();
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`never: ${what}`);
}

const seq = (rs: Received[]) => rs.map((r) => `${r.body.ObjectType}:${r.body.Action}:${r.body.ObjectIdList.join(',')}`);

describe('Hesabfa change hook: each change once, in order, after its commit', () => {
  let t: TestApp;
  const listener = new Listener();
  before(async () => {
    t = await testApp({ webhookRetryMs: 20, webhookRetryMaxMs: 200 });
    await listener.start();
  });
  after(async () => {
    await t.close();
    await listener.stop();
  });

  it('every change from every surface arrives once, in change order, with the hook password, and its object is already committed', async () => {
    // before the hook: nothing is queued for changes made earlier
    await hfOk(t, 'item/save', { item: { Name: 'پیش از هوک', ItemType: 0 } });
    assert.equal(await hfOk(t, 'setting/SetChangeHook', { url: listener.url(), hookPassword: 'p@ss' }), null);
    const start = (await hf(t, 'setting/GetChanges', { start: 1000000000 })).LastId;
    // at arrival, ask the API for the object: a change is POSTed only after its commit
    listener.onRequest = async (r) => {
      const id = r.body.ObjectIdList[0];
      const path = r.body.ObjectType === 'Product' ? 'item/getById' : r.body.ObjectType === 'Contact' ? 'contact/getById' : 'invoice/getById';
      r.seen = (await hf(t, path, { idList: [id] })).Result.length;
    };

    const item = await hfOk(t, 'item/save', { item: { Name: 'ماگ', ItemType: 0, SellPrice: 1000 } });
    await hfOk(t, 'item/UpdateOpeningQuantity', { items: [{ Code: item.Code, Quantity: 5, UnitPrice: 500 }] });
    const contact = await hfOk(t, 'contact/save', { contact: { Code: null, Name: 'مشتری هوک' } });
    // other surfaces: a Siba customer and a Chortke person are contacts too
    const siba = await call(t.app, 'POST', '/api/customers', { lastName: 'مشتری سیبا' });
    assert.equal(siba.status, 200);
    const inv = await hfOk(t, 'invoice/save', { invoice: { InvoiceType: 0, ContactCode: contact.Code, InvoiceItems: [{ ItemCode: item.Code, Quantity: 2, UnitPrice: 1000 }] } });
    // a refused write queues nothing
    assert.equal((await hf(t, 'invoice/save', { invoice: { InvoiceType: 0, ContactCode: contact.Code, InvoiceItems: [{ ItemCode: item.Code, Quantity: 99, UnitPrice: 1 }] } })).ErrorCode, 190);
    await hfOk(t, 'invoice/delete', { code: inv.Number, type: 0 });

    const changes = (await hf(t, 'setting/GetChanges', { start })).Result;
    assert.ok(changes.length >= 6, JSON.stringify(changes));
    await until(t, () => listener.received.length >= changes.length, `${changes.length} deliveries`);
    await t.app.deps.changeDeliverer.idle();
    assert.deepEqual(seq(listener.received), changes.map((c: any) => `${c.ObjectType}:${c.Action}:${c.ObjectId}`), 'once each, in change order');
    assert.ok(listener.received.every((r) => r.body.Password === 'p@ss'));
    assert.ok(listener.received.every((r) => r.seen === 1), 'every object was visible to the API when its change arrived');
    assert.deepEqual(
      seq(listener.received).map((s) => s.split(':').slice(0, 2).join(':')),
      ['Product:51', 'Product:52', 'Contact:31', 'Contact:31', 'Invoice:121', 'Invoice:123'],
    );

    // the deliveries as /daftar/v1 shows them (admin only)
    const d = await call(t.app, 'GET', '/daftar/v1/webhooks/deliveries', undefined, { authorization: 'Bearer test-api-token-a' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    assert.equal(d.body.items.length, changes.length);
    assert.ok(d.body.items.every((x: any) => x.status === 'delivered' && x.attempts === 1 && x.lastStatus === 200));
    const hook = await call(t.app, 'GET', '/daftar/v1/webhooks/hook', undefined, { authorization: 'Bearer test-api-token-a' });
    assert.equal(hook.body.url, listener.url());
    assert.equal(JSON.stringify(hook.body).includes('p@ss'), false, 'the password is never shown');
  });
});

describe('Hesabfa change hook: a listener that is down is retried and nothing is lost', () => {
  let t: TestApp;
  const listener = new Listener();
  before(async () => {
    t = await testApp({ webhookRetryMs: 20, webhookRetryMaxMs: 100 });
  });
  after(async () => {
    await t.close();
    await listener.stop().catch(() => {});
  });

  it('refused connections and 503s are retried with back-off; once up, every change arrives in order', async () => {
    // a port with nobody listening: take one, then let it go
    await listener.start();
    const port = listener.port;
    await listener.stop();
    await hfOk(t, 'setting/SetChangeHook', { url: `http://127.0.0.1:${port}/hook`, hookPassword: 'x' });
    const a = await hfOk(t, 'item/save', { item: { Name: 'الف', ItemType: 0 } });
    const b = await hfOk(t, 'item/save', { item: { Name: 'ب', ItemType: 1 } });
    const c = await hfOk(t, 'contact/save', { contact: { Name: 'ج' } });

    const deliveries = async () => (await call(t.app, 'GET', '/daftar/v1/webhooks/deliveries', undefined, { authorization: 'Bearer test-api-token-a' })).body.items;
    await until(t, async () => (await deliveries()).some((d: any) => d.attempts >= 2), 'a second attempt');
    const down = await deliveries();
    assert.ok(down.every((d: any) => d.status === 'pending'), 'nothing delivered while down');
    const first = down[down.length - 1];
    assert.equal(first.objectId, a.Id);
    assert.ok(first.lastError && first.lastStatus === null, JSON.stringify(first));
    assert.ok(down.slice(0, -1).every((d: any) => d.attempts === 0), 'the later ones wait behind the first (order kept)');

    // up again, answering 503 twice before it accepts
    let refusals = 2;
    listener.respond = (_r, res) => {
      if (refusals-- > 0) {
        res.statusCode = 503;
        res.end('busy');
      } else res.end('ok');
    };
    await listener.start(port);
    await until(t, async () => (await deliveries()).every((d: any) => d.status === 'delivered'), 'all delivered');
    const accepted = listener.received.slice(2);
    assert.deepEqual(seq(accepted), [`Product:51:${a.Id}`, `Product:51:${b.Id}`, `Contact:31:${c.Id}`]);
    assert.deepEqual(seq(listener.received.slice(0, 2)), [`Product:51:${a.Id}`, `Product:51:${a.Id}`], 'the 503s were the first change, tried again');
    const done = await deliveries();
    assert.ok(done[done.length - 1].attempts >= 4, JSON.stringify(done[done.length - 1]));
  });
});

describe('Hesabfa change hook: a slow listener never holds a write back', () => {
  let t: TestApp;
  const listener = new Listener();
  before(async () => {
    t = await testApp({ webhookRetryMs: 20, webhookRetryMaxMs: 100, webhookTimeoutMs: 600_000 });
    await listener.start();
  });
  after(async () => {
    await t.close();
    await listener.stop();
  });

  it('writes complete while the hook has not answered the first call; the rest follow in order once it does', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let answered = 0;
    // The hook holds every answer until released. (A call it holds past the time limit counts as
    // failed and is sent again: delivery is at least once, and never out of order.)
    listener.respond = async (_r, res) => {
      await held;
      answered++;
      res.end('ok');
    };
    await hfOk(t, 'setting/SetChangeHook', { url: listener.url(), hookPassword: 'slow' });
    const first = await hfOk(t, 'item/save', { item: { Name: 'اول', ItemType: 0 } });
    await until(t, () => listener.received.length >= 1, 'the first call arrives');
    // the hook has not answered: writes of every kind still complete
    const later = [];
    for (let i = 0; i < 5; i++) later.push((await hfOk(t, 'item/save', { item: { Name: `بعدی ${i}`, ItemType: 0 } })).Id);
    const contact = await hfOk(t, 'contact/save', { contact: { Name: 'مشتری' } });
    const inv = await hfOk(t, 'invoice/save', { invoice: { InvoiceType: 0, ContactCode: contact.Code, InvoiceItems: [{ ItemCode: (await hfOk(t, 'item/save', { item: { Name: 'خدمت', ItemType: 1 } })).Code, Quantity: 1, UnitPrice: 10 }] } });
    assert.equal(answered, 0, 'nine writes completed while no delivery had been answered');
    assert.deepEqual([...new Set(listener.received.map((r) => r.body.ObjectIdList[0]))], [first.Id], 'the later changes wait behind the unanswered one');
    release();
    await until(t, async () => (await call(t.app, 'GET', '/daftar/v1/webhooks/deliveries?status=pending', undefined, { authorization: 'Bearer test-api-token-a' })).body.items.length === 0, 'all delivered');
    const order: string[] = [];
    for (const r of listener.received) {
      const key = `${r.body.ObjectType}:${r.body.ObjectIdList[0]}`;
      if (order[order.length - 1] !== key) order.push(key);
    }
    const service = order[order.length - 2];
    assert.deepEqual(order, [...[first.Id, ...later].map((id) => `Product:${id}`), `Contact:${contact.Id}`, service, `Invoice:${inv.Id}`], 'in change order (a repeat only of the call just made)');
  });
});

describe('Hesabfa change feed and hook: one business never sees another’s changes', () => {
  let t: TestApp;
  const la = new Listener();
  const lb = new Listener();
  before(async () => {
    t = await testApp({ webhookRetryMs: 20, webhookRetryMaxMs: 100 });
    await la.start();
    await lb.start();
  });
  after(async () => {
    await t.close();
    await la.stop();
    await lb.stop();
  });

  it('each business’s GetChanges and hook carry its own changes only', async () => {
    const b = await t.newBusiness('کسب‌وکار ب');
    const B = { apiKey: b.hesabfaApiKey, loginToken: b.hesabfaLoginToken };
    await hfOk(t, 'setting/SetChangeHook', { url: la.url(), hookPassword: 'a' });
    const rb = await call(t.app, 'POST', '/v1/setting/SetChangeHook', { ...B, url: lb.url(), hookPassword: 'b' });
    assert.equal(rb.body.Success, true);
    const itemA = await hfOk(t, 'item/save', { item: { Name: 'کالای الف', ItemType: 0 } });
    const itemB = (await call(t.app, 'POST', '/v1/item/save', { ...B, item: { Name: 'کالای ب', ItemType: 0 } })).body.Result;
    const contactA = await hfOk(t, 'contact/save', { contact: { Name: 'شخص الف' } });
    await until(t, () => la.received.length === 2 && lb.received.length === 1, 'both hooks called');
    assert.deepEqual(seq(la.received), [`Product:51:${itemA.Id}`, `Contact:31:${contactA.Id}`]);
    assert.deepEqual(seq(lb.received), [`Product:51:${itemB.Id}`]);
    assert.deepEqual([la.received[0].body.Password, lb.received[0].body.Password], ['a', 'b']);
    const changesB = (await call(t.app, 'POST', '/v1/setting/GetChanges', { ...B, start: 0 })).body;
    assert.deepEqual(changesB.Result.map((c: any) => c.ObjectId), [itemB.Id]);
    assert.equal(changesB.LastId, changesB.Result[0].Id);
    // B's reads of A's objects find nothing
    assert.equal((await call(t.app, 'POST', '/v1/contact/getById', { ...B, idList: [contactA.Id] })).body.Result.length, 0);
    const deliveriesB = await call(t.app, 'GET', '/daftar/v1/webhooks/deliveries', undefined, { authorization: `Bearer ${b.apiToken}` });
    assert.equal(deliveriesB.status, 200, JSON.stringify(deliveriesB.body));
    assert.deepEqual(deliveriesB.body.items.map((d: any) => d.objectId), [itemB.Id]);
  });
});

describe('Hesabfa change feed: a big batch', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('a batchsave of 1,200 items is 1,200 changes, in the batch’s order, read back a thousand at a time', async () => {
    const items = Array.from({ length: 1200 }, (_, i) => ({ Name: `کالای ${i}`, ItemType: 0, Tag: String(i) }));
    const saved = await hfOk(t, 'item/batchsave', { items });
    const first = await hf(t, 'setting/GetChanges', { start: 0 });
    assert.equal(first.Result.length, 1000);
    const rest = await hf(t, 'setting/GetChanges', { start: first.Result[999].Id });
    assert.equal(rest.Result.length, 200);
    assert.equal(rest.LastId, rest.Result[199].Id);
    assert.deepEqual([...first.Result, ...rest.Result].map((c: any) => c.ObjectId), saved.map((s: any) => s.Id));
  });
});
