import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, testApp, type TestApp } from '../../helpers/app.js';
import { verifyBooks } from '../../../src/domain/reports/verify.js';
import { systemActor } from '../../../src/domain/context.js';
import { todayIso } from '../../../src/domain/shared/dates.js';
import { hf, hfOk } from './helpers.js';

/**
 * Issue 21 acceptance: a shop's first day as the WooCommerce plugin (Sepehrnm/wordpress-hesabfa-plugin)
 * sends it — the calls, bodies and loose typing of its Ssbhesabfa_Api, and every reply field it
 * reads (Result.Code, .Number, .Paid, .Rest, .TotalCount, .List[].Code/phone/mobile/email,
 * .FilteredCount, LastId, StartDate/EndDate, Currency, Banks' Code/Currency, …).
 */
describe('Hesabfa: a shop’s first day as the WooCommerce plugin sends it', () => {
  let t: TestApp;
  const day = todayIso();
  const at = (hm: string) => `${day} ${hm}:00`;
  let bankCode: string;
  let cashCode: string;
  const codes: Record<string, string> = {};
  const contacts: Record<string, string> = {};
  const guid = 'guid-order-1003';

  before(async () => {
    t = await testApp();
    // The owner defines a bank account and a cash register in Daftar first (the plugin picks them from getBanks/GetCashes).
    const bank = await call(t.app, 'POST', '/api/banks', { bankName: 'ملت', branch: 'مرکزی', accountNo: '123-456' });
    assert.equal(bank.status, 200, JSON.stringify(bank.body));
    const cash = await call(t.app, 'POST', '/api/cashRegister', { name: 'صندوق فروشگاه' });
    assert.equal(cash.status, 200, JSON.stringify(cash.body));
  });
  after(() => t.close());

  it('setup: SetChangeHook, GetChanges, GetFiscalYear, getCurrency and the lists the live mode needs', async () => {
    assert.equal((await hf(t, 'setting/SetChangeHook', { url: 'http://127.0.0.1:9/index.php?ssbhesabfa_webhook=1&token=abc', hookPassword: 'hook-secret' })).Success, true);
    const changes = await hf(t, 'setting/GetChanges', { start: 0 });
    assert.equal(changes.Success, true);
    assert.deepEqual(changes.Result, []);
    assert.equal(changes.LastId, 0);

    const fy = await hfOk(t, 'setting/GetFiscalYear');
    const now = Date.now();
    assert.ok(Date.parse(fy.StartDate) <= now && now <= Date.parse(fy.EndDate), JSON.stringify(fy));
    assert.equal((await hfOk(t, 'setting/getCurrency')).Currency, 'IRR');
    const info = await hfOk(t, 'setting/getBusinessInfo');
    assert.equal(info.Name, 'کسب‌وکار آزمایشی');
    assert.equal(info.ExpireDate, null);

    const banks = await hfOk(t, 'setting/getBanks');
    assert.equal(banks.length, 1);
    assert.deepEqual([banks[0].Name, banks[0].Branch, banks[0].AccountNumber, banks[0].Currency], ['ملت', 'مرکزی', '123-456', 'IRR']);
    bankCode = banks[0].Code;
    const cashes = await hfOk(t, 'setting/GetCashes');
    cashCode = cashes.find((c: any) => c.Name === 'صندوق فروشگاه').Code;
    assert.equal(cashes[0].Currency, 'IRR');
    // an empty list is a success (a failure would turn the plugin's live mode off)
    for (const m of ['setting/getProjects', 'setting/getSalesmen']) {
      const r = await hf(t, m);
      assert.deepEqual([r.Success, r.ErrorCode, r.Result], [true, 0, []], m);
    }
    const warehouses = await hfOk(t, 'setting/GetWarehouses');
    assert.ok(warehouses.length >= 1 && typeof warehouses[0].Code === 'number' && warehouses[0].Name);
    const accounts = await hfOk(t, 'setting/GetAccounts');
    assert.ok(accounts.every((a: any) => typeof a.Name === 'string' && typeof a.FullPath === 'string'));
    assert.equal((await hf(t, 'setting/GetProductCategories')).Success, true);
    assert.equal((await hf(t, 'setting/GetContactCategories')).Success, true);
    // method names in any casing
    assert.equal((await hf(t, 'Setting/getwarehouses')).Success, true);
  });

  it('product and customer export: item/save (gift wrapping), item/batchsave, UpdateOpeningQuantity, contact/batchsave', async () => {
    const gift = await hfOk(t, 'item/save', { item: { Name: 'Gift wrapping service', itemType: 1, Tag: '{"id_product":0,"id_attribute":0}' } });
    codes.gift = gift.Code;
    const items = await hfOk(t, 'item/batchsave', {
      items: [
        { Code: null, Name: 'ماگ سرامیکی', PurchasesTitle: 'ماگ سرامیکی', SalesTitle: 'ماگ سرامیکی', ItemType: 0, Barcode: '', Tag: '{"id_product":11,"id_attribute":0}', NodeFamily: null, ProductCode: 11, SellPrice: 2500000 },
        { Code: null, Name: 'دفترچه', ItemType: 0, Tag: '{"id_product":12,"id_attribute":0}', ProductCode: 12, SellPrice: 800000 },
        { Code: null, Name: 'هزینه ارسال', ItemType: 1, Tag: '{"id_product":13,"id_attribute":0}', SellPrice: 0 },
      ],
    });
    assert.deepEqual(items.map((i: any) => i.Tag), ['{"id_product":11,"id_attribute":0}', '{"id_product":12,"id_attribute":0}', '{"id_product":13,"id_attribute":0}']);
    [codes.mug, codes.notebook, codes.shipping] = items.map((i: any) => i.Code);
    assert.equal(await hfOk(t, 'item/UpdateOpeningQuantity', { items: [{ Code: codes.mug, Quantity: 10, UnitPrice: 1500000 }, { Code: codes.notebook, Quantity: 20, UnitPrice: 400000 }] }), null);

    const tags = ['{"id_customer":7}', '{"id_customer": 8 }'];
    const saved = await hfOk(t, 'contact/batchsave', {
      contacts: [
        { Code: null, Name: 'سارا احمدی', FirstName: 'سارا', LastName: 'احمدی', ContactType: 1, NodeFamily: null, NationalCode: '', EconomicCode: '', RegistrationNumber: '', Website: '', Company: '', Address: 'تهران، خیابان آزادی', City: 'تهران', State: 'تهران', Country: 'Iran', PostalCode: '1234567890', Phone: '09121234567', Email: 'sara@example.com', Tag: tags[0], Note: 'Customer ID in OnlineStore: 7' },
        { Code: null, Name: 'رضا کریمی', FirstName: 'رضا', LastName: 'کریمی', ContactType: 1, Phone: '09351112233', Email: '', Tag: tags[1], Note: 'Customer ID in OnlineStore: 8' },
      ],
    });
    assert.deepEqual(saved.map((c: any) => c.Tag), tags, 'Tag echoed byte for byte');
    contacts.sara = saved[0].Code;
    contacts.reza = saved[1].Code;
    assert.match(contacts.sara, /^\d{6}$/);
    assert.equal(saved[0].Name, 'سارا احمدی');
  });

  let sale1: number;
  let sale2: number;
  let sale3: number;
  let payable3: number;

  it('order 1: the customer re-saved by code, the invoice, its payment by bank', async () => {
    // the plugin re-saves the customer with the code it stored as an integer
    const c = await hfOk(t, 'contact/save', { contact: { Code: Number(contacts.sara), Name: 'سارا احمدی', FirstName: 'سارا', LastName: 'احمدی', ContactType: 1, Phone: '09121234567', Email: 'sara@example.com', Tag: '{"id_customer":7}' } });
    assert.equal(c.Code, contacts.sara);
    assert.equal((await hfOk(t, 'contact/get', { code: contacts.sara })).Name, 'سارا احمدی');
    const inv = await hfOk(t, 'invoice/save', {
      requestUniqueId: 'guid-order-1001',
      invoice: {
        Number: null, InvoiceType: 0, ContactCode: Number(contacts.sara), Date: at('10:15'), DueDate: at('10:15'), Reference: 1001, Status: 2,
        Tag: '{"id_order":1001}', ContactTitle: 'سارا احمدی', Note: '\nShipping method: پست',
        InvoiceItems: [
          { RowNumber: 0, ItemCode: codes.mug, Description: 'ماگ سرامیکی', Quantity: 2, UnitPrice: 2500000.0, Discount: 500000.0, Tax: 0.0 },
          { RowNumber: 1, ItemCode: Number(codes.notebook), Description: 'دفترچه', Quantity: 3, UnitPrice: 800000, Discount: 0, Tax: 0 },
        ],
        Freight: 0,
      },
    });
    sale1 = inv.Number;
    assert.equal(typeof sale1, 'number');
    assert.deepEqual([inv.InvoiceType, inv.ContactCode, inv.Reference, inv.Tag, inv.Payable, inv.Paid, inv.Rest], [0, contacts.sara, '1001', '{"id_order":1001}', 6900000, 0, 6900000]);
    const got = await hfOk(t, 'invoice/get', { number: sale1, type: 0 });
    assert.equal(got.Paid, 0);
    const pay = await hfOk(t, 'invoice/savepayment', { number: sale1, date: at('10:20'), amount: 6900000, transactionNumber: 'TRX-99', description: '', transactionFee: 0, bankCode });
    assert.equal(pay.Amount, 6900000);
    const paid = await hfOk(t, 'invoice/get', { number: sale1, type: 0 });
    assert.deepEqual([paid.Paid, paid.Rest], [6900000, 0]);
  });

  it('order 2: a guest found by phone or email (none), saved with Code null; freight on the payable; payment with loose types', async () => {
    const none = await hfOk(t, 'contact/findByPhoneOrEmail', { mobile: '09129998877', email: 'guest@example.com', phone: '09129998877' });
    assert.equal(none.TotalCount, 0);
    const known = await hfOk(t, 'contact/findByPhoneOrEmail', { mobile: '09351112233', phone: '09351112233' });
    assert.equal(known.TotalCount, 1);
    assert.deepEqual([known.List[0].Code, known.List[0].phone, known.List[0].mobile, known.List[0].email], [contacts.reza, '09351112233', '', '']);
    const guest = await hfOk(t, 'contact/save', { contact: { Code: null, Name: 'مهمان یک', FirstName: 'مهمان', LastName: 'یک', ContactType: 1, Phone: '09129998877', Email: 'guest@example.com', Tag: '{"id_customer":0}' } });
    contacts.guest = guest.Code;
    const byEmail = await hfOk(t, 'contact/findByPhoneOrEmail', { email: 'Guest@Example.com' });
    assert.equal(byEmail.List[0].Code, contacts.guest);
    assert.equal(byEmail.List[0].email, 'guest@example.com');

    const inv = await hfOk(t, 'invoice/save', {
      requestUniqueId: 'guid-order-1002',
      invoice: { Number: null, InvoiceType: 0, ContactCode: guest.Code, Date: at('11:00'), DueDate: at('11:00'), Reference: '1002', Status: 2, Tag: '{"id_order":1002}', InvoiceItems: [{ RowNumber: 0, ItemCode: codes.notebook, Description: 'دفترچه', Quantity: 1, UnitPrice: 800000, Discount: 0, Tax: 72000 }], Note: '', Freight: 300000 },
    });
    sale2 = inv.Number;
    assert.deepEqual([inv.Payable, inv.Freight, inv.Tax, inv.InvoiceItems[0].Tax], [1172000, 300000, 72000, 72000]);
    // number as a string, fee "0", transaction number "-": the plugin's loose types
    await hfOk(t, 'invoice/savepayment', { number: String(sale2), date: at('11:05'), amount: '1172000', transactionNumber: '-', description: null, transactionFee: '0', bankCode: Number(bankCode) });
    assert.equal((await hfOk(t, 'invoice/get', { number: String(sale2) })).Rest, 0);
  });

  it('order 3: saved, re-saved on "completed" under the same number with the same requestUniqueId (a new body is processed, the same body replays), paid in cash', async () => {
    const body = (note: string) => ({
      requestUniqueId: guid,
      invoice: { Number: null as number | null, InvoiceType: 0, ContactCode: contacts.reza, Date: at('12:00'), DueDate: at('12:00'), Reference: 1003, Status: 2, Tag: '{"id_order":1003}', InvoiceItems: [{ RowNumber: 0, ItemCode: codes.mug, Description: 'ماگ', Quantity: 1, UnitPrice: 2500000, Discount: 0, Tax: 0 }, { RowNumber: 1, ItemCode: codes.gift, Description: 'کادو', Quantity: 1, UnitPrice: 100000, Discount: 0, Tax: 0 }], Note: note, Freight: 0 },
    });
    const first = await hfOk(t, 'invoice/save', body('ثبت سفارش'));
    sale3 = first.Number;
    payable3 = first.Payable;
    await hfOk(t, 'invoice/savepayment', { number: sale3, date: at('12:05'), amount: payable3, transactionNumber: '-', transactionFee: 0, cashCode });

    // the plugin looks the invoice up by Reference first (its "check invoice by reference" option)
    const found = await hfOk(t, 'invoice/getinvoices', { type: 0, queryInfo: { SortBy: 'Date', SortDesc: true, Take: 1, Skip: 0, Filters: [{ Property: 'Reference', Operator: '=', Value: 1003 }, { Property: 'Status', Operator: '=', Value: '1' }] } });
    assert.equal(found.List.length, 1);
    assert.equal(found.List[0].Number, sale3);

    const completed = body('تکمیل شد');
    completed.invoice.Number = sale3;
    const again = await hfOk(t, 'invoice/save', completed);
    assert.equal(again.Number, sale3, 'the same number');
    assert.notEqual(again.Id, first.Id, 'a new invoice: the old one was voided, never edited');
    assert.deepEqual([again.Note, again.Paid, again.Rest], ['تکمیل شد', payable3, 0], 'its receipt moved with it');
    const replay = await hf(t, 'invoice/save', completed);
    assert.equal(replay.Result.Id, again.Id, 'the same id, method and body: the stored reply');
    const listed = await hfOk(t, 'invoice/getinvoices', { type: 0, queryInfo: { Filters: [{ Property: 'Reference', Operator: '=', Value: '1003' }, { Property: 'Status', Operator: '=', Value: 1 }] } });
    assert.deepEqual(listed.List.map((i: any) => i.Id), [again.Id], 'one standing invoice for the order');
  });

  it('a cancelled order: the sale return sent with its sale’s number and the same requestUniqueId', async () => {
    const ret = await hfOk(t, 'invoice/save', {
      requestUniqueId: guid,
      invoice: { Number: sale3, InvoiceType: 2, ContactCode: contacts.reza, Date: at('16:00'), DueDate: at('16:00'), Reference: sale3, Status: 2, Tag: '{"id_order":1003}', InvoiceItems: [{ RowNumber: 0, ItemCode: codes.mug, Description: 'ماگ', Quantity: 1, UnitPrice: 2500000, Discount: 0, Tax: 0 }, { RowNumber: 1, ItemCode: codes.gift, Description: 'کادو', Quantity: 1, UnitPrice: 100000, Discount: 0, Tax: 0 }], Note: '', Freight: 0 },
    });
    assert.deepEqual([ret.Number, ret.InvoiceType, ret.Payable], [sale3, 2, payable3]);
    // the plugin's "delete old receipt": find the sale's receipt and delete it
    const receipts = await hfOk(t, 'receipt/getReceipts', { type: 1, queryInfo: { filters: [{ Property: 'Invoice.Number', Operator: '=', Value: sale3 }] } });
    assert.equal(receipts.FilteredCount, 1);
    assert.equal(receipts.List[0].Invoice.Number, sale3);
    assert.equal(await hfOk(t, 'receipt/delete', { number: receipts.List[0].Number, type: 1 }), true);
    assert.equal((await hfOk(t, 'invoice/get', { number: sale3 })).Paid, 0);
    // invoice/get of the return itself
    assert.equal((await hfOk(t, 'invoice/get', { number: sale3, type: 2 })).InvoiceType, 2);
  });

  it('stock read-back: GetQuantity equals the openings minus the orders plus the return; SaveWarehouseReceipt moves nothing twice', async () => {
    const wr = await hfOk(t, 'invoice/SaveWarehouseReceipt', { deleteOldReceipts: true, receipt: { WarehouseCode: 1, InvoiceNumber: sale1, InvoiceType: 0, Date: at('10:15'), Items: [] } });
    assert.equal(wr.InvoiceNumber, sale1);
    assert.deepEqual(wr.Items.map((i: any) => [i.ItemCode, i.Quantity]), [[codes.mug, 2], [codes.notebook, 3]]);
    assert.equal((await hfOk(t, 'invoice/getWarehouseReceipt', { idList: [wr.Id] }))[0].Number, sale1);
    const q = await hfOk(t, 'item/GetQuantity', { codes: [codes.mug, codes.notebook] });
    const qty = Object.fromEntries(q.map((r: any) => [r.Code, r.Quantity]));
    // mug: 10 − 2 (order 1) − 1 (order 3) + 1 (its return); notebook: 20 − 3 − 1
    assert.deepEqual([qty[codes.mug], qty[codes.notebook]], [8, 16]);
    assert.equal((await hfOk(t, 'item/get', { code: codes.mug })).Stock, 8);
  });

  it('changes: every item, contact and invoice change, ascending, LastId beside Result; a start past the end gives the last id', async () => {
    const r = await hf(t, 'setting/GetChanges', { start: null });
    assert.equal(r.Success, true);
    const ids = r.Result.map((c: any) => c.Id);
    assert.deepEqual(ids, [...ids].sort((a: number, b: number) => a - b));
    assert.equal(r.LastId, ids[ids.length - 1]);
    assert.ok(r.Result.every((c: any) => c.API === true), 'all made through this API');
    const of = (type: string, action: number) => r.Result.filter((c: any) => c.ObjectType === type && c.Action === action);
    assert.equal(of('Product', 51).length, 4, 'four items created');
    assert.ok(of('Product', 52).length >= 2, 'openings changed two items');
    assert.equal(of('Contact', 31).length, 3);
    assert.ok(of('Contact', 32).length >= 1);
    assert.equal(of('Invoice', 121).length, 5, 'three sales, the re-save and the return');
    const voided = of('Invoice', 123);
    assert.equal(voided.length, 1, 'the re-saved sale voided');
    assert.equal(voided[0].Extra2, String(sale3));
    const created = of('Invoice', 121).find((c: any) => c.Extra2 === String(sale1));
    assert.deepEqual(created.Extra.split(',').sort(), [codes.mug, codes.notebook].map((c) => c.replace(/^0+/, '')).map((c) => c.padStart(6, '0')).sort());
    const mid = await hf(t, 'setting/GetChanges', { start: ids[2] });
    assert.deepEqual(mid.Result.map((c: any) => c.Id), ids.slice(3));
    const past = await hf(t, 'setting/GetChanges', { start: 1000000000 });
    assert.deepEqual([past.Success, past.Result, past.LastId], [true, [], r.LastId]);
    assert.equal((await hf(t, 'setting/GetChanges', { start: 'x' })).ErrorCode, 114);
  });

  it('the books balance and the verifier finds nothing wrong', async () => {
    const v = await verifyBooks(t.database.db, systemActor(t.business.businessId));
    assert.ok(v.ok, JSON.stringify(v.checks.filter((c) => !c.ok)));
    const http = await call(t.app, 'GET', '/daftar/v1/reports/verify', undefined, { authorization: 'Bearer test-api-token-a' });
    assert.equal(http.status, 200);
    assert.equal(http.body.ok, true);
  });

  it('refusals name the field in Persian with Hesabfa’s codes', async () => {
    const noItem = await hf(t, 'invoice/save', { invoice: { Number: null, InvoiceType: 0, ContactCode: contacts.sara, Date: at('17:00'), InvoiceItems: [{ ItemCode: 999999, Quantity: 1, UnitPrice: 1 }] } });
    assert.equal(noItem.ErrorCode, 112);
    assert.match(noItem.ErrorMessage, /InvoiceItems\[0\]\.ItemCode/);
    const badType = await hf(t, 'invoice/save', { invoice: { InvoiceType: 7, ContactCode: contacts.sara, InvoiceItems: [] } });
    assert.equal(badType.ErrorCode, 114);
    assert.match(badType.ErrorMessage, /InvoiceType/);
    const badEmail = await hf(t, 'contact/save', { contact: { Code: null, Name: 'x', Email: 'not-an-email' } });
    assert.equal(badEmail.ErrorCode, 114);
    assert.match(badEmail.ErrorMessage, /contact\.Email/);
    const fee = await hf(t, 'invoice/savepayment', { number: sale1, amount: 1, transactionFee: 5000, bankCode });
    assert.equal(fee.ErrorCode, 114);
    assert.match(fee.ErrorMessage, /transactionFee/);
    const missing = await hf(t, 'invoice/get', {});
    assert.equal(missing.ErrorCode, 104);
    const unknown = await hf(t, 'invoice/get', { number: 99999 });
    assert.equal(unknown.ErrorCode, 112);
  });
});
