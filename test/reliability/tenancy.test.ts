import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { call, testApp, type TestApp } from '../helpers/app.js';
import type { NewBusiness } from '../../src/domain/business/bootstrap.js';

/**
 * Tenant isolation sweep (issue 10). Business A owns one of every kind of object; business B
 * then calls EVERY route of /openapi.json with each of its credentials, with A's ids, codes and
 * barcodes in every path parameter, query parameter and body field that names an object.
 * Nothing of A may come back and nothing of A may change.
 *
 * How a leak is recognised:
 * - every free text of A (names, captions, descriptions, the image bytes) carries the marker
 *   ALEAK, which B never sends; prices and totals of A are unusual numbers B never sends;
 * - A's objects get ids from distinctive ranges (identity sequences are moved before A's objects
 *   are created), so any `…id`/`…Id` field of a successful reply equal to one of A's ids is a
 *   reference to A's data;
 * - every business-owned table's rows of A are hashed before and after: they must not change.
 * The server runs without trust mode, so a call without B's credential is simply refused.
 */

const MARK = 'ALEAK';
/** Numbers only A's data contains (prices, balances, amounts, totals). */
const PRICES = { buy: 4242421, sell: 5353531, cash: 2121211, bank: 1919191, customer: 3131311, payment: 646464, hesabfaSell: 7575751 };
const NUMBER_MARKERS = [
  ...Object.values(PRICES).map(String),
  String(7 * PRICES.buy), // purchase total
  String(2 * PRICES.sell), // sale total
];

type Json = Record<string, any>;

interface AObjects {
  businessId: number;
  unitId: number;
  groupId: number;
  warehouseCode: number;
  productId: number;
  productCode: string;
  barcode: string;
  barcodeId: number;
  customerGroupId: number;
  customerId: number;
  customerCode: string;
  tel: string;
  telId: number;
  cashRegisterId: number;
  bankId: number;
  purchaseId: number;
  saleId: number;
  saleNo: number;
  paymentId: number | null;
  userId: number;
  userName: string;
  hesabfaId: number;
  hesabfaCode: string;
  hesabfaBarcode: string;
  chortkePersonId: number;
  chortkePersonCode: string;
  chortkeProductId: number;
  chortkeProductCode: string;
}

const A_AUTH = { authorization: 'Bearer test-api-token-a' };
const A_CHORTKE = { authorization: 'Bearer test-chortke-token-a' };
const A_HESABFA = { apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a' };

function must(r: { status: number; body: any }, what: string): any {
  const okSiba = r.body?.success === true || r.body?.Success === true;
  assert.ok(r.status < 300 && okSiba, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Identity sequences moved to ranges of their own, so A's ids are unmistakable numbers. */
async function distinctiveIds(t: TestApp): Promise<void> {
  const rows = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
    where table_schema = current_schema() and column_name = 'id' and is_identity = 'YES'
    order by table_name`.execute(t.database.db);
  let k = 0;
  for (const { table_name } of rows.rows) {
    k++;
    await sql`select setval(pg_get_serial_sequence(${table_name}, 'id'), ${70_000_000 + k * 100_000})`.execute(t.database.db);
  }
}

async function createA(t: TestApp): Promise<AObjects> {
  const post = async (url: string, body: unknown, what = url) => must(await call(t.app, 'POST', url, body, A_AUTH), what);
  const unitId = (await post('/api/products/unit', { unitName: `واحد ${MARK}` })).data.unit.unitId;
  const groupId = (await post('/api/products/group', { groupName: `گروه ${MARK}`, parentId: 0 })).data.group.groupId;
  const warehouseCode = (await post('/api/products/warehouse', { warehouseName: `انبار ${MARK}` })).data.warehouse.warehouseCode;
  const product = (
    await post('/api/products', {
      name: `کالای ${MARK}`,
      code: '917001',
      unitId,
      groupId,
      buyPrice: PRICES.buy,
      sellPrice: PRICES.sell,
      comment: `توضیح ${MARK}`,
    })
  ).data.product;
  const barcode = (await post('/api/products/barcode', { productId: product.productId, barcode: '6260917001001' })).data.barcode;
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`tEXt image ${MARK} bytes`)]);
  const img = await t.app.inject({ method: 'PUT', url: `/api/products/image/${product.productId}`, headers: { 'content-type': 'image/png', ...A_AUTH }, payload: png });
  assert.equal(img.statusCode, 200, img.body);

  const customerGroupId = (await post('/api/customers/group', { groupName: `گروه مشتری ${MARK}`, parentId: 0 })).data.group.groupId;
  const customer = (
    await post('/api/customers', {
      firstName: `مشتری ${MARK}`,
      lastName: `نام‌خانوادگی ${MARK}`,
      customerCode: 917002,
      tel: '09127770001',
      groupId: customerGroupId,
      email: 'aleak-customer@example.com',
      address: `نشانی ${MARK}`,
      initialBalance: PRICES.customer,
    })
  ).data.customer;
  const tel = must(
    await call(t.app, 'POST', `/api/customers/tel?customerId=${customer.customerId}&tel=02177700001&caption=${encodeURIComponent(`تلفن ${MARK}`)}`, undefined, A_AUTH),
    'tel',
  ).data.tel;
  const cashRegisterId = (await post('/api/cashRegister', { name: `صندوق ${MARK}`, initialBalance: PRICES.cash })).data.cashRegister.cashRegisterId;
  const bankId = (await post('/api/banks', { bankName: `بانک ${MARK}`, branch: `شعبه ${MARK}`, initialBalance: PRICES.bank })).data.bank.bankId;

  const purchase = (
    await post('/api/factors', {
      invoiceType: 1,
      invoiceDate: '1404/06/01',
      personId: customer.customerId,
      info: `خرید ${MARK}`,
      details: [{ itemId: product.productId, itemType: 0, quantity: 7, price: PRICES.buy, warehouseCode, taxPerc: 0 }],
    })
  ).data.factor;
  const sale = (
    await post('/api/factors', {
      invoiceType: 2,
      invoiceDate: '1404/06/02',
      personId: customer.customerId,
      info: `فروش ${MARK}`,
      details: [{ itemId: product.productId, itemType: 0, quantity: 2, price: PRICES.sell, warehouseCode, taxPerc: 0 }],
    })
  ).data.factor;
  const payment = await post('/api/payments', {
    kind: 'receipt',
    personId: customer.customerId,
    amount: PRICES.payment,
    cashRegisterId,
    factorId: sale.factorId,
    date: '1404/06/03',
    description: `دریافت ${MARK}`,
  });
  const paymentId = Number(Object.values<Json>(payment.data)[0]?.paymentId ?? Object.values<Json>(payment.data)[0]?.id ?? NaN);

  const user = (await post('/api/users', { userName: 'aleak-user', password: 'aleak-password-1', fullName: `کاربر ${MARK}`, role: 'accountant' })).data.user;

  const hItem = must(
    await call(t.app, 'POST', '/v1/item/save', {
      ...A_HESABFA,
      item: { Name: `کالای حسابفا ${MARK}`, ItemType: 0, Barcode: '6260917003003', SellPrice: PRICES.hesabfaSell, Tag: `{"m":"${MARK}"}`, Description: `شرح ${MARK}` },
    }),
    'hesabfa save',
  ).Result;
  const person = must(
    await call(t.app, 'POST', '/v2/persons', { nickName: `شخص ${MARK}`, personType: 'customer', mobile: '09127770002', description: `شرح ${MARK}` }, A_CHORTKE),
    'chortke person',
  ).person;
  const cProduct = must(
    await call(t.app, 'POST', '/v2/products', { title: `محصول چرتکه ${MARK}`, barcode: '6260917004004', salesDescription: `فروش ${MARK}` }, A_CHORTKE),
    'chortke product',
  ).product;

  return {
    businessId: t.business.businessId,
    unitId,
    groupId,
    warehouseCode,
    productId: product.productId,
    productCode: String(product.productCode),
    barcode: barcode.barcode,
    barcodeId: barcode.barcodeId,
    customerGroupId,
    customerId: customer.customerId,
    customerCode: String(customer.customerCode),
    tel: '09127770001',
    telId: tel.telId,
    cashRegisterId,
    bankId,
    purchaseId: purchase.factorId,
    saleId: sale.factorId,
    saleNo: sale.invoiceNo,
    paymentId: Number.isFinite(paymentId) ? paymentId : null,
    userId: user.userId,
    userName: 'aleak-user',
    hesabfaId: hItem.Id,
    hesabfaCode: String(hItem.Code),
    hesabfaBarcode: '6260917003003',
    chortkePersonId: person.id,
    chortkePersonCode: String(person.accountingCode),
    chortkeProductId: cProduct.id,
    chortkeProductCode: String(cProduct.accountingCode),
  };
}

/** sha256 of every business-owned table's rows of one business (and its businesses row). */
async function snapshotBusiness(t: TestApp, businessId: number): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
    where c.table_schema = current_schema() and c.column_name = 'business_id'
    order by c.table_name`.execute(t.database.db);
  const out: Record<string, string> = {};
  const hash = (rows: unknown[]) => {
    const lines = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)));
    lines.sort();
    return `${rows.length}:${crypto.createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  };
  for (const { table_name } of tables.rows) {
    const rows = await sql`select * from ${sql.table(table_name)} where business_id = ${businessId}`.execute(t.database.db);
    out[table_name] = hash(rows.rows);
  }
  out.businesses = hash((await sql`select * from businesses where id = ${businessId}`.execute(t.database.db)).rows);
  return out;
}

interface Route {
  method: string;
  path: string;
  query: string[];
  body: string[];
}

function routesOf(doc: Json): Route[] {
  const out: Route[] = [];
  for (const [path, ops] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(ops)) {
      const content = op.requestBody?.content ?? {};
      const schema = (Object.values<Json>(content)[0]?.schema ?? {}) as Json;
      out.push({
        method: method.toUpperCase(),
        path,
        query: (op.parameters ?? []).filter((p: Json) => p.in === 'query').map((p: Json) => p.name),
        body: Object.keys(schema.properties ?? {}),
      });
    }
  }
  return out;
}

/**
 * A's value for a field that names an object, in the context of a route (the same word names
 * different objects on different paths: `id`, `groupId`, `userId`).
 */
function valueFor(a: AObjects, path: string, key: string): unknown {
  const p = path.toLowerCase();
  const customers = p.startsWith('/api/customers');
  switch (key.toLowerCase()) {
    case 'id':
      if (p.startsWith('/api/products/group')) return a.groupId;
      if (p.startsWith('/api/products/unit')) return a.unitId;
      if (p.startsWith('/api/products/barcode')) return a.barcodeId;
      if (customers && p.includes('group')) return a.customerGroupId;
      if (customers && p.includes('tel')) return a.telId;
      if (customers) return a.customerId;
      if (p.startsWith('/api/factors')) return a.saleId;
      if (p.startsWith('/v2/products')) return a.chortkeProductId;
      if (p.startsWith('/v2/persons')) return a.chortkePersonId;
      return a.productId;
    case 'productid':
    case 'itemid':
      return a.productId;
    case 'groupid':
    case 'parentid':
      return customers ? a.customerGroupId : a.groupId;
    case 'unitid':
    case 'productsubunitid':
      return a.unitId;
    case 'barcodeid':
      return a.barcodeId;
    case 'barcode':
      return a.barcode;
    case 'warehousecode':
      return a.warehouseCode;
    case 'customerid':
    case 'personid':
      return a.customerId;
    case 'telid':
      return a.telId;
    case 'tel':
    case 'mobile':
      return a.tel;
    case 'cashregisterid':
      return a.cashRegisterId;
    case 'bankid':
      return a.bankId;
    case 'factorid':
    case 'originalfactorid':
      return a.saleId;
    case 'invoiceno':
      return a.saleNo;
    case 'userid':
      return a.userId;
    case 'username':
      return a.userName;
    case 'entityid':
      return a.productId;
    case 'code':
    case 'productcode':
      return p.startsWith('/v2/persons') ? a.chortkePersonCode : a.productCode;
    case 'customercode':
      return a.customerCode;
    case 'accountingcode':
      return p.startsWith('/v2/persons') ? a.chortkePersonCode : a.chortkeProductCode;
    case 'businessid':
      return a.businessId;
    default:
      return undefined;
  }
}

/** Every field name the sweep knows to name an object. */
const OBJECT_KEYS = [
  'id', 'productId', 'itemId', 'groupId', 'parentId', 'unitId', 'productSubUnitId', 'barcodeId', 'barcode', 'warehouseCode',
  'customerId', 'personId', 'telId', 'tel', 'mobile', 'cashRegisterId', 'bankId', 'factorId', 'originalFactorId', 'invoiceNo',
  'userId', 'userName', 'entityId', 'code', 'productCode', 'customerCode', 'accountingCode', 'businessId',
];

/** A body a write route would accept if its object fields named B's own objects. */
function template(a: AObjects, r: Route): Json {
  const p = r.path.toLowerCase();
  if (p === '/api/factors' && r.method === 'POST') {
    return {
      invoiceType: 2,
      invoiceDate: '1404/06/05',
      personId: a.customerId,
      details: [{ itemId: a.productId, itemType: 0, quantity: 1, price: 1000, warehouseCode: a.warehouseCode, taxPerc: 0 }],
    };
  }
  if (p === '/api/payments' && r.method === 'POST') return { kind: 'receipt', personId: a.customerId, amount: 1000, cashRegisterId: a.cashRegisterId };
  if (p === '/api/products' && r.method === 'PUT') return { productId: a.productId, productName: 'B probe', totalQuantity: 0 };
  if (p === '/api/products' && r.method === 'POST') return { name: 'B probe', groupId: a.groupId, unitId: a.unitId };
  if (p === '/api/products/barcode' && r.method === 'POST') return { productId: a.productId, barcode: '1111222233334' };
  if (p.endsWith('/group') && r.method !== 'GET') return { groupName: 'B probe group', parentId: 0, groupId: valueFor(a, p, 'groupId') };
  if (p === '/api/products/unit' && r.method === 'PUT') return { unitId: a.unitId, unitName: 'B probe unit' };
  if (p === '/api/products/warehouse' && r.method === 'PUT') return { warehouseCode: a.warehouseCode, warehouseName: 'B probe wh' };
  if (p === '/api/customers' && r.method === 'PUT') return { customerId: a.customerId, lastName: 'B probe' };
  if (p === '/api/cashregister' && r.method === 'PUT') return { cashRegisterId: a.cashRegisterId, name: 'B probe cash' };
  if (p === '/api/banks' && r.method === 'PUT') return { bankId: a.bankId, bankName: 'B probe bank' };
  if (p === '/api/users' && r.method === 'PUT') return { userId: a.userId, fullName: 'B probe' };
  if (p === '/api/users/login') return { userName: a.userName, password: 'not-the-password', businessId: a.businessId };
  if (p.startsWith('/v2/products/') && r.method === 'PUT') return { title: 'B probe', accountingCode: a.chortkeProductCode };
  if (p.startsWith('/v2/persons/') && r.method === 'PUT') return { nickName: 'B probe', accountingCode: a.chortkePersonCode };
  if (p === '/v2/products' && r.method === 'POST') return { title: 'B probe', accountingCode: a.chortkeProductCode };
  if (p === '/v2/persons' && r.method === 'POST') return { nickName: 'B probe', personType: 'customer', accountingCode: a.chortkePersonCode };
  return {};
}

/** Hesabfa bodies naming A's items every way the item methods accept. */
function hesabfaBodies(a: AObjects): Json[] {
  const codes = [a.hesabfaCode, a.productCode, a.chortkeProductCode];
  const item = (code: string) => ({ Code: code, Name: 'B probe', ItemType: 0 });
  return [
    {
      code: a.hesabfaCode,
      barcode: a.hesabfaBarcode,
      idList: [a.hesabfaId, a.productId, a.chortkeProductId],
      codes,
      warehouseCode: a.warehouseCode,
      queryInfo: { Filters: [{ Property: 'Code', Operator: 'in', Value: codes }] },
    },
    ...codes.map((code) => ({ code })),
    { barcode: a.barcode },
    { barcode: a.hesabfaBarcode },
    { idList: [a.hesabfaId, a.productId] },
    { queryInfo: { Take: 1000 } },
    { queryInfo: { Filters: [{ Property: 'Id', Operator: '=', Value: a.productId }] } },
    { queryInfo: { Filters: [{ Property: 'Name', Operator: '*', Value: MARK }] } },
    { queryInfo: { Search: MARK } },
    { item: { Id: a.hesabfaId, Name: 'B probe', ItemType: 0 } },
    { item: { Code: a.hesabfaCode, Name: 'B probe', ItemType: 0, NodeFamily: 'کالاها' } },
    { items: codes.map(item) },
    { codes, warehouseCode: a.warehouseCode },
    { warehouseCode: a.warehouseCode },
    { items: [{ Code: a.hesabfaCode, Quantity: 1, UnitPrice: 1, WarehouseCode: a.warehouseCode }] },
  ];
}

interface Probe {
  method: string;
  url: string;
  body?: Json;
  headers: Record<string, string>;
}

function fillPath(a: AObjects, path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(valueFor(a, path, name) ?? a.productId)));
}

function withQuery(url: string, q: Record<string, unknown>): string {
  const s = Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return s ? `${url}?${s}` : url;
}

/** The requests B sends to one route: everything at once, then one object field at a time. */
interface Creds {
  bearers: string[];
  hesabfa: Json[];
}

function credsOf(b: NewBusiness): Creds {
  return {
    bearers: [b.apiToken, b.chortkeToken, b.hesabfaLoginToken],
    hesabfa: [
      { apiKey: b.hesabfaApiKey, loginToken: b.hesabfaLoginToken },
      { apiKey: b.hesabfaApiKey, userId: b.adminUser, password: b.adminPassword },
    ],
  };
}

function probesFor(a: AObjects, creds: Creds, r: Route): Probe[] {
  const hasBody = r.method !== 'GET' && r.method !== 'DELETE' ? true : r.method === 'DELETE';
  const url0 = fillPath(a, r.path);
  if (r.path.startsWith('/v1/')) {
    return creds.hesabfa.flatMap((c) => hesabfaBodies(a).map((body) => ({ method: r.method, url: url0, body: { ...c, ...body }, headers: {} })));
  }
  const declared = new Set([...r.query, ...r.body]);
  const keys = declared.size ? OBJECT_KEYS.filter((k) => declared.has(k)) : OBJECT_KEYS;
  const variants: { query: Json; body: Json }[] = [];
  const all: Json = {};
  for (const k of keys) all[k] = valueFor(a, r.path, k);
  variants.push({ query: all, body: { ...template(a, r), ...all } });
  for (const k of keys) {
    const one = { [k]: valueFor(a, r.path, k) };
    variants.push({ query: one, body: { ...template(a, r), ...one } });
  }
  if (Object.keys(template(a, r)).length) variants.push({ query: {}, body: template(a, r) });
  const hesabfaCreds = creds.hesabfa[0];
  const out: Probe[] = [];
  for (const token of creds.bearers) {
    for (const v of variants) {
      out.push({
        method: r.method,
        url: withQuery(url0, v.query),
        body: hasBody ? { ...hesabfaCreds, ...v.body } : undefined,
        headers: { authorization: `Bearer ${token}` },
      });
    }
  }
  return out;
}

/** Why a reply shows something of A, or null. */
function leakIn(a: AIds, probe: Probe, status: number, text: string): string | null {
  const sent = probe.url + JSON.stringify(probe.body ?? '');
  if (text.includes(MARK)) return `A's text (${MARK}) in the reply`;
  for (const n of NUMBER_MARKERS) if (text.includes(n) && !sent.includes(n)) return `A's amount ${n} in the reply`;
  for (const s of ['aleak-customer@example.com', '09127770002', '02177700001']) if (text.includes(s) && !sent.includes(s)) return `A's ${s} in the reply`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return status < 300 ? `non-JSON ${status} reply` : null;
  }
  const success = (body as Json)?.success === true || (body as Json)?.Success === true;
  if (!success) return null;
  const found: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    else if ((typeof v === 'number' || typeof v === 'string') && /id$/i.test(key) && a.ids.has(String(v))) found.push(`${key}=${v}`);
  };
  walk(body, '');
  return found.length ? `A's id in a successful reply: ${found.join(', ')}` : null;
}

/** The call got past authentication (B acted as itself), whatever the outcome. */
function authenticated(r: Route, status: number, text: string): boolean {
  let body: Json = {};
  try {
    body = JSON.parse(text);
  } catch {
    return status !== 401;
  }
  if (r.path.endsWith('/login')) return true; // public: a wrong password is 401 by design
  if (r.path.startsWith('/v1/')) return ![105, 106, 107, 113].includes(body.ErrorCode);
  return status !== 401;
}

interface AIds {
  ids: Set<string>;
}

describe('tenant isolation sweep: business B against every route, with A\'s ids', () => {
  let t: TestApp;
  let a: AObjects;
  let b: NewBusiness;

  before(async () => {
    t = await testApp({ trustLoopback: false });
    b = await t.newBusiness('کسب‌وکار ب');
    await distinctiveIds(t);
    a = await createA(t);
  });
  after(() => t.close());

  it('A\'s objects got distinctive ids', () => {
    for (const [k, v] of Object.entries(a)) {
      if (/Id$/.test(k) && k !== 'businessId' && k !== 'paymentId') assert.ok(Number(v) > 70_000_000, `${k}=${v}`);
    }
  });

  it('no route, with any credential of B, returns or changes anything of A', async (tc) => {
    const doc = (await call(t.app, 'GET', '/openapi.json')).body;
    const routes = routesOf(doc);
    assert.ok(routes.length >= 80, `only ${routes.length} routes in /openapi.json`);
    const ids: AIds = {
      ids: new Set(
        [a.unitId, a.groupId, a.productId, a.barcodeId, a.customerGroupId, a.customerId, a.telId, a.cashRegisterId, a.bankId, a.purchaseId, a.saleId, a.paymentId, a.userId, a.hesabfaId, a.chortkePersonId, a.chortkeProductId]
          .filter((x): x is number => typeof x === 'number')
          .map(String),
      ),
    };
    const before = await snapshotBusiness(t, a.businessId);
    let calls = 0;
    const leaks: string[] = [];
    const errors: string[] = [];
    const reached = new Set<string>();
    for (const r of routes) {
      for (const probe of probesFor(a, credsOf(b), r)) {
        const res = await t.app.inject({
          method: probe.method as 'GET',
          url: probe.url,
          headers: probe.body !== undefined ? { 'content-type': 'application/json', ...probe.headers } : probe.headers,
          payload: probe.body !== undefined ? JSON.stringify(probe.body) : undefined,
        });
        calls++;
        if (authenticated(r, res.statusCode, res.body)) reached.add(`${r.method} ${r.path}`);
        if (process.env.TENANCY_TRACE) fs.appendFileSync(process.env.TENANCY_TRACE, `${probe.method} ${probe.url} [${probe.headers.authorization ?? ''}] → ${res.statusCode} ${res.body.slice(0, 160)}\n`);
        const why = leakIn(ids, probe, res.statusCode, res.body);
        if (why) leaks.push(`${probe.method} ${probe.url} ${JSON.stringify(probe.body ?? '')} [${probe.headers.authorization ?? ''}] → ${res.statusCode}: ${why} :: ${res.body.slice(0, 300)}`);
        if (res.statusCode >= 500) errors.push(`${probe.method} ${probe.url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    const afterSnap = await snapshotBusiness(t, a.businessId);
    const changed = Object.keys(before).filter((k) => before[k] !== afterSnap[k]);
    tc.diagnostic(`reliability: tenancy routes=${routes.length} calls=${calls} leaks=${leaks.length} a_tables_changed=${changed.length} errors_5xx=${errors.length}`);
    assert.deepEqual(leaks, [], 'cross-tenant leaks');
    const unreached = routes.map((r) => `${r.method} ${r.path}`).filter((k) => !reached.has(k));
    assert.deepEqual(unreached, [], 'routes no credential of B got past authentication on');
    assert.deepEqual(changed, [], 'tables whose rows of A changed');
    assert.deepEqual(errors, [], '5xx replies');
  });

  it('control: the same probes with A\'s own credentials do find A\'s data (the detector works)', async (tc) => {
    const doc = (await call(t.app, 'GET', '/openapi.json')).body;
    const reads = routesOf(doc).filter((r) => r.method === 'GET' || /\/v1\/item\/(get|getByBarcode|getById|getitems|GetQuantity)$/.test(r.path));
    const ids: AIds = { ids: new Set([a.productId, a.customerId, a.saleId, a.chortkePersonId, a.chortkeProductId, a.hesabfaId].map(String)) };
    const creds: Creds = { bearers: ['test-api-token-a', 'test-chortke-token-a'], hesabfa: [A_HESABFA] };
    const seen: string[] = [];
    const blind: string[] = [];
    for (const r of reads) {
      let hit = false;
      for (const probe of probesFor(a, creds, r)) {
        const res = await t.app.inject({
          method: probe.method as 'GET',
          url: probe.url,
          headers: probe.body !== undefined ? { 'content-type': 'application/json', ...probe.headers } : probe.headers,
          payload: probe.body !== undefined ? JSON.stringify(probe.body) : undefined,
        });
        if (leakIn(ids, { ...probe, url: '', body: {} }, res.statusCode, res.body)) hit = true;
      }
      (hit ? seen : blind).push(`${r.method} ${r.path}`);
    }
    tc.diagnostic(`reliability: tenancy control read_routes=${reads.length} seeing_A=${seen.length} blind=${blind.join(' | ')}`);
    // every object read and every list of A's kinds of data shows A's data to A
    for (const must of ['GET /api/products/{id}', 'GET /api/customers/{id}', 'GET /api/factors/{id}', 'GET /v2/persons/{id}', 'GET /v2/products/{id}', 'GET /api/products', 'GET /api/customers', 'GET /api/factors', 'POST /v1/item/get', 'POST /v1/item/getitems']) {
      assert.ok(seen.includes(must), `control did not see A's data on ${must}`);
    }
  });

  it('the sweep would see a leak: A\'s own credentials do read A\'s objects', async () => {
    const ids: AIds = { ids: new Set([String(a.productId)]) };
    const probe: Probe = { method: 'GET', url: `/api/products/${a.productId}`, headers: A_AUTH };
    const res = await t.app.inject({ method: 'GET', url: probe.url, headers: A_AUTH });
    assert.equal(res.statusCode, 200);
    assert.match(leakIn(ids, probe, res.statusCode, res.body) ?? '', /ALEAK|A's id/);
    const h = await call(t.app, 'POST', '/v1/item/get', { ...A_HESABFA, code: a.hesabfaCode });
    assert.equal(h.body.Result.Name, `کالای حسابفا ${MARK}`);
  });

  it('same codes in two businesses: C\'s product, warehouse and customer with A\'s codes show only C\'s figures', async (tc) => {
    const c = await t.newBusiness('کسب‌وکار ج');
    const cs = { authorization: `Bearer ${c.apiToken}` };
    const ch = { apiKey: c.hesabfaApiKey, loginToken: c.hesabfaLoginToken };
    const wh = must(await call(t.app, 'POST', '/api/products/warehouse', { warehouseName: 'انبار ج' }, cs), 'C warehouse').data.warehouse;
    assert.equal(wh.warehouseCode, a.warehouseCode, 'C\'s second warehouse has A\'s warehouse code');
    const p = must(await call(t.app, 'POST', '/api/products', { name: 'کالای ج', code: a.productCode, sellPrice: 1000 }, cs), 'C product').data.product;
    const cust = must(await call(t.app, 'POST', '/api/customers', { lastName: 'مشتری ج', customerCode: a.customerCode }, cs), 'C customer').data.customer;
    assert.equal(String(p.productCode), a.productCode);
    assert.equal(String(cust.customerCode), a.customerCode);
    // C buys 3 at 1000 into its warehouse with A's code; A holds 5 there at PRICES.buy
    must(
      await call(t.app, 'POST', '/api/factors', {
        invoiceType: 1,
        invoiceDate: '1404/06/01',
        personId: cust.customerId,
        details: [{ itemId: p.productId, itemType: 0, quantity: 3, price: 1000, warehouseCode: wh.warehouseCode, taxPerc: 0 }],
      }, cs),
      'C purchase',
    );
    const list = (await call(t.app, 'GET', `/api/products?code=${a.productCode}`, undefined, cs)).body.data.product;
    assert.deepEqual(list.map((x: Json) => [x.productId, Number(x.totalQuantity)]), [[p.productId, 3]]);
    const stock = (await call(t.app, 'GET', `/api/products/stock?warehouseCode=${wh.warehouseCode}`, undefined, cs)).body.data.stock;
    assert.deepEqual(stock, [{ productId: p.productId, warehouseCode: wh.warehouseCode, quantity: 3 }]);
    const q = await call(t.app, 'POST', '/v1/item/GetQuantity', { ...ch, codes: [a.productCode], warehouseCode: wh.warehouseCode });
    assert.deepEqual(q.body.Result.map((x: Json) => [x.Code, Number(x.Quantity)]), [[a.productCode.padStart(6, '0'), 3]]);
    const item = await call(t.app, 'POST', '/v1/item/get', { ...ch, code: a.productCode });
    assert.deepEqual([item.body.Result.Id, Number(item.body.Result.Stock), item.body.Result.Name], [p.productId, 3, 'کالای ج']);
    const custs = (await call(t.app, 'GET', `/api/customers?customerCode=${a.customerCode}`, undefined, cs)).body.data.customer;
    assert.deepEqual(custs.map((x: Json) => [x.customerId, x.lastName]), [[cust.customerId, 'مشتری ج']]);
    assert.equal(Math.abs(Number(custs[0].balance)), 3000, 'C owes/has only C\'s purchase');
    const inv = await call(t.app, 'GET', '/api/reports/inventory-valuation', undefined, cs);
    assert.equal(inv.status, 200);
    assert.equal(Number(inv.body.data.report.totals.value), 3000, JSON.stringify(inv.body.data.report.totals));
    const card = await call(t.app, 'GET', `/api/reports/stock-card?productId=${p.productId}`, undefined, cs);
    assert.equal(card.status, 200, JSON.stringify(card.body).slice(0, 200));
    assert.ok(!NUMBER_MARKERS.some((n) => JSON.stringify(card.body).includes(n)), 'no A amounts on C\'s stock card');
    const chortke = await call(t.app, 'GET', `/v2/products?code=${a.productCode}`, undefined, { authorization: `Bearer ${c.chortkeToken}` });
    assert.ok(!JSON.stringify(chortke.body).includes(MARK));

    // Totals count C's rows only: every list's X-Total-Count / total / TotalCount equals what C sees.
    const doc = (await call(t.app, 'GET', '/openapi.json')).body;
    let counted = 0;
    for (const r of routesOf(doc).filter((x) => x.method === 'GET' && !x.path.includes('{') && !x.path.includes('/reports/'))) {
      const chortkeRoute = r.path.startsWith('/v2/');
      const res = await call(t.app, 'GET', r.path, undefined, { authorization: `Bearer ${chortkeRoute ? c.chortkeToken : c.apiToken}` });
      if (res.status !== 200) continue;
      const list = chortkeRoute ? Object.values<unknown>(res.body).find(Array.isArray) : Object.values<unknown>(res.body.data ?? {})[0];
      if (!Array.isArray(list)) continue;
      const total = res.headers['x-total-count'] ?? res.body.total;
      if (total === undefined) continue;
      counted++;
      assert.equal(Number(total), list.length, `${r.path}: total ${total} but C sees ${list.length}`);
    }
    assert.ok(counted >= 4, `only ${counted} lists carry a total`);
    tc.diagnostic(`reliability: tenancy list totals checked=${counted}`);
    const items = await call(t.app, 'POST', '/v1/item/getitems', ch);
    assert.deepEqual([items.body.Result.TotalCount, items.body.Result.FilteredCount, items.body.Result.List.length], [1, 1, 1]);
  });

  it('idempotency keys are per business: the same key and body from B is B\'s own new write, never A\'s replay', async () => {
    const key = { 'idempotency-key': 'shared-key-1' };
    const body = { unitName: 'واحد مشترک' };
    const ra = await call(t.app, 'POST', '/api/products/unit', body, { ...A_AUTH, ...key });
    const rb = await call(t.app, 'POST', '/api/products/unit', body, { authorization: `Bearer ${b.apiToken}`, ...key });
    assert.equal(ra.status, 200, JSON.stringify(ra.body));
    assert.equal(rb.status, 200, JSON.stringify(rb.body));
    assert.notEqual(rb.body.data.unit.unitId, ra.body.data.unit.unitId);
    const bUnits = (await call(t.app, 'GET', '/api/products/unit', undefined, { authorization: `Bearer ${b.apiToken}` })).body.data.unit;
    assert.ok(bUnits.some((u: Json) => u.unitId === rb.body.data.unit.unitId), 'B\'s unit is in B\'s list');
    // a replay for each stays within its business
    const rb2 = await call(t.app, 'POST', '/api/products/unit', body, { authorization: `Bearer ${b.apiToken}`, ...key });
    assert.equal(rb2.body.data.unit.unitId, rb.body.data.unit.unitId);

    const item = { requestUniqueId: 'shared-request-1', item: { Name: 'کالای مشترک', ItemType: 0 } };
    const ha = await call(t.app, 'POST', '/v1/item/save', { ...A_HESABFA, ...item });
    const hb = await call(t.app, 'POST', '/v1/item/save', { apiKey: b.hesabfaApiKey, loginToken: b.hesabfaLoginToken, ...item });
    assert.deepEqual([ha.body.ErrorCode, hb.body.ErrorCode], [0, 0]);
    assert.notEqual(hb.body.Result.Id, ha.body.Result.Id);
    const cp = { title: 'محصول مشترک' };
    const ca = await call(t.app, 'POST', '/v2/products', cp, { ...A_CHORTKE, ...key, 'idempotency-key': 'shared-key-2' });
    const cb = await call(t.app, 'POST', '/v2/products', cp, { authorization: `Bearer ${b.chortkeToken}`, 'idempotency-key': 'shared-key-2' });
    assert.deepEqual([ca.status, cb.status], [201, 201]);
    assert.notEqual(cb.body.product.id, ca.body.product.id);
  });

  it('Hesabfa: B\'s apiKey with A\'s loginToken, and A\'s apiKey with B\'s loginToken, are refused', async () => {
    let r = await call(t.app, 'POST', '/v1/item/get', { apiKey: b.hesabfaApiKey, loginToken: A_HESABFA.loginToken, code: a.hesabfaCode });
    assert.deepEqual([r.status, r.body.Success, r.body.ErrorCode, r.body.Result], [200, false, 106, null]);
    r = await call(t.app, 'POST', '/v1/item/get', { apiKey: A_HESABFA.apiKey, loginToken: b.hesabfaLoginToken, code: a.hesabfaCode });
    assert.deepEqual([r.status, r.body.Success, r.body.ErrorCode, r.body.Result], [200, false, 106, null]);
    // every Hesabfa method, with every mix of the two businesses' secrets
    const doc = (await call(t.app, 'GET', '/openapi.json')).body;
    const methods = routesOf(doc).filter((x) => x.path.startsWith('/v1/'));
    assert.ok(methods.length >= 9);
    const mixes = [
      { apiKey: b.hesabfaApiKey, loginToken: A_HESABFA.loginToken },
      { apiKey: A_HESABFA.apiKey, loginToken: b.hesabfaLoginToken },
      { apiKey: A_HESABFA.apiKey, userId: b.adminUser, password: b.adminPassword },
      { apiKey: b.hesabfaApiKey, userId: 'admin', password: 'admin-password-1' },
      { apiKey: b.hesabfaLoginToken, loginToken: A_HESABFA.loginToken },
    ];
    const before = await snapshotBusiness(t, a.businessId);
    for (const m of methods) {
      for (const mix of mixes) {
        const x = await call(t.app, 'POST', m.path, { ...mix, ...hesabfaBodies(a)[0], item: { Code: a.hesabfaCode, Name: 'x', ItemType: 0 } });
        assert.equal(x.status, 200);
        assert.ok([106, 107].includes(x.body.ErrorCode) && x.body.Result === null, `${m.path} ${JSON.stringify(mix)} → ${JSON.stringify(x.body)}`);
      }
    }
    assert.deepEqual(await snapshotBusiness(t, a.businessId), before);
    // A's Hesabfa secrets and Chortke token are not Siba bearer tokens of A
    for (const token of [A_HESABFA.apiKey, 'test-chortke-token-a']) {
      const s1 = await call(t.app, 'GET', `/api/products/${a.productId}`, undefined, { authorization: `Bearer ${token}` });
      assert.deepEqual([s1.status, s1.body.errCode], [401, 1006], token);
    }
    // a real image from B onto A's product: 404, A's image unchanged
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('B image')]);
    for (const ct of ['image/png', 'application/octet-stream']) {
      const img = await t.app.inject({ method: 'PUT', url: `/api/products/image/${a.productId}`, headers: { 'content-type': ct, authorization: `Bearer ${b.apiToken}` }, payload: png });
      assert.deepEqual([img.statusCode, JSON.parse(img.body).errCode], [404, 1002], ct);
    }
    const mine = await t.app.inject({ method: 'GET', url: `/api/products/image/${a.productId}`, headers: A_AUTH });
    assert.ok(mine.body.includes(MARK), 'A still has its own image');
    assert.deepEqual(await snapshotBusiness(t, a.businessId), before);
    // and B's token as a Chortke or Siba bearer never reaches A
    r = await call(t.app, 'GET', `/v2/persons/${a.chortkePersonId}`, undefined, { authorization: `Bearer ${b.chortkeToken}` });
    assert.deepEqual([r.status, r.body.success, r.body.code], [404, false, 'NOT_FOUND']);
  });
});
