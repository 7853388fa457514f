import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, countRows, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';

const AUTH = { authorization: 'Bearer test-chortke-token-a' };

/** The seed's persons example (seeds/002, "ذخیره" › مثال), byte for byte. */
const SEED_BODY = {
  main: {
    accountingCode: '010',
    nickName: 'ذکتر پارسا',
    firstName: 'محمود',
    lastName: 'پارسا',
    title: 'دکتر پارسا',
    company: null,
    description: 'مشتری اینترنت پرسرعت',
    active: true,
    personType: 'customer',
    personTypeId: 1,
  },
  others: [
    { financialCredit: '500000' },
    { economicCode: '12345' },
    { registerationNumber: '12345678' },
    { postalCode: '1234567890' },
    { country: 'ایران' },
    { state: 'تهران' },
    { city: 'تهران' },
    { address: 'تهران_میدان ولیعصر' },
    { phone: '02112345678' },
    { mobile: '09123456789' },
    { email: 'personEmail@gmail.com' },
    { website: 'person.web' },
    { bankName: 'ملی' },
    { bankAccountNumber: '0012345678' },
    { bankCardNumber: '1234123412341234' },
    { bankShaba: '12341234123412341234' },
  ],
};
const SEED_OTHERS: Record<string, unknown> = Object.assign({}, ...SEED_BODY.others);

/** Every value the seed sent, compared as the wire reads it back (financialCredit is an Integer). */
function assertSeedValues(main: Record<string, unknown>, others: Record<string, unknown>) {
  for (const [k, v] of Object.entries(SEED_BODY.main)) assert.deepEqual(main[k], v, `main.${k}`);
  for (const [k, v] of Object.entries(SEED_OTHERS)) {
    if (k === 'financialCredit') assert.equal(others[k], 500000, 'others.financialCredit');
    else assert.equal(others[k], v, `others.${k}`);
  }
}

describe('Chortke /v2/persons', () => {
  let t: TestApp;
  let seedId: number;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('the seed example body is accepted as written → 201 person', async () => {
    const r = await call(t.app, 'POST', '/v2/persons', SEED_BODY, AUTH);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.success, true);
    seedId = r.body.person.id;
    assertSeedValues(r.body.person, r.body.person);
    assert.equal(r.body.person.fullName, 'دکتر پارسا محمود پارسا');
    assert.equal(r.body.person.balance, 0);
  });

  it('GET /v2/persons/{id} reads back every value as main + others', async () => {
    const r = await call(t.app, 'GET', `/v2/persons/${seedId}`, undefined, AUTH);
    assert.equal(r.status, 200);
    assert.equal(r.body.main.id, seedId);
    assertSeedValues(r.body.main, r.body.others);
    const list = await call(t.app, 'GET', '/v2/persons', undefined, AUTH);
    assert.equal(list.status, 200);
    assert.equal(list.body.person.length, 1);
    assertSeedValues(list.body.person[0], list.body.person[0]);
  });

  it('the person is the customer Siba lists (same name, code, phone)', async () => {
    const r = await call(t.app, 'GET', '/api/customers?customerCode=010', undefined, { authorization: 'Bearer test-api-token-a' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.customer.length, 1);
    const c = r.body.data.customer[0];
    assert.equal(Number(c.id), seedId);
    assert.equal(c.customerCode, '010');
    assert.equal(c.fullName, 'دکتر پارسا محمود پارسا');
    assert.deepEqual([c.firstName, c.lastName, c.prefix], ['محمود', 'پارسا', 'دکتر پارسا']);
    assert.equal(c.tel, '09123456789');
    assert.deepEqual([c.city, c.email], ['تهران', 'personEmail@gmail.com']);
    // Chortke's documentation placeholders are not verified identifiers: Siba does not show them
    assert.equal(c.cardNo, '');
    const byTel = await call(t.app, 'GET', '/api/customers?tel=02112345678', undefined, { authorization: 'Bearer test-api-token-a' });
    assert.equal(byTel.body.data.customer.length, 1, 'the landline is one of the customer phones');
  });

  it('POST with the same accountingCode edits (200, same id); personType → its own group by default', async () => {
    let r = await call(t.app, 'POST', '/v2/persons', { accountingCode: '10', city: 'اصفهان', mobile: '+989121111111' }, AUTH);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.person.id, seedId);
    assert.deepEqual([r.body.person.accountingCode, r.body.person.city, r.body.person.mobile, r.body.person.phone], ['010', 'اصفهان', '09121111111', '02112345678']);
    assert.equal(r.body.person.bankShaba, '12341234123412341234', 'untouched fields stay');

    r = await call(t.app, 'POST', '/v2/persons', { nickName: 'تامین‌کننده الف', personType: 'provider', isLegal: 'true', nationalCode: '0499370899' }, AUTH);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const types = await call(t.app, 'GET', '/v2/personTypes', undefined, AUTH);
    const provider = types.body.personTypes[0].childs.find((c: { title: string }) => c.title === 'تامین‌کننده');
    assert.equal(r.body.person.personTypeId, provider.id);
    assert.match(r.body.person.accountingCode, /^\d+$/);
    assert.deepEqual([r.body.person.personType, r.body.person.isLegal, r.body.person.nationalCode], ['provider', true, '0499370899']);
  });

  it('flat body and PUT /v2/persons/{id}: real identifiers are validated and stored verified', async () => {
    let r = await call(
      t.app,
      'POST',
      '/v2/persons',
      { nickName: 'کارمند ب', personType: 'personnel', bankShaba: 'IR82 0540 1026 8002 0817 9090 02', bankCardNumber: '6219-8610-3452-9007', salary: '150000000', jobPosition: 'انباردار' },
      AUTH,
    );
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const id = r.body.person.id;
    assert.deepEqual([r.body.person.bankShaba, r.body.person.bankCardNumber, r.body.person.salary], ['IR820540102680020817909002', '6219861034529007', '150000000']);

    r = await call(t.app, 'PUT', `/v2/persons/${id}`, { main: { lastName: 'بهرامی' }, others: [{ bankShaba: '' }, { tax: 9 }] }, AUTH);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([r.body.person.lastName, r.body.person.bankShaba, r.body.person.tax, r.body.person.bankCardNumber], ['بهرامی', null, 9, '6219861034529007']);
    const got = await call(t.app, 'GET', `/v2/persons/${id}`, undefined, AUTH);
    assert.equal(got.body.others.bankShaba, null);
    assert.equal(got.body.main.personType, 'personnel');
  });

  it('invalid national code, Sheba, mobile, card, email, economic code, postal code → 400 naming the field; nothing saved', async () => {
    const base = { nickName: 'نامعتبر', personType: 'customer' };
    const cases: [Record<string, unknown>, string][] = [
      [{ nationalCode: '1234567890' }, 'nationalCode'],
      [{ nationalCode: '1111111111' }, 'nationalCode'],
      [{ bankShaba: 'IR820540102680020817909003' }, 'bankShaba'],
      [{ bankShaba: 'IR12' }, 'bankShaba'],
      [{ bankShaba: '123' }, 'bankShaba'],
      [{ mobile: '0912345' }, 'mobile'],
      [{ mobile: '02112345678' }, 'mobile'],
      [{ bankCardNumber: '6219861034529008' }, 'bankCardNumber'],
      [{ email: 'not-an-email' }, 'email'],
      [{ economicCode: '9876' }, 'economicCode'],
      [{ postalCode: '123' }, 'postalCode'],
      [{ personType: 'friend' }, 'personType'],
      [{ accountingCode: 'A-10' }, 'accountingCode'],
    ];
    const before = await snapshotCounts(t.database);
    const unverified = await countRows(t.database, 'chortke_unverified_fields');
    for (const [extra, field] of cases) {
      const r = await call(t.app, 'POST', '/v2/persons', { main: base, others: [extra] }, AUTH);
      assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
      assert.deepEqual([r.body.success, r.body.code], [false, 'VALIDATION_ERROR'], field);
      assert.ok(r.body.message.includes(field), `${field}: ${r.body.message}`);
    }
    // required fields of a new person
    for (const [body, field] of [[{ personType: 'customer' }, 'nickName'], [{ nickName: 'بی‌نوع' }, 'personType']] as const) {
      const r = await call(t.app, 'POST', '/v2/persons', body, AUTH);
      assert.equal(r.status, 400);
      assert.ok(r.body.message.includes(field), r.body.message);
    }
    // an invalid value on an edit refuses the whole edit
    const r = await call(t.app, 'PUT', `/v2/persons/${seedId}`, { city: 'شیراز', mobile: '123' }, AUTH);
    assert.equal(r.status, 400);
    assert.deepEqual(await snapshotCounts(t.database), before);
    assert.equal(await countRows(t.database, 'chortke_unverified_fields'), unverified);
    const still = await call(t.app, 'GET', `/v2/persons/${seedId}`, undefined, AUTH);
    assert.equal(still.body.others.city, 'اصفهان');
  });

  it('duplicate code on PUT → 409; unknown id → 404; bad token → 401', async () => {
    let r = await call(t.app, 'GET', '/v2/persons?code=010', undefined, AUTH);
    assert.equal(r.body.person.length, 1);
    const others = await call(t.app, 'GET', '/v2/persons?personType=provider', undefined, AUTH);
    assert.equal(others.body.person.length, 1);
    r = await call(t.app, 'PUT', `/v2/persons/${others.body.person[0].id}`, { accountingCode: '0010' }, AUTH);
    assert.equal(r.status, 409);
    assert.match(r.body.message, /accountingCode/);
    r = await call(t.app, 'PUT', '/v2/persons/987654', { city: 'x' }, AUTH);
    assert.equal(r.status, 404);
    r = await call(t.app, 'GET', '/v2/persons/987654', undefined, AUTH);
    assert.equal(r.status, 404);
    r = await call(t.app, 'POST', '/v2/persons', SEED_BODY, { authorization: 'Bearer wrong' });
    assert.equal(r.status, 401);
    assert.deepEqual([r.body.success, r.body.code], [false, 'UNAUTHORIZED']);
    r = await call(t.app, 'GET', '/v2/persons', undefined, {});
    assert.equal(r.status, 401);
  });

  it('tenant isolation: the seed body in another business is its own person', async () => {
    const other = await t.newBusiness();
    const auth = { authorization: `Bearer ${other.chortkeToken}` };
    let r = await call(t.app, 'GET', `/v2/persons/${seedId}`, undefined, auth);
    assert.equal(r.status, 404);
    // personTypeId 1 is the first business's group: not found here
    r = await call(t.app, 'POST', '/v2/persons', SEED_BODY, auth);
    assert.equal(r.status, 404);
    assert.match(r.body.message, /personTypeId/);
    const { personTypeId: _drop, ...main } = SEED_BODY.main;
    r = await call(t.app, 'POST', '/v2/persons', { ...SEED_BODY, main }, auth);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.person.accountingCode, '010');
    assert.equal(r.body.person.bankCardNumber, '1234123412341234');
    assert.notEqual(r.body.person.id, seedId);
  });

  it('DELETE → success message; then 404', async () => {
    const r = await call(t.app, 'DELETE', `/v2/persons/${seedId}`, undefined, AUTH);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, { success: true, message: 'شخص با موفقیت حذف گردید' });
    const got = await call(t.app, 'GET', `/v2/persons/${seedId}`, undefined, AUTH);
    assert.equal(got.status, 404);
  });
});
