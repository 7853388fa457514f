import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, testApp, type TestApp } from '../../helpers/app.js';
import { hf, hfOk } from './helpers.js';

/**
 * Issue 21 acceptance: a contact saved through Hesabfa is the party Siba (/api/customers),
 * Chortke (/v2/persons) and /daftar/v1/parties return, and an invoice saved through Hesabfa is
 * the factor Siba returns, with the same figures. And back: what another surface changes is what
 * Hesabfa reads, and it is in the change feed (API false: not made through Hesabfa).
 */
describe('Hesabfa contacts and invoices are the one party and the one factor of every surface', () => {
  let t: TestApp;
  const daftar = { authorization: 'Bearer test-api-token-a' };
  const chortke = { authorization: 'Bearer test-chortke-token-a' };
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('a contact saved here is the party of Siba, Chortke and /daftar/v1', async () => {
    const c = await hfOk(t, 'contact/save', {
      contact: { Code: null, Name: 'نگار صالحی', FirstName: 'نگار', LastName: 'صالحی', ContactType: 1, NationalCode: '0012345679', Address: 'شیراز، خیابان زند', City: 'شیراز', State: 'فارس', PostalCode: '7134567890', Mobile: '09171234567', Phone: '07132223344', Email: 'negar@example.com', Note: 'مشتری وفادار', Tag: '{"id_customer":42}' },
    });
    const siba = (await call(t.app, 'GET', `/api/customers/${c.Id}`)).body.data.customer;
    assert.deepEqual(
      [siba.customerCode.padStart(6, '0'), siba.fullName, siba.firstName, siba.lastName, siba.nationalCode, siba.address, siba.city, siba.province, siba.email, siba.comment, siba.tel],
      [c.Code, 'نگار صالحی', 'نگار', 'صالحی', '0012345679', 'شیراز، خیابان زند', 'شیراز', 'فارس', 'negar@example.com', 'مشتری وفادار', '09171234567'],
    );
    const person = await call(t.app, 'GET', `/v2/persons/${c.Id}`, undefined, chortke);
    assert.equal(person.status, 200, JSON.stringify(person.body));
    const p = (person.body.data ?? person.body).main;
    assert.equal(p.id, c.Id);
    assert.equal(p.accountingCode.padStart(6, '0'), c.Code);
    assert.deepEqual([p.firstName, p.lastName], ['نگار', 'صالحی']);
    const party = (await call(t.app, 'GET', `/daftar/v1/parties/${c.Id}`, undefined, daftar)).body;
    assert.deepEqual([party.code.padStart(6, '0'), party.name, party.mobile, party.nationalId], [c.Code, 'نگار صالحی', '09171234567', '0012345679']);
    assert.ok(party.phones.includes('07132223344'));

    // changed on Siba: Hesabfa reads the change, and the feed has it as not made through Hesabfa
    const before = (await hf(t, 'setting/GetChanges', { start: 1000000000 })).LastId;
    const put = await call(t.app, 'PUT', '/api/customers', { customerId: c.Id, city: 'مرودشت' });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal((await hfOk(t, 'contact/get', { code: Number(c.Code) })).City, 'مرودشت');
    const changes = (await hf(t, 'setting/GetChanges', { start: before })).Result;
    assert.deepEqual(changes.map((x: any) => [x.ObjectType, x.ObjectId, x.Action, x.API]), [['Contact', c.Id, 32, false]]);
    assert.equal(changes[0].Extra, c.Code);
  });

  it('an invoice saved here is the factor Siba returns, with the same figures', async () => {
    const item = await hfOk(t, 'item/save', { item: { Name: 'کتاب', ItemType: 0, SellPrice: 450000 } });
    const service = await hfOk(t, 'item/save', { item: { Name: 'بسته‌بندی', ItemType: 1 } });
    await hfOk(t, 'item/UpdateOpeningQuantity', { items: [{ Code: item.Code, Quantity: 30, UnitPrice: 300000 }] });
    const contact = await hfOk(t, 'contact/save', { contact: { Name: 'کتاب‌فروشی نور', ContactType: 2, Company: 'کتاب‌فروشی نور' } });
    const inv = await hfOk(t, 'invoice/save', {
      invoice: {
        InvoiceType: 0, ContactCode: contact.Code, Date: '2026-03-25 09:30:00', Reference: 'PO-77', Note: 'ارسال با پیک', Freight: 150000,
        InvoiceItems: [
          { ItemCode: item.Code, Description: 'کتاب', Quantity: 4, UnitPrice: 450000, Discount: 100000, Tax: 170000 },
          { ItemCode: service.Code, Description: 'بسته‌بندی', Quantity: 1, UnitPrice: 50000, Discount: 0, Tax: 0 },
        ],
      },
    });
    // 4 × 450000 − 100000 = 1700000 (+170000 VAT); 50000; freight 150000
    assert.deepEqual([inv.Sum, inv.Tax, inv.Discount, inv.Freight, inv.Payable], [1750000, 170000, 100000, 150000, 2070000]);
    const factor = (await call(t.app, 'GET', `/api/factors/${inv.Id}`)).body.data.factor;
    assert.deepEqual(
      [factor.factorId, factor.invoiceType, factor.invoiceNo, factor.invoiceDate, factor.invoiceTime, factor.personId, factor.info, factor.sumNet, factor.sumTax, factor.sumDiscount, factor.payable, factor.paid, factor.remaining, factor.status],
      [inv.Id, 2, inv.Number, '2026-03-25', '09:30:00', contact.Id, 'ارسال با پیک', inv.Sum, inv.Tax, inv.Discount, inv.Payable, inv.Paid, inv.Rest, 'posted'],
    );
    assert.deepEqual(
      factor.details.map((d: any) => [d.itemCode.padStart(6, '0'), d.quantity, d.price, d.discount, d.tax, d.total]),
      inv.InvoiceItems.map((l: any) => [l.ItemCode, l.Quantity, l.UnitPrice, l.Discount, l.Tax, l.TotalAmount]),
    );
    assert.equal(factor.details[0].taxPerc, 10, 'the VAT amount sent makes its rate');
    // a Siba payment against the factor is Hesabfa's Paid
    const bank = (await call(t.app, 'POST', '/api/banks', { bankName: 'سامان' })).body.data.bank;
    const pay = await call(t.app, 'POST', '/api/payments', { kind: 'receipt', personId: contact.Id, amount: 1000000, bankId: bank.bankId, factorId: inv.Id });
    assert.equal(pay.status, 200, JSON.stringify(pay.body));
    const got = await hfOk(t, 'invoice/get', { number: inv.Number });
    assert.deepEqual([got.Paid, got.Rest], [1000000, 1070000]);
    // voided on Siba: Hesabfa sees it voided (Status 0) and the feed says deleted (123)
    const before = (await hf(t, 'setting/GetChanges', { start: 1000000000 })).LastId;
    const del = await call(t.app, 'DELETE', `/api/factors/${inv.Id}`);
    assert.equal(del.status, 200, JSON.stringify(del.body));
    assert.deepEqual([(await hfOk(t, 'invoice/get', { number: inv.Number })).Status, (await hfOk(t, 'invoice/get', { number: inv.Number })).Rest], [0, 0]);
    const changes = (await hf(t, 'setting/GetChanges', { start: before })).Result;
    assert.deepEqual(changes.map((x: any) => [x.ObjectType, x.ObjectId, x.Action, x.API, x.Extra2]), [['Invoice', inv.Id, 123, false, String(inv.Number)]]);
  });
});
