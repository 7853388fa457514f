import { randomBytes } from 'node:crypto';
import { saveMoadianSettings } from '../../src/domain/moadian/settings.js'; // i8
import { MOADIAN_VECTORS, SAMPLE_CERT } from '../helpers/moadian-keys.js'; // i8
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { backend, call, testApp, type TestApp } from '../helpers/app.js';
import { transact } from '../../src/db/transact.js';
import { issueCredential } from '../../src/domain/auth/credentials.js';
import { allows, type Permission } from '../../src/domain/auth/permissions.js';
import type { Role } from '../../src/domain/context.js';

/**
 * The permission sweep (issue 18, acceptance): every route of every surface in /openapi.json,
 * called with an admin, an accountant and a clerk credential of the same business, with a
 * request the route would accept. Each call must be allowed or forbidden exactly as the role
 * matrix (src/domain/auth/permissions.ts, docs/security.md) says, and a forbidden call must write
 * nothing. Siba uses each user's login session; Hesabfa a loginToken and Chortke a token bound
 * to each user (the surfaces issue only the owner's, the domain binds any user's: see
 * docs/security.md). Each route lists the variants whose permission differs (a sale and a
 * purchase, a receipt and a payment, a party with and without an opening balance).
 */

type Json = Record<string, any>;
const ROLES: Role[] = ['admin', 'accountant', 'clerk'];
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('permission sweep')]);

interface Request {
  url: string;
  body?: Json;
  /** raw payload with its content type (the image upload) */
  raw?: { payload: Buffer; contentType: string };
}
interface Variant {
  /** every permission the call needs; [] = any authenticated role (login is public) */
  needs: Permission[];
  label?: string;
  request: (role: Role) => Promise<Request>;
  /** after each call (and its nothing-written check): puts back what the sweep itself needs (credentials, an open year) */
  after?: () => Promise<void>;
}

let t: TestApp;
let seq = 0;
const uniq = () => ++seq;
const ADMIN = {}; // trusted loopback: the owner (admin) builds the fixtures

async function must(method: 'POST' | 'PUT', url: string, body: unknown): Promise<Json> {
  const r = await call(t.app, method, url, body, ADMIN);
  assert.ok(r.status < 300 && r.body?.success !== false, `${method} ${url}: ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

const fx = {
  product: async () => (await must('POST', '/api/products', { name: `کالا ${uniq()}`, sellPrice: 1000, buyPrice: 500 })).data.product.productId as number,
  unit: async () => (await must('POST', '/api/products/unit', { unitName: `واحد ${uniq()}` })).data.unit.unitId as number,
  group: async () => (await must('POST', '/api/products/group', { groupName: `گروه ${uniq()}`, parentId: 0 })).data.group.groupId as number,
  warehouse: async () => (await must('POST', '/api/products/warehouse', { warehouseName: `انبار ${uniq()}` })).data.warehouse.warehouseCode as number,
  barcode: async (productId: number) =>
    (await must('POST', '/api/products/barcode', { productId, barcode: `62609${String(uniq()).padStart(8, '0')}` })).data.barcode.barcodeId as number,
  customer: async () => (await must('POST', '/api/customers', { lastName: `مشتری ${uniq()}` })).data.customer.customerId as number,
  customerGroup: async () => (await must('POST', '/api/customers/group', { groupName: `گروه مشتری ${uniq()}`, parentId: 0 })).data.group.groupId as number,
  tel: async (customerId: number) => {
    const r = await call(t.app, 'POST', `/api/customers/tel?customerId=${customerId}&tel=0217${String(uniq()).padStart(7, '0')}`, undefined, ADMIN);
    assert.ok(r.status < 300, JSON.stringify(r.body));
    return r.body.data.tel.telId as number;
  },
  cashRegister: async () => (await must('POST', '/api/cashRegister', { name: `صندوق ${uniq()}` })).data.cashRegister.cashRegisterId as number,
  bank: async () => (await must('POST', '/api/banks', { bankName: `بانک ${uniq()}` })).data.bank.bankId as number,
  user: async () => (await must('POST', '/api/users', { userName: `user-${uniq()}`, password: 'sweep-password-1', role: 'clerk' })).data.user.userId as number,
  hesabfaItem: async () => {
    const r = await call(t.app, 'POST', '/v1/item/save', { ...hesabfaAuth.admin, item: { Name: `کالای حسابفا ${uniq()}`, ItemType: 0 } });
    assert.equal(r.body.Success, true, JSON.stringify(r.body));
    return r.body.Result as { Id: number; Code: string };
  },
  chortkeProduct: async () => {
    const r = await call(t.app, 'POST', '/v2/products', { title: `محصول ${uniq()}` }, chortkeAuth.admin);
    assert.ok(r.status < 300, JSON.stringify(r.body));
    return r.body.product.id as number;
  },
  // issue 21: a Hesabfa contact and a Hesabfa sale (admin), for the contact/invoice/receipt methods
  hesabfaContact: async () => {
    const r = await call(t.app, 'POST', '/v1/contact/save', { ...hesabfaAuth.admin, contact: { Code: null, Name: `مشتری حسابفا ${uniq()}` } });
    assert.equal(r.body.Success, true, JSON.stringify(r.body));
    return r.body.Result as { Id: number; Code: string };
  },
  hesabfaSale: async () => {
    const r = await call(t.app, 'POST', '/v1/invoice/save', { ...hesabfaAuth.admin, invoice: hesabfaInvoice(0) });
    assert.equal(r.body.Success, true, JSON.stringify(r.body));
    return r.body.Result as { Id: number; Number: number };
  },
  hesabfaReceipt: async () => {
    const r = await call(t.app, 'POST', '/v1/invoice/savepayment', { ...hesabfaAuth.admin, number: shared.hesabfaSale.Number, amount: 1, transactionNumber: '-', transactionFee: '0' });
    assert.equal(r.body.Success, true, JSON.stringify(r.body));
    return r.body.Result as { Number: number };
  },
  chortkePerson: async () => {
    const r = await call(t.app, 'POST', '/v2/persons', { nickName: `شخص ${uniq()}`, personType: 'customer' }, chortkeAuth.admin);
    assert.ok(r.status < 300, JSON.stringify(r.body));
    return r.body.person.id as number;
  },
};

/** Objects several reads share, made once. */
const shared: Json = {};
const sibaAuth = {} as Record<Role, Record<string, string>>;
const hesabfaAuth = {} as Record<Role, Json>;
const chortkeAuth = {} as Record<Role, Record<string, string>>;
const password = (role: Role) => `${role}-sweep-password`;

function sale(quantity = 1) {
  return { invoiceType: 2, invoiceDate: '1404/06/02', personId: shared.customerId, details: [{ itemId: shared.stockedId, itemType: 0, quantity, price: 1000, taxPerc: 0 }] };
}
async function postedSale(): Promise<number> {
  return (await must('POST', '/api/factors', sale())).data.factor.factorId;
}

const q = (url: string): Variant['request'] => async () => ({ url });

/** /daftar/v1 has no loopback trust: the fixtures it makes go with the owner's API token. */
async function owner(url: string, body: unknown): Promise<Json> {
  const r = await call(t.app, 'POST', url, body, { authorization: 'Bearer test-api-token-a' });
  assert.ok(r.status < 300, `POST ${url}: ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}
const cheques = {
  received: async () => (await owner('/daftar/v1/cheques', { direction: 'received', partyId: shared.customerId, amount: '1', number: `R${uniq()}`, dueDate: '1405/12/01' })).id as number,
  deposited: async () => {
    const id = await cheques.received();
    await owner(`/daftar/v1/cheques/${id}/deposit`, { bankAccountId: await fx.bank() });
    return id;
  },
  issued: async () =>
    (await owner('/daftar/v1/cheques', { direction: 'issued', partyId: shared.customerId, amount: '1', number: `I${uniq()}`, dueDate: '1405/12/01', bankAccountId: await fx.bank() })).id as number,
};
/** The fiscal year 1404 (the sweep's purchase is dated in it), and putting it back open. */
async function year1404(): Promise<number> {
  const r = await call(t.app, 'GET', '/daftar/v1/fiscalYears', undefined, { authorization: 'Bearer test-api-token-a' });
  return r.body.items.find((f: { jalaliYear: number }) => f.jalaliYear === 1404).id as number;
}
async function reopen1404(): Promise<void> {
  const id = await year1404();
  const r = await call(t.app, 'GET', '/daftar/v1/fiscalYears', undefined, { authorization: 'Bearer test-api-token-a' });
  if (r.body.items.find((f: { id: number; closed: boolean }) => f.id === id).closed) await owner(`/daftar/v1/fiscalYears/${id}/reopen`, {});
}
/** Rotating Chortke's keys revokes the sweep's own Chortke tokens: issue them again. */
async function reissueChortke(): Promise<void> {
  await transact(t.database.db, async (tx) => {
    for (const role of ROLES) chortkeAuth[role] = { authorization: `Bearer ${await issueCredential(tx, t.business.businessId, 'chortke', { userId: sweepUsers[role] })}` };
  });
}
const sweepUsers = {} as Record<Role, number>;
/** h3: a fresh warehouse's id (Daftar addresses warehouses by id). */
async function daftarWarehouse(): Promise<number> {
  const r = await call(t.app, 'POST', '/daftar/v1/warehouses', { name: `انبار ${uniq()}` }, sibaAuth.admin);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id as number;
}

async function partyGroup(): Promise<number> {
  const r = await call(t.app, 'POST', '/daftar/v1/partyGroups', { name: `گروه ${uniq()}` }, sibaAuth.admin);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id as number;
}
/** lead: the seeded account bound to a role, and a fresh manual voucher (as the admin). */
async function ledgerAccount(role: string): Promise<number> {
  const r = await call(t.app, 'GET', '/daftar/v1/accounts', undefined, sibaAuth.admin);
  return r.body.items.find((a: { role: string | null }) => a.role === role).id as number;
}
async function manualVoucherBody() {
  return { lines: [{ accountId: await ledgerAccount('cash'), debit: '1' }, { accountId: await ledgerAccount('receivable'), partyId: shared.customerId, credit: '1' }] };
}
async function manualVoucher(): Promise<number> {
  const r = await call(t.app, 'POST', '/daftar/v1/vouchers', await manualVoucherBody(), sibaAuth.admin);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id as number;
}

/** issue 21: a Hesabfa invoice body (0 sale, 1 purchase) of one unit of the stocked product. */
function hesabfaInvoice(type: 0 | 1) {
  return { Number: null, InvoiceType: type, ContactCode: shared.hesabfaContact.Code, InvoiceItems: [{ ItemCode: shared.stockedCode, Quantity: 1, UnitPrice: 1000, Discount: 0, Tax: 0 }] };
}
/** The change hook set by a call of the sweep, removed again (its deliveries would only fail). */
async function removeHook(): Promise<void> {
  await call(t.app, 'POST', '/v1/setting/SetChangeHook', { ...hesabfaAuth.admin, url: '', hookPassword: '' });
}

/** method + path (as /openapi.json names it) → the variants of a valid call and what each needs. */
const ROUTES: Record<string, Variant[]> = {
  'GET /api/users': [{ needs: ['user.read'], request: q('/api/users') }],
  'POST /api/users': [{ needs: ['user.manage'], request: async () => ({ url: '/api/users', body: { userName: `new-${uniq()}`, password: 'new-password-1', role: 'clerk' } }) }],
  'PUT /api/users': [{ needs: ['user.manage'], request: async () => ({ url: '/api/users', body: { userId: await fx.user(), fullName: 'نام تازه' } }) }],
  'POST /api/users/login': [{ needs: [], request: async (role) => ({ url: '/api/users/login', body: { userName: `sweep-${role}`, password: password(role) } }) }],

  'GET /api/products': [{ needs: ['product.read'], request: q('/api/products') }],
  'POST /api/products': [{ needs: ['product.write'], request: async () => ({ url: '/api/products', body: { name: `کالای تازه ${uniq()}`, sellPrice: 10 } }) }],
  'PUT /api/products': [{ needs: ['product.write'], request: async () => ({ url: '/api/products', body: { productId: await fx.product(), name: `نام تازه ${uniq()}` } }) }],
  'DELETE /api/products': [{ needs: ['product.write'], request: async () => ({ url: `/api/products?productId=${await fx.product()}` }) }],
  'GET /api/products/stock': [{ needs: ['stock.read'], request: async () => ({ url: `/api/products/stock?productId=${shared.stockedId}` }) }],
  'GET /api/products/{id}': [{ needs: ['product.read'], request: async () => ({ url: `/api/products/${shared.stockedId}` }) }],
  'GET /api/products/image/{id}': [{ needs: ['product.read'], request: async () => ({ url: `/api/products/image/${shared.imageProductId}` }) }],
  'PUT /api/products/image/{id}': [
    { needs: ['product.write'], request: async () => ({ url: `/api/products/image/${await fx.product()}`, raw: { payload: PNG, contentType: 'image/png' } }) },
  ],
  'GET /api/products/group': [{ needs: ['product.read'], request: q('/api/products/group') }],
  'POST /api/products/group': [{ needs: ['product.write'], request: async () => ({ url: '/api/products/group', body: { groupName: `گروه تازه ${uniq()}`, parentId: 0 } }) }],
  'PUT /api/products/group': [{ needs: ['product.write'], request: async () => ({ url: '/api/products/group', body: { groupId: await fx.group(), groupName: `گروه ${uniq()}` } }) }],
  'DELETE /api/products/group': [{ needs: ['product.write'], request: async () => ({ url: `/api/products/group?id=${await fx.group()}` }) }],
  'GET /api/products/unit': [{ needs: ['product.read'], request: q('/api/products/unit') }],
  'POST /api/products/unit': [{ needs: ['product.write'], request: async () => ({ url: '/api/products/unit', body: { unitName: `واحد تازه ${uniq()}` } }) }],
  'PUT /api/products/unit': [{ needs: ['product.write'], request: async () => ({ url: '/api/products/unit', body: { unitId: await fx.unit(), unitName: `واحد ${uniq()}` } }) }],
  'DELETE /api/products/unit': [{ needs: ['product.write'], request: async () => ({ url: `/api/products/unit?id=${await fx.unit()}` }) }],
  'GET /api/products/barcode': [{ needs: ['product.read'], request: async () => ({ url: `/api/products/barcode?productId=${shared.stockedId}` }) }],
  'POST /api/products/barcode': [
    { needs: ['product.write'], request: async () => ({ url: '/api/products/barcode', body: { productId: shared.stockedId, barcode: `62610${String(uniq()).padStart(8, '0')}` } }) },
  ],
  'DELETE /api/products/barcode': [{ needs: ['product.write'], request: async () => ({ url: `/api/products/barcode?id=${await fx.barcode(shared.stockedId)}` }) }],
  'GET /api/products/warehouse': [{ needs: ['product.read'], request: q('/api/products/warehouse') }],
  'POST /api/products/warehouse': [{ needs: ['warehouse.write'], request: async () => ({ url: '/api/products/warehouse', body: { warehouseName: `انبار تازه ${uniq()}` } }) }],
  'PUT /api/products/warehouse': [
    { needs: ['warehouse.write'], request: async () => ({ url: '/api/products/warehouse', body: { warehouseCode: await fx.warehouse(), warehouseName: `انبار ${uniq()}` } }) },
  ],
  'DELETE /api/products/warehouse': [{ needs: ['warehouse.write'], request: async () => ({ url: `/api/products/warehouse?warehouseCode=${await fx.warehouse()}` }) }],

  'GET /api/customers': [{ needs: ['party.read'], request: q('/api/customers') }],
  'POST /api/customers': [
    { needs: ['party.create'], request: async () => ({ url: '/api/customers', body: { lastName: `مشتری تازه ${uniq()}` } }) },
    { needs: ['party.create', 'opening.write'], label: 'with initialBalance', request: async () => ({ url: '/api/customers', body: { lastName: `مشتری ${uniq()}`, initialBalance: 1000 } }) },
  ],
  'PUT /api/customers': [{ needs: ['party.update'], request: async () => ({ url: '/api/customers', body: { customerId: await fx.customer(), city: 'قم' } }) }],
  'DELETE /api/customers': [{ needs: ['party.update'], request: async () => ({ url: `/api/customers?customerId=${await fx.customer()}` }) }],
  'GET /api/customers/{id}': [{ needs: ['party.read'], request: async () => ({ url: `/api/customers/${shared.customerId}` }) }],
  'GET /api/customers/group': [{ needs: ['party.read'], request: q('/api/customers/group') }],
  'POST /api/customers/group': [{ needs: ['party.update'], request: async () => ({ url: '/api/customers/group', body: { groupName: `گروه مشتری تازه ${uniq()}`, parentId: 0 } }) }],
  'PUT /api/customers/group': [
    { needs: ['party.update'], request: async () => ({ url: '/api/customers/group', body: { groupId: await fx.customerGroup(), groupName: `گروه ${uniq()}` } }) },
  ],
  'DELETE /api/customers/group': [{ needs: ['party.update'], request: async () => ({ url: `/api/customers/group?groupId=${await fx.customerGroup()}` }) }],
  'GET /api/customers/tel': [{ needs: ['party.read'], request: async () => ({ url: `/api/customers/tel?customerId=${shared.customerId}` }) }],
  'POST /api/customers/tel': [
    { needs: ['party.update'], request: async () => ({ url: `/api/customers/tel?customerId=${shared.customerId}&tel=0218${String(uniq()).padStart(7, '0')}` }) },
  ],
  'DELETE /api/customers/tel': [{ needs: ['party.update'], request: async () => ({ url: `/api/customers/tel?telId=${await fx.tel(shared.customerId)}` }) }],

  'GET /api/cashRegister': [{ needs: ['moneyAccount.read'], request: q('/api/cashRegister') }],
  'POST /api/cashRegister': [
    { needs: ['moneyAccount.write'], request: async () => ({ url: '/api/cashRegister', body: { name: `صندوق تازه ${uniq()}` } }) },
  ],
  'PUT /api/cashRegister': [{ needs: ['moneyAccount.write'], request: async () => ({ url: '/api/cashRegister', body: { cashRegisterId: await fx.cashRegister(), name: `صندوق ${uniq()}` } }) }],
  'GET /api/banks': [{ needs: ['moneyAccount.read'], request: q('/api/banks') }],
  'POST /api/banks': [{ needs: ['moneyAccount.write'], request: async () => ({ url: '/api/banks', body: { bankName: `بانک تازه ${uniq()}` } }) }],
  'PUT /api/banks': [{ needs: ['moneyAccount.write'], request: async () => ({ url: '/api/banks', body: { bankId: await fx.bank(), branch: 'تجریش' } }) }],
  'POST /api/payments': [
    {
      needs: ['payment.receipt.create'],
      label: 'receipt for a sale',
      request: async () => ({ url: '/api/payments', body: { kind: 'receipt', personId: shared.customerId, amount: 100, cashRegisterId: shared.cashRegisterId, factorId: await postedSale(), date: '1404/06/03' } }),
    },
    {
      needs: ['payment.create'],
      label: 'payment out',
      request: async () => ({ url: '/api/payments', body: { kind: 'payment', personId: shared.customerId, amount: 10, cashRegisterId: shared.cashRegisterId, date: '1404/06/03' } }),
    },
  ],
  'GET /api/payments': [{ needs: ['payment.receipt.read'], request: q('/api/payments') }],
  'GET /api/history': [{ needs: ['history.read'], request: q('/api/history') }],

  'POST /api/factors': [
    { needs: ['invoice.sale.create'], label: 'sale', request: async () => ({ url: '/api/factors', body: sale() }) },
    {
      needs: ['invoice.create'],
      label: 'purchase',
      request: async () => ({
        url: '/api/factors',
        body: { invoiceType: 1, invoiceDate: '1404/06/01', personId: shared.customerId, details: [{ itemId: shared.stockedId, itemType: 0, quantity: 1, price: 500, taxPerc: 0 }] },
      }),
    },
  ],
  'GET /api/factors': [
    { needs: ['invoice.sale.read'], label: 'all (a clerk sees sales)', request: q('/api/factors') },
    { needs: ['invoice.read'], label: 'purchases', request: q('/api/factors?invoiceType=1') },
  ],
  'DELETE /api/factors': [{ needs: ['invoice.void'], request: async () => ({ url: `/api/factors?factorId=${await postedSale()}` }) }],
  'GET /api/factors/{id}': [
    { needs: ['invoice.sale.read'], label: 'a sale', request: async () => ({ url: `/api/factors/${shared.saleId}` }) },
    { needs: ['invoice.read'], label: 'a purchase', request: async () => ({ url: `/api/factors/${shared.purchaseId}` }) },
  ],
  'DELETE /api/factors/{id}': [{ needs: ['invoice.void'], request: async () => ({ url: `/api/factors/${await postedSale()}` }) }],

  'GET /api/reports/trial-balance': [{ needs: ['report.financial.read'], request: q('/api/reports/trial-balance') }],
  'GET /api/reports/person-statement': [{ needs: ['report.financial.read'], request: async () => ({ url: `/api/reports/person-statement?personId=${shared.customerId}` }) }],
  'GET /api/reports/stock-card': [{ needs: ['report.financial.read'], request: async () => ({ url: `/api/reports/stock-card?productId=${shared.stockedId}` }) }],
  'GET /api/reports/inventory-valuation': [{ needs: ['report.financial.read'], request: q('/api/reports/inventory-valuation') }],
  'GET /api/reports/sales': [{ needs: ['report.financial.read'], request: q('/api/reports/sales') }],
  'GET /api/reports/profit-loss': [{ needs: ['report.financial.read'], request: q('/api/reports/profit-loss') }],
  'GET /api/reports/balance-sheet': [{ needs: ['report.financial.read'], request: q('/api/reports/balance-sheet') }],
  'GET /api/reports/reorder': [{ needs: ['stock.read'], request: q('/api/reports/reorder') }],
  'GET /api/reports/verify': [{ needs: ['report.financial.read'], request: q('/api/reports/verify') }],

  'POST /v1/item/get': [{ needs: ['product.read'], request: async () => ({ url: '/v1/item/get', body: { code: shared.hesabfaCode } }) }],
  'POST /v1/item/getByBarcode': [{ needs: ['product.read'], request: async () => ({ url: '/v1/item/getByBarcode', body: { barcode: shared.barcode } }) }],
  'POST /v1/item/getById': [{ needs: ['product.read'], request: async () => ({ url: '/v1/item/getById', body: { idList: [shared.hesabfaId] } }) }],
  'POST /v1/item/getitems': [{ needs: ['product.read'], request: async () => ({ url: '/v1/item/getitems', body: { queryInfo: { Take: 5 } } }) }],
  'POST /v1/item/save': [{ needs: ['product.write'], request: async () => ({ url: '/v1/item/save', body: { item: { Name: `کالای تازه حسابفا ${uniq()}`, ItemType: 0 } } }) }],
  'POST /v1/item/batchsave': [
    { needs: ['product.write'], request: async () => ({ url: '/v1/item/batchsave', body: { items: [{ Name: `دسته ${uniq()}`, ItemType: 0 }, { Name: `دسته ${uniq()}`, ItemType: 1 }] } }) },
  ],
  'POST /v1/item/delete': [{ needs: ['product.write'], request: async () => ({ url: '/v1/item/delete', body: { code: (await fx.hesabfaItem()).Code } }) }],
  'POST /v1/item/GetQuantity': [{ needs: ['stock.read'], request: async () => ({ url: '/v1/item/GetQuantity', body: { codes: [shared.hesabfaCode] } }) }],
  'POST /v1/item/UpdateOpeningQuantity': [
    { needs: ['opening.write'], request: async () => ({ url: '/v1/item/UpdateOpeningQuantity', body: { items: [{ Code: (await fx.hesabfaItem()).Code, Quantity: 3, UnitPrice: 100 }] } }) },
  ],

  // issue 21: the rest of a shop's sync (setting/*, contact/*, invoice/*, receipt/*)
  'POST /v1/setting/SetChangeHook': [{ needs: ['webhook.manage'], request: async () => ({ url: '/v1/setting/SetChangeHook', body: { url: 'http://127.0.0.1:9/hook', hookPassword: 'x' } }), after: removeHook }],
  'POST /v1/setting/GetChanges': [{ needs: ['history.read'], request: async () => ({ url: '/v1/setting/GetChanges', body: { start: 0 } }) }],
  'POST /v1/setting/GetFiscalYear': [{ needs: [], request: async () => ({ url: '/v1/setting/GetFiscalYear', body: {} }) }],
  'POST /v1/setting/getCurrency': [{ needs: [], request: async () => ({ url: '/v1/setting/getCurrency', body: {} }) }],
  'POST /v1/setting/getBusinessInfo': [{ needs: [], request: async () => ({ url: '/v1/setting/getBusinessInfo', body: {} }) }],
  'POST /v1/setting/GetWarehouses': [{ needs: ['product.read'], request: async () => ({ url: '/v1/setting/GetWarehouses', body: {} }) }],
  'POST /v1/setting/getProjects': [{ needs: [], request: async () => ({ url: '/v1/setting/getProjects', body: {} }) }],
  'POST /v1/setting/getSalesmen': [{ needs: [], request: async () => ({ url: '/v1/setting/getSalesmen', body: {} }) }],
  'POST /v1/setting/getBanks': [{ needs: ['moneyAccount.read'], request: async () => ({ url: '/v1/setting/getBanks', body: {} }) }],
  'POST /v1/setting/GetCashes': [{ needs: ['moneyAccount.read'], request: async () => ({ url: '/v1/setting/GetCashes', body: {} }) }],
  'POST /v1/setting/GetAccounts': [{ needs: ['ledger.read'], request: async () => ({ url: '/v1/setting/GetAccounts', body: {} }) }],
  'POST /v1/setting/GetProductCategories': [{ needs: ['product.read'], request: async () => ({ url: '/v1/setting/GetProductCategories', body: {} }) }],
  'POST /v1/setting/GetContactCategories': [{ needs: ['party.read'], request: async () => ({ url: '/v1/setting/GetContactCategories', body: {} }) }],
  'POST /v1/contact/get': [{ needs: ['party.read'], request: async () => ({ url: '/v1/contact/get', body: { code: shared.hesabfaContact.Code } }) }],
  'POST /v1/contact/getById': [{ needs: ['party.read'], request: async () => ({ url: '/v1/contact/getById', body: { idList: [shared.hesabfaContact.Id] } }) }],
  'POST /v1/contact/getcontacts': [{ needs: ['party.read'], request: async () => ({ url: '/v1/contact/getcontacts', body: { queryInfo: { Take: 5 } } }) }],
  'POST /v1/contact/save': [
    { needs: ['party.create'], label: 'new', request: async () => ({ url: '/v1/contact/save', body: { contact: { Code: null, Name: `مشتری تازه ${uniq()}` } } }) },
    { needs: ['party.update'], label: 'known code', request: async () => ({ url: '/v1/contact/save', body: { contact: { Code: (await fx.hesabfaContact()).Code, City: `شهر ${uniq()}` } } }) },
  ],
  'POST /v1/contact/batchsave': [{ needs: ['party.create'], request: async () => ({ url: '/v1/contact/batchsave', body: { contacts: [{ Name: `دسته ${uniq()}` }, { Name: `دسته ${uniq()}` }] } }) }],
  'POST /v1/contact/delete': [{ needs: ['party.update'], request: async () => ({ url: '/v1/contact/delete', body: { code: (await fx.hesabfaContact()).Code } }) }],
  'POST /v1/contact/findByPhoneOrEmail': [{ needs: ['party.read'], request: async () => ({ url: '/v1/contact/findByPhoneOrEmail', body: { mobile: '09120000000', email: 'x@example.com' } }) }],
  'POST /v1/invoice/save': [
    { needs: ['invoice.sale.create'], label: 'sale', request: async () => ({ url: '/v1/invoice/save', body: { invoice: hesabfaInvoice(0) } }) },
    { needs: ['invoice.create'], label: 'purchase', request: async () => ({ url: '/v1/invoice/save', body: { invoice: hesabfaInvoice(1) } }) },
    { needs: ['invoice.void', 'invoice.sale.create'], label: 'sale re-saved by number', request: async () => ({ url: '/v1/invoice/save', body: { invoice: { ...hesabfaInvoice(0), Number: (await fx.hesabfaSale()).Number } } }) },
  ],
  'POST /v1/invoice/get': [{ needs: ['invoice.sale.read'], request: async () => ({ url: '/v1/invoice/get', body: { number: shared.hesabfaSale.Number, type: 0 } }) }],
  'POST /v1/invoice/getById': [{ needs: ['invoice.sale.read'], request: async () => ({ url: '/v1/invoice/getById', body: { id: shared.hesabfaSale.Id } }) }],
  'POST /v1/invoice/getinvoices': [{ needs: ['invoice.sale.read'], request: async () => ({ url: '/v1/invoice/getinvoices', body: { type: 0, queryInfo: { Take: 5 } } }) }],
  'POST /v1/invoice/delete': [{ needs: ['invoice.void'], request: async () => ({ url: '/v1/invoice/delete', body: { code: (await fx.hesabfaSale()).Number, type: 0 } }) }],
  'POST /v1/invoice/savepayment': [{ needs: ['payment.receipt.create'], request: async () => ({ url: '/v1/invoice/savepayment', body: { number: shared.hesabfaSale.Number, amount: 1, transactionNumber: '-', transactionFee: 0 } }) }],
  'POST /v1/invoice/SaveWarehouseReceipt': [{ needs: ['invoice.sale.read'], request: async () => ({ url: '/v1/invoice/SaveWarehouseReceipt', body: { receipt: { InvoiceNumber: shared.hesabfaSale.Number, InvoiceType: 0, Items: [] } } }) }],
  'POST /v1/invoice/getWarehouseReceipt': [{ needs: ['invoice.sale.read'], request: async () => ({ url: '/v1/invoice/getWarehouseReceipt', body: { idList: [shared.hesabfaSale.Id] } }) }],
  'POST /v1/receipt/getReceipts': [{ needs: ['payment.receipt.read'], request: async () => ({ url: '/v1/receipt/getReceipts', body: { type: 1, queryInfo: { filters: [{ Property: 'Invoice.Number', Operator: '=', Value: shared.hesabfaSale.Number }] } } }) }],
  'POST /v1/receipt/delete': [{ needs: ['payment.void'], request: async () => ({ url: '/v1/receipt/delete', body: { type: 1, number: (await fx.hesabfaReceipt()).Number } }) }],
  'GET /daftar/v1/webhooks/deliveries': [{ needs: ['webhook.manage'], request: q('/daftar/v1/webhooks/deliveries') }],
  'GET /daftar/v1/webhooks/hook': [{ needs: ['webhook.manage'], request: q('/daftar/v1/webhooks/hook') }],
  'PUT /daftar/v1/webhooks/hook': [{ needs: ['webhook.manage'], request: async () => ({ url: '/daftar/v1/webhooks/hook', body: { url: 'http://127.0.0.1:9/hook' } }), after: removeHook }],

  // Daftar's own API: a user's bearer token (here the Siba login session of each role).
  'POST /daftar/v1/backups': [{ needs: ['backup.manage'], request: q('/daftar/v1/backups') }],
  'GET /daftar/v1/backups': [{ needs: ['backup.manage'], request: q('/daftar/v1/backups') }],
  'GET /daftar/v1/backups/{id}': [{ needs: ['backup.manage'], request: async () => ({ url: `/daftar/v1/backups/${shared.backupId}` }) }],

  'GET /v2/products': [{ needs: ['product.read'], request: q('/v2/products') }],
  'POST /v2/products': [{ needs: ['product.write'], request: async () => ({ url: '/v2/products', body: { title: `محصول تازه ${uniq()}` } }) }],
  'GET /v2/products/{id}': [{ needs: ['product.read'], request: async () => ({ url: `/v2/products/${shared.stockedId}` }) }],
  'PUT /v2/products/{id}': [{ needs: ['product.write'], request: async () => ({ url: `/v2/products/${await fx.chortkeProduct()}`, body: { title: `محصول ${uniq()}` } }) }],
  'DELETE /v2/products/{id}': [{ needs: ['product.write'], request: async () => ({ url: `/v2/products/${await fx.chortkeProduct()}` }) }],
  'GET /v2/persons': [{ needs: ['party.read'], request: q('/v2/persons') }],
  'POST /v2/persons': [{ needs: ['party.create'], request: async () => ({ url: '/v2/persons', body: { nickName: `شخص تازه ${uniq()}`, personType: 'customer' } }) }],
  'GET /v2/persons/{id}': [{ needs: ['party.read'], request: async () => ({ url: `/v2/persons/${shared.customerId}` }) }],
  'PUT /v2/persons/{id}': [{ needs: ['party.update'], request: async () => ({ url: `/v2/persons/${await fx.chortkePerson()}`, body: { city: 'شیراز' } }) }],
  'DELETE /v2/persons/{id}': [{ needs: ['party.update'], request: async () => ({ url: `/v2/persons/${await fx.chortkePerson()}` }) }],
  'GET /v2/personTypes': [{ needs: ['party.read'], request: q('/v2/personTypes') }],
  'GET /v2/categories': [
    { needs: ['product.read'], label: 'products', request: q('/v2/categories?type=products') },
    { needs: ['party.read'], label: 'persons', request: q('/v2/categories?type=persons') },
  ],

  // h2: /daftar/v1 products, product groups, units
  'GET /daftar/v1/products': [{ needs: ['product.read', 'stock.read'], request: q('/daftar/v1/products?limit=5') }],
  'POST /daftar/v1/products': [{ needs: ['product.write'], request: async () => ({ url: '/daftar/v1/products', body: { name: `کالای دفتر ${uniq()}`, sellPrice: '10' } }) }],
  'GET /daftar/v1/products/{id}': [{ needs: ['product.read', 'stock.read'], request: async () => ({ url: `/daftar/v1/products/${shared.stockedId}` }) }],
  'PATCH /daftar/v1/products/{id}': [{ needs: ['product.write'], request: async () => ({ url: `/daftar/v1/products/${await fx.product()}`, body: { name: `نام ${uniq()}` } }) }],
  'DELETE /daftar/v1/products/{id}': [{ needs: ['product.write'], request: async () => ({ url: `/daftar/v1/products/${await fx.product()}` }) }],
  'GET /daftar/v1/products/by-barcode/{barcode}': [{ needs: ['product.read', 'stock.read'], request: async () => ({ url: `/daftar/v1/products/by-barcode/${shared.barcode}` }) }],
  'GET /daftar/v1/productGroups': [{ needs: ['product.read'], request: q('/daftar/v1/productGroups') }],
  'POST /daftar/v1/productGroups': [{ needs: ['product.write'], request: async () => ({ url: '/daftar/v1/productGroups', body: { name: `گروه دفتر ${uniq()}` } }) }],
  'PATCH /daftar/v1/productGroups/{id}': [{ needs: ['product.write'], request: async () => ({ url: `/daftar/v1/productGroups/${await fx.group()}`, body: { name: `گروه ${uniq()}` } }) }],
  'DELETE /daftar/v1/productGroups/{id}': [{ needs: ['product.write'], request: async () => ({ url: `/daftar/v1/productGroups/${await fx.group()}` }) }],
  'GET /daftar/v1/units': [{ needs: ['product.read'], request: q('/daftar/v1/units') }],
  'POST /daftar/v1/units': [{ needs: ['product.write'], request: async () => ({ url: '/daftar/v1/units', body: { name: `واحد دفتر ${uniq()}` } }) }],
  'PATCH /daftar/v1/units/{id}': [{ needs: ['product.write'], request: async () => ({ url: `/daftar/v1/units/${await fx.unit()}`, body: { name: `واحد ${uniq()}` } }) }],
  'DELETE /daftar/v1/units/{id}': [{ needs: ['product.write'], request: async () => ({ url: `/daftar/v1/units/${await fx.unit()}` }) }],
  // h4: payments, money accounts, reports, history on /daftar/v1
  'GET /daftar/v1/payments': [{ needs: ['payment.receipt.read'], request: q('/daftar/v1/payments') }],
  'GET /daftar/v1/payments/{id}': [
    {
      needs: ['payment.receipt.read'],
      request: async () => ({ url: `/daftar/v1/payments/${(await must('POST', '/api/payments', { kind: 'receipt', personId: shared.customerId, amount: 1 })).data.payment.paymentId}` }),
    },
  ],
  'POST /daftar/v1/payments': [
    { needs: ['payment.receipt.create'], label: 'in', request: async () => ({ url: '/daftar/v1/payments', body: { direction: 'in', partyId: shared.customerId, amount: '1', method: 'cash' } }) },
    {
      needs: ['payment.create'],
      label: 'out',
      request: async () => {
        const cashRegisterId = (await must('POST', '/api/cashRegister', { name: `صندوق ${uniq()}`, initialBalance: 100 })).data.cashRegister.cashRegisterId;
        return { url: '/daftar/v1/payments', body: { direction: 'out', partyId: shared.customerId, amount: '1', method: 'cash', cashRegisterId } };
      },
    },
  ],
  'GET /daftar/v1/cashRegisters': [{ needs: ['moneyAccount.read'], request: q('/daftar/v1/cashRegisters') }],
  'POST /daftar/v1/cashRegisters': [{ needs: ['moneyAccount.write'], request: async () => ({ url: '/daftar/v1/cashRegisters', body: { name: `صندوق تازه ${uniq()}` } }) }],
  'PATCH /daftar/v1/cashRegisters/{id}': [{ needs: ['moneyAccount.write'], request: async () => ({ url: `/daftar/v1/cashRegisters/${await fx.cashRegister()}`, body: { name: `صندوق ${uniq()}` } }) }],
  'GET /daftar/v1/bankAccounts': [{ needs: ['moneyAccount.read'], request: q('/daftar/v1/bankAccounts') }],
  'POST /daftar/v1/bankAccounts': [{ needs: ['moneyAccount.write'], request: async () => ({ url: '/daftar/v1/bankAccounts', body: { bankName: `بانک ${uniq()}` } }) }],
  'PATCH /daftar/v1/bankAccounts/{id}': [{ needs: ['moneyAccount.write'], request: async () => ({ url: `/daftar/v1/bankAccounts/${await fx.bank()}`, body: { branch: `شعبه ${uniq()}` } }) }],
  'GET /daftar/v1/reports/dashboard': [{ needs: ['report.financial.read'], request: q('/daftar/v1/reports/dashboard') }],
  'GET /daftar/v1/reports/trial-balance': [{ needs: ['report.financial.read'], request: q('/daftar/v1/reports/trial-balance') }],
  'GET /daftar/v1/reports/profit-and-loss': [{ needs: ['report.financial.read'], request: q('/daftar/v1/reports/profit-and-loss') }],
  'GET /daftar/v1/reports/balance-sheet': [{ needs: ['report.financial.read'], request: q('/daftar/v1/reports/balance-sheet') }],
  'GET /daftar/v1/reports/inventory-valuation': [{ needs: ['report.financial.read'], request: q('/daftar/v1/reports/inventory-valuation') }],
  'GET /daftar/v1/reports/stock-card': [{ needs: ['report.financial.read'], request: async () => ({ url: `/daftar/v1/reports/stock-card?productId=${shared.stockedId}` }) }],
  'GET /daftar/v1/reports/sales': [{ needs: ['report.financial.read'], request: q('/daftar/v1/reports/sales') }],
  'GET /daftar/v1/reports/verify': [{ needs: ['report.financial.read'], request: q('/daftar/v1/reports/verify') }],
  'GET /daftar/v1/auditEntries': [{ needs: ['history.read'], request: q('/daftar/v1/auditEntries') }],
  // issue 20/22: surface keys, payment voids, removing money accounts, cheques, money reports
  'POST /daftar/v1/surfaceCredentials/{surface}': [{ needs: ['credential.rotate'], request: async () => ({ url: '/daftar/v1/surfaceCredentials/chortke', body: {} }), after: reissueChortke }],
  'POST /daftar/v1/payments/{id}/void': [
    {
      needs: ['payment.void'],
      request: async () => ({ url: `/daftar/v1/payments/${(await must('POST', '/api/payments', { kind: 'receipt', personId: shared.customerId, amount: 1 })).data.payment.paymentId}/void`, body: {} }),
    },
  ],
  'DELETE /daftar/v1/cashRegisters/{id}': [{ needs: ['moneyAccount.write'], request: async () => ({ url: `/daftar/v1/cashRegisters/${await fx.cashRegister()}` }) }],
  'DELETE /daftar/v1/bankAccounts/{id}': [{ needs: ['moneyAccount.write'], request: async () => ({ url: `/daftar/v1/bankAccounts/${await fx.bank()}` }) }],
  'GET /daftar/v1/cheques': [{ needs: ['cheque.read'], request: q('/daftar/v1/cheques') }],
  'GET /daftar/v1/cheques/{id}': [{ needs: ['cheque.read'], request: async () => ({ url: `/daftar/v1/cheques/${await cheques.received()}` }) }],
  'POST /daftar/v1/cheques': [
    { needs: ['payment.receipt.create'], label: 'received', request: async () => ({ url: '/daftar/v1/cheques', body: { direction: 'received', partyId: shared.customerId, amount: '1', number: `R${uniq()}`, dueDate: '1405/12/01' } }) },
    {
      needs: ['payment.create'],
      label: 'issued',
      request: async () => ({ url: '/daftar/v1/cheques', body: { direction: 'issued', partyId: shared.customerId, amount: '1', number: `I${uniq()}`, dueDate: '1405/12/01', bankAccountId: await fx.bank() } }),
    },
  ],
  'POST /daftar/v1/cheques/{id}/deposit': [{ needs: ['cheque.write'], request: async () => ({ url: `/daftar/v1/cheques/${await cheques.received()}/deposit`, body: { bankAccountId: await fx.bank() } }) }],
  'POST /daftar/v1/cheques/{id}/clear': [{ needs: ['cheque.write'], request: async () => ({ url: `/daftar/v1/cheques/${await cheques.deposited()}/clear`, body: {} }) }],
  'POST /daftar/v1/cheques/{id}/bounce': [{ needs: ['cheque.write'], request: async () => ({ url: `/daftar/v1/cheques/${await cheques.deposited()}/bounce`, body: {} }) }],
  'POST /daftar/v1/cheques/{id}/return': [{ needs: ['cheque.write'], request: async () => ({ url: `/daftar/v1/cheques/${await cheques.received()}/return`, body: {} }) }],
  'POST /daftar/v1/cheques/{id}/endorse': [{ needs: ['cheque.write'], request: async () => ({ url: `/daftar/v1/cheques/${await cheques.received()}/endorse`, body: { partyId: await fx.customer() } }) }],
  'POST /daftar/v1/cheques/{id}/cancel': [{ needs: ['cheque.write'], request: async () => ({ url: `/daftar/v1/cheques/${await cheques.issued()}/cancel`, body: {} }) }],
  'POST /daftar/v1/cheques/{id}/revert': [{ needs: ['cheque.write'], request: async () => ({ url: `/daftar/v1/cheques/${await cheques.deposited()}/revert`, body: {} }) }],
  'GET /daftar/v1/fiscalYears': [{ needs: ['ledger.read'], request: q('/daftar/v1/fiscalYears') }],
  'POST /daftar/v1/fiscalYears/{id}/close': [{ needs: ['fiscalYear.close'], request: async () => ({ url: `/daftar/v1/fiscalYears/${await year1404()}/close`, body: {} }), after: reopen1404 }],
  'POST /daftar/v1/fiscalYears/{id}/reopen': [
    {
      needs: ['fiscalYear.reopen'],
      request: async () => {
        const id = await year1404();
        await owner(`/daftar/v1/fiscalYears/${id}/close`, {});
        return { url: `/daftar/v1/fiscalYears/${id}/reopen`, body: {} };
      },
      after: reopen1404,
    },
  ],
  'GET /daftar/v1/reports/cheques-due': [{ needs: ['report.financial.read'], request: q('/daftar/v1/reports/cheques-due') }],
  'GET /daftar/v1/reports/aging': [{ needs: ['report.financial.read'], request: q('/daftar/v1/reports/aging') }],
  'GET /daftar/v1/reports/money-book': [{ needs: ['report.financial.read'], request: async () => ({ url: `/daftar/v1/reports/money-book?cashRegisterId=${shared.cashRegisterId}` }) }],
  // h1: /daftar/v1 invoices (clerk: sales create/read only)
  'GET /daftar/v1/invoices': [
    { needs: ['invoice.sale.read'], label: 'all (a clerk sees sales)', request: q('/daftar/v1/invoices') },
    { needs: ['invoice.read'], label: 'purchases', request: q('/daftar/v1/invoices?type=purchase') },
  ],
  'POST /daftar/v1/invoices': [
    {
      needs: ['invoice.sale.create'],
      label: 'sale',
      request: async () => ({ url: '/daftar/v1/invoices', body: { type: 'sale', date: '1404/06/02', partyId: shared.customerId, lines: [{ productId: shared.stockedId, quantity: '1', unitPrice: '1000', vatRate: '0' }] } }),
    },
    {
      needs: ['invoice.create'],
      label: 'purchase',
      request: async () => ({ url: '/daftar/v1/invoices', body: { type: 'purchase', date: '1404/06/01', partyId: shared.customerId, lines: [{ productId: shared.stockedId, quantity: '1', unitPrice: '500', vatRate: '0' }] } }),
    },
  ],
  'GET /daftar/v1/invoices/{id}': [
    { needs: ['invoice.sale.read'], label: 'a sale', request: async () => ({ url: `/daftar/v1/invoices/${shared.saleId}` }) },
    { needs: ['invoice.read'], label: 'a purchase', request: async () => ({ url: `/daftar/v1/invoices/${shared.purchaseId}` }) },
  ],
  'GET /daftar/v1/invoices/{id}/print': [
    { needs: ['invoice.sale.read'], label: 'a sale', request: async () => ({ url: `/daftar/v1/invoices/${shared.saleId}/print` }) },
    { needs: ['invoice.read'], label: 'a purchase as PDF', request: async () => ({ url: `/daftar/v1/invoices/${shared.purchaseId}/print?output=pdf&format=receipt80` }) },
  ],
  'GET /daftar/v1/payments/{id}/print': [
    {
      needs: ['payment.receipt.read'],
      request: async () => ({ url: `/daftar/v1/payments/${(await must('POST', '/api/payments', { kind: 'receipt', personId: shared.customerId, amount: 1 })).data.payment.paymentId}/print` }),
    },
  ],
  'POST /daftar/v1/invoices/preview': [
    {
      needs: ['invoice.sale.create'],
      label: 'sale',
      request: async () => ({ url: '/daftar/v1/invoices/preview', body: { type: 'sale', partyId: shared.customerId, lines: [{ productId: shared.stockedId, quantity: '1', unitPrice: '1000', vatRate: '0' }] } }),
    },
    {
      needs: ['invoice.create'],
      label: 'purchase',
      request: async () => ({ url: '/daftar/v1/invoices/preview', body: { type: 'purchase', partyId: shared.customerId, lines: [{ productId: shared.stockedId, quantity: '1', unitPrice: '500', vatRate: '0' }] } }),
    },
  ],
  'POST /daftar/v1/invoices/{id}/void': [{ needs: ['invoice.void'], request: async () => ({ url: `/daftar/v1/invoices/${await postedSale()}/void` }) }],
  // h3: /daftar/v1 parties and warehouses
  'GET /daftar/v1/parties': [{ needs: ['party.read'], request: q('/daftar/v1/parties') }],
  'POST /daftar/v1/parties': [{ needs: ['party.create'], request: async () => ({ url: '/daftar/v1/parties', body: { lastName: `شخص دفتر ${uniq()}` } }) }],
  'GET /daftar/v1/parties/{id}': [{ needs: ['party.read'], request: async () => ({ url: `/daftar/v1/parties/${shared.customerId}` }) }],
  'PATCH /daftar/v1/parties/{id}': [{ needs: ['party.update'], request: async () => ({ url: `/daftar/v1/parties/${await fx.customer()}`, body: { address: 'شیراز' } }) }],
  'DELETE /daftar/v1/parties/{id}': [{ needs: ['party.update'], request: async () => ({ url: `/daftar/v1/parties/${await fx.customer()}` }) }],
  'GET /daftar/v1/warehouses': [{ needs: ['product.read'], request: q('/daftar/v1/warehouses') }],
  'POST /daftar/v1/warehouses': [{ needs: ['warehouse.write'], request: async () => ({ url: '/daftar/v1/warehouses', body: { name: `انبار دفتر ${uniq()}` } }) }],
  'PATCH /daftar/v1/warehouses/{id}': [{ needs: ['warehouse.write'], request: async () => ({ url: `/daftar/v1/warehouses/${await daftarWarehouse()}`, body: { name: `انبار ${uniq()}` } }) }],
  'DELETE /daftar/v1/warehouses/{id}': [{ needs: ['warehouse.write'], request: async () => ({ url: `/daftar/v1/warehouses/${await daftarWarehouse()}` }) }],
  // lead: session, users, apiTokens, settings on /daftar/v1
  'POST /daftar/v1/session': [{ needs: [], request: async (role) => ({ url: '/daftar/v1/session', body: { username: `sweep-${role}`, password: password(role) } }) }],
  'GET /daftar/v1/session': [{ needs: [], request: q('/daftar/v1/session') }],
  'DELETE /daftar/v1/session': [{ needs: [], request: q('/daftar/v1/session') }],
  'GET /daftar/v1/users': [{ needs: ['user.read'], request: q('/daftar/v1/users') }],
  'GET /daftar/v1/users/{id}': [{ needs: ['user.read'], request: async () => ({ url: `/daftar/v1/users/${await fx.user()}` }) }],
  'POST /daftar/v1/users': [{ needs: ['user.manage'], request: async () => ({ url: '/daftar/v1/users', body: { username: `u-${uniq()}`, password: 'sweep-password-1', role: 'clerk' } }) }],
  'PATCH /daftar/v1/users/{id}': [{ needs: ['user.manage'], request: async () => ({ url: `/daftar/v1/users/${await fx.user()}`, body: { name: `کاربر ${uniq()}` } }) }],
  'GET /daftar/v1/apiTokens': [{ needs: [], request: q('/daftar/v1/apiTokens') }],
  'POST /daftar/v1/apiTokens': [{ needs: [], request: async () => ({ url: '/daftar/v1/apiTokens', body: { name: `برنامه ${uniq()}` } }) }],
  'DELETE /daftar/v1/apiTokens/{id}': [
    {
      needs: [],
      label: 'own token',
      request: async (role) => {
        const r = await call(t.app, 'POST', '/daftar/v1/apiTokens', { name: `برنامه ${uniq()}` }, sibaAuth[role]);
        assert.equal(r.status, 201, JSON.stringify(r.body));
        return { url: `/daftar/v1/apiTokens/${r.body.id}` };
      },
    },
  ],
  'GET /daftar/v1/settings': [{ needs: [], request: q('/daftar/v1/settings') }],
  'GET /daftar/v1/partyGroups': [{ needs: ['party.read'], request: q('/daftar/v1/partyGroups') }],
  'GET /daftar/v1/partyGroups/{id}': [{ needs: ['party.read'], request: async () => ({ url: `/daftar/v1/partyGroups/${await partyGroup()}` }) }],
  'POST /daftar/v1/partyGroups': [{ needs: ['party.update'], request: async () => ({ url: '/daftar/v1/partyGroups', body: { name: `گروه ${uniq()}` } }) }],
  'PATCH /daftar/v1/partyGroups/{id}': [{ needs: ['party.update'], request: async () => ({ url: `/daftar/v1/partyGroups/${await partyGroup()}`, body: { name: `گروه ${uniq()}` } }) }],
  'DELETE /daftar/v1/partyGroups/{id}': [{ needs: ['party.update'], request: async () => ({ url: `/daftar/v1/partyGroups/${await partyGroup()}` }) }],
  'GET /daftar/v1/accounts': [{ needs: ['ledger.read'], request: q('/daftar/v1/accounts') }],
  'GET /daftar/v1/accounts/{id}': [{ needs: ['ledger.read'], request: async () => ({ url: `/daftar/v1/accounts/${await ledgerAccount('cash')}` }) }],
  'GET /daftar/v1/vouchers': [{ needs: ['ledger.read'], request: q('/daftar/v1/vouchers') }],
  'GET /daftar/v1/vouchers/{id}': [{ needs: ['ledger.read'], request: async () => ({ url: `/daftar/v1/vouchers/${await manualVoucher()}` }) }],
  'POST /daftar/v1/vouchers': [{ needs: ['ledger.write'], request: async () => ({ url: '/daftar/v1/vouchers', body: await manualVoucherBody() }) }],
  'POST /daftar/v1/vouchers/{id}/reverse': [{ needs: ['ledger.write'], request: async () => ({ url: `/daftar/v1/vouchers/${await manualVoucher()}/reverse`, body: {} }) }],
  'GET /daftar/v1/parties/{id}/statement': [{ needs: ['report.financial.read'], request: async () => ({ url: `/daftar/v1/parties/${shared.customerId}/statement` }) }],
  'PUT /daftar/v1/settings': [
    {
      needs: ['settings.write'],
      request: async () => {
        const { vatRates: _, ...current } = (await call(t.app, 'GET', '/daftar/v1/settings', undefined, sibaAuth.admin)).body;
        return { url: '/daftar/v1/settings', body: { ...current, address: `نشانی ${uniq()}` } };
      },
    },
  ],
  // i8: /daftar/v1 Moadian (settings: admin; invoice JSON, send, submissions: admin + accountant)
  'GET /daftar/v1/moadian/settings': [{ needs: ['settings.write'], request: q('/daftar/v1/moadian/settings') }],
  'PUT /daftar/v1/moadian/settings': [{
    needs: ['settings.write'],
    request: async () => (await moadianReady(), { url: '/daftar/v1/moadian/settings', body: { fiscalId: 'A11216', economicCode: '14003778990', baseUrl: 'http://127.0.0.1:9/requestsmanager/api/v2', startsOn: '1399/01/01', defaultInvoiceType: 2 } }),
  }],
  'GET /daftar/v1/invoices/{id}/moadian': [{ needs: ['moadian.read'], request: async () => ({ url: `/daftar/v1/invoices/${await moadianSale()}/moadian` }) }],
  'POST /daftar/v1/invoices/{id}/moadian/send': [{ needs: ['moadian.send'], request: async () => ({ url: `/daftar/v1/invoices/${await moadianSale()}/moadian/send`, body: { invoiceType: 2 } }) }],
  'GET /daftar/v1/moadian/submissions': [{ needs: ['moadian.read'], request: q('/daftar/v1/moadian/submissions') }],
  // issue 24: stock on hand, imports from a spreadsheet
  'GET /daftar/v1/stock': [{ needs: ['stock.read', 'product.read'], request: q('/daftar/v1/stock') }],
  'POST /daftar/v1/imports': [
    { needs: ['import.run', 'product.write'], label: 'products', request: async () => ({ url: '/daftar/v1/imports', body: importBody('products', [['کد کالا', 'نام کالا'], [`IMP${uniq()}`, 'کالای ورودی']]) }) },
    { needs: ['import.run', 'party.create'], label: 'parties', request: async () => ({ url: '/daftar/v1/imports', body: importBody('parties', [['کد شخص', 'نام خانوادگی'], [`IMPP${uniq()}`, 'شخص ورودی']]) }) },
    {
      needs: ['import.run', 'opening.write'],
      label: 'openingStock',
      request: async () => ({ url: '/daftar/v1/imports', body: importBody('openingStock', [['کد کالا', 'مقدار', 'بهای واحد'], [await productCode(), '1', '1']]) }),
    },
  ],
  'POST /daftar/v1/imports/{id}/commit': [
    {
      needs: ['import.run', 'product.write'],
      request: async () => ({ url: `/daftar/v1/imports/${(await owner('/daftar/v1/imports', importBody('products', [['کد کالا', 'نام کالا'], [`IMC${uniq()}`, 'کالای ورودی']]))).id}/commit`, body: {} }),
    },
  ],
};

/** An import request: a CSV of `rows`, in base64. */
function importBody(kind: string, rows: string[][]): Json {
  return { kind, fileName: `${kind}.csv`, file: Buffer.from(rows.map((r) => r.join(',')).join('\r\n')).toString('base64') };
}
async function productCode(): Promise<string> {
  const r = await call(t.app, 'GET', `/daftar/v1/products/${await fx.product()}`, undefined, { authorization: 'Bearer test-api-token-a' });
  return r.body.code as string;
}

/** i8: Moadian settings (sealed with a throw-away key) and an sstid on the stocked product, made once. */
async function moadianReady(): Promise<void> {
  if (shared.moadianReady) return;
  const businessId = t.business.businessId;
  await saveMoadianSettings(t.database.db, businessId, {
    fiscalId: 'A11216', economicCode: '14003778990', certificatePem: SAMPLE_CERT.toString(), privateKeyPem: MOADIAN_VECTORS.jose.officialAuthToken.samplePrivateKeyPkcs8Pem,
    baseUrl: 'http://127.0.0.1:9/requestsmanager/api/v2', startsOn: '2020-03-20',
  }, randomBytes(32));
  await t.database.db.updateTable('products').set({ sstid: '2710000138624' }).where('business_id', '=', businessId).where('id', '=', shared.stockedId).execute();
  shared.moadianReady = true;
}
async function moadianSale(): Promise<number> {
  await moadianReady();
  return postedSale();
}

/** Row counts of every table of the schema, in one statement. */
async function countAll(): Promise<Record<string, number>> {
  if (!shared.tables) {
    const r = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(t.database.db);
    shared.tables = r.rows.map((x) => x.table_name).filter((n) => n !== 'schema_migrations');
  }
  const parts = (shared.tables as string[]).map((n) => `select '${n}' as t, count(*)::int as n from "${n}"`);
  const r = await sql.raw<{ t: string; n: number }>(parts.join(' union all ')).execute(t.database.db);
  return Object.fromEntries(r.rows.map((x) => [x.t, Number(x.n)]));
}

type Outcome = 'allowed' | 'forbidden' | 'other';
function outcomeOf(path: string, status: number, body: any): Outcome {
  if (path.startsWith('/v1/')) {
    if (body?.Success === true) return 'allowed';
    return body?.ErrorCode === 105 && /نقش/.test(body?.ErrorMessage ?? '') ? 'forbidden' : 'other';
  }
  if (path.startsWith('/api/')) {
    if (status < 300 && body?.success !== false) return 'allowed';
    return status === 403 && body?.errCode === 1007 ? 'forbidden' : 'other';
  }
  if (status < 300 && body?.success !== false) return 'allowed';
  return status === 403 && body?.code === 'FORBIDDEN' ? 'forbidden' : 'other';
}

async function send(method: string, path: string, req: Request, role: Role) {
  const headers: Record<string, string> = path.startsWith('/v2/') ? { ...chortkeAuth[role] } : path.startsWith('/api/') || path.startsWith('/daftar/') ? { ...sibaAuth[role] } : {};
  if (path === '/api/users/login' || (path === '/daftar/v1/session' && method === 'POST')) delete headers.authorization;
  if (req.raw) {
    const res = await t.app.inject({ method: method as 'PUT', url: req.url, headers: { ...headers, 'content-type': req.raw.contentType }, payload: req.raw.payload });
    let body: unknown = res.body;
    try {
      body = JSON.parse(res.body);
    } catch {
      /* image bytes */
    }
    return { status: res.statusCode, body: body as any };
  }
  const body = path.startsWith('/v1/') ? { ...hesabfaAuth[role], ...req.body } : req.body;
  return call(t.app, method as 'GET', req.url, body, headers);
}

describe('permission sweep: every route × admin, accountant, clerk', () => {
  before(async () => {
    t = await testApp();
    const businessId = t.business.businessId;
    for (const role of ROLES) {
      const u = await must('POST', '/api/users', { userName: `sweep-${role}`, password: password(role), role });
      const userId = u.data.user.userId as number;
      sweepUsers[role] = userId;
      const login = await must('POST', '/api/users/login', { userName: `sweep-${role}`, password: password(role) });
      sibaAuth[role] = { authorization: `Bearer ${login.data.user.token}` };
      const [chk, hft] = await transact(t.database.db, async (tx) => [
        await issueCredential(tx, businessId, 'chortke', { userId }),
        await issueCredential(tx, businessId, 'hesabfa_login_token', { userId }),
      ]);
      chortkeAuth[role] = { authorization: `Bearer ${chk}` };
      hesabfaAuth[role] = { apiKey: 'test-hesabfa-key-a', loginToken: hft };
    }
    shared.customerId = await fx.customer();
    shared.cashRegisterId = await fx.cashRegister();
    shared.stockedId = await fx.product();
    shared.purchaseId = (
      await must('POST', '/api/factors', {
        invoiceType: 1,
        invoiceDate: '1404/06/01',
        personId: shared.customerId,
        details: [{ itemId: shared.stockedId, itemType: 0, quantity: 100000, price: 500, taxPerc: 0 }],
      })
    ).data.factor.factorId;
    shared.saleId = await postedSale();
    shared.imageProductId = await fx.product();
    const img = await t.app.inject({ method: 'PUT', url: `/api/products/image/${shared.imageProductId}`, headers: { 'content-type': 'image/png' }, payload: PNG });
    assert.equal(img.statusCode, 200, img.body);
    shared.barcode = `62611${String(uniq()).padStart(8, '0')}`;
    await must('POST', '/api/products/barcode', { productId: shared.stockedId, barcode: shared.barcode });
    const h = await fx.hesabfaItem();
    shared.hesabfaId = h.Id;
    shared.hesabfaCode = h.Code;
    // issue 21
    shared.stockedCode = (await call(t.app, 'POST', '/v1/item/getById', { ...hesabfaAuth.admin, idList: [shared.stockedId] })).body.Result[0].Code;
    shared.hesabfaContact = await fx.hesabfaContact();
    shared.hesabfaSale = await fx.hesabfaSale();
    const backup = await call(t.app, 'POST', '/daftar/v1/backups', undefined, sibaAuth.admin);
    assert.equal(backup.status, 201, JSON.stringify(backup.body));
    shared.backupId = backup.body.id;
  });
  after(() => t.close());

  it('each call is allowed or forbidden exactly as the matrix says; a forbidden call writes nothing', async (t0) => {
    const doc = JSON.parse((await t.app.inject({ method: 'GET', url: '/openapi.json' })).body);
    const routes: string[] = [];
    for (const [path, ops] of Object.entries<Json>(doc.paths)) {
      for (const method of Object.keys(ops)) if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) routes.push(`${method.toUpperCase()} ${path}`);
    }
    assert.deepEqual(routes.filter((r) => !ROUTES[r]), [], 'every route of /openapi.json has a case here');

    const failures: string[] = [];
    const stats = { routes: routes.length, variants: 0, calls: 0, allowed: 0, forbidden: 0, wrong: 0, wrote: 0 };
    for (const route of routes) {
      const [method, path] = route.split(' ');
      for (const v of ROUTES[route]) {
        stats.variants++;
        for (const role of ROLES) {
          const expected: Outcome = v.needs.every((p) => allows(role, p)) ? 'allowed' : 'forbidden';
          const req = await v.request(role);
          const before = expected === 'forbidden' ? await countAll() : null;
          const res = await send(method, path, req, role);
          stats.calls++;
          const got = outcomeOf(path, res.status, res.body);
          const name = `${route}${v.label ? ` (${v.label})` : ''} as ${role}`;
          if (got !== expected) {
            stats.wrong++;
            failures.push(`${name}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          } else if (got === 'allowed') stats.allowed++;
          else stats.forbidden++;
          if (before) {
            const after = await countAll();
            const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
            if (changed.length) {
              stats.wrote++;
              failures.push(`${name}: refused but wrote ${changed.join(', ')}`);
            }
          }
          await v.after?.();
        }
      }
    }
    t0.diagnostic(
      `reliability: permissions backend=${backend} routes=${stats.routes} variants=${stats.variants} roles=${ROLES.length} calls=${stats.calls} allowed=${stats.allowed} forbidden=${stats.forbidden} wrongOutcome=${stats.wrong} forbiddenButWrote=${stats.wrote}`,
    );
    assert.deepEqual(failures, []);
  });
});
