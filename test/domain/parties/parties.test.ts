import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transact } from '../../../src/db/transact.js';
import { systemActor, type Actor } from '../../../src/domain/context.js';
import { isDomainError } from '../../../src/domain/errors.js';
import { createCashRegister } from '../../../src/domain/money/accounts.js';
import { invoicePayments, postPayment } from '../../../src/domain/money/payments.js';
import { createPartyGroup, listPartyGroups, partyGroupForRole, updatePartyGroup } from '../../../src/domain/parties/groups.js';
import { createParty, deleteParty, findPartyByCode, getParty, listParties, updateParty } from '../../../src/domain/parties/parties.js';
import { listPhones } from '../../../src/domain/parties/phones.js';
import { Dec } from '../../../src/domain/shared/money.js';
import { countRows, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';

const code = (err: unknown) => (isDomainError(err) ? err.code : String(err));

describe('parties domain (the contract Chortke persons and invoicing use)', () => {
  let t: TestApp;
  let actor: Actor;
  const run = <T>(fn: (tx: Parameters<Parameters<typeof transact>[1]>[0]) => Promise<T>) => transact(t.database.db, fn);
  before(async () => {
    t = await testApp();
    actor = { ...systemActor(t.business.businessId, t.business.adminUserId), surface: 'chortke' };
  });
  after(() => t.close());

  it('createParty: type, phones, legal id, derived names; findPartyByCode ignores leading zeros', async () => {
    const p = await run((tx) =>
      createParty(tx, actor, {
        code: '0007',
        roles: ['serviceProvider'],
        kind: 'company',
        companyName: 'شرکت نمونه',
        mobile: '+989121112233',
        phones: [{ tel: '021-88776655', caption: 'phone' }],
      }),
    );
    assert.equal(p.fullName, 'شرکت نمونه', 'no person name: the company name');
    assert.deepEqual(p.roles, ['serviceProvider']);
    assert.deepEqual(p.phones.map((x) => [x.tel, x.caption, x.isPrimary]), [['+989121112233', '', true], ['021-88776655', 'phone', false]]);
    assert.equal((await findPartyByCode(t.database.db, actor, '7'))?.id, p.id);
    assert.equal((await findPartyByCode(t.database.db, actor, '۰۷'))?.id, p.id);
    const byTel = await listParties(t.database.db, actor, { phone: '09121112233' });
    assert.deepEqual(byTel.items.map((x) => x.id), [p.id]);
    const byType = await listParties(t.database.db, actor, { role: 'serviceProvider' });
    assert.equal(byType.total, 1);

    // phones replaced by caption; the primary number replaced by tel
    const u = await run((tx) => updateParty(tx, actor, p.id, { mobile: '09350000000', phones: [{ tel: '', caption: 'phone' }, { tel: '0311', caption: 'fax' }] }));
    assert.deepEqual(u.phones.map((x) => [x.tel, x.caption, x.isPrimary]), [['09350000000', '', true], ['0311', 'fax', false]]);
    assert.equal((await listPhones(t.database.db, actor, p.id)).length, 2);
  });

  it('person-type groups: partyGroupForRole finds the seeded tree; groups cannot form cycles', async () => {
    const customerGroup = await partyGroupForRole(t.database.db, actor.businessId, 'customer');
    const groups = await listPartyGroups(t.database.db, actor);
    const g = groups.find((x) => x.id === customerGroup)!;
    assert.equal(g.name, 'مشتری');
    const root = groups.find((x) => x.id === g.parentId)!;
    assert.equal(root.name, 'اشخاص');
    assert.equal(root.parentId, null);
    const child = await run((tx) => createPartyGroup(tx, actor, { name: 'VIP', parentId: customerGroup }));
    await assert.rejects(run((tx) => updatePartyGroup(tx, actor, root.id, { parentId: child.id })), (e) => code(e) === 'VALIDATION');
    const p = await run((tx) => createParty(tx, actor, { lastName: 'گروه‌دار', groupId: child.id }));
    assert.equal(p.groupId, child.id);
  });

  it('updateParty changes only the fields present; unknown id → NOT_FOUND; taken code → DUPLICATE', async () => {
    const a = await run((tx) => createParty(tx, actor, { firstName: 'مریم', lastName: 'احمدی', city: 'تهران', cashCredit: new Dec(5000) }));
    const b = await run((tx) => createParty(tx, actor, { lastName: 'دیگری' }));
    const u = await run((tx) => updateParty(tx, actor, a.id, { prefix: 'خانم' }));
    assert.equal(u.fullName, 'خانم مریم احمدی');
    assert.equal(u.city, 'تهران');
    assert.equal(u.cashCredit, '5000');
    await assert.rejects(run((tx) => updateParty(tx, actor, 987654, { city: 'x' })), (e) => code(e) === 'NOT_FOUND');
    await assert.rejects(run((tx) => updateParty(tx, actor, b.id, { code: a.code })), (e) => code(e) === 'DUPLICATE');
  });

  it('postPayment and invoicePayments; a party with payments cannot be deleted (IN_USE), one without can', async () => {
    const p = await run((tx) => createParty(tx, actor, { lastName: 'پرداختی', openingBalance: new Dec(900) }));
    assert.equal(p.balance, '900');
    await run((tx) => createCashRegister(tx, actor, { name: 'صندوق آزمون' }));
    const audits = await countRows(t.database, 'audit_entries');
    const r = await run((tx) => postPayment(tx, actor, { kind: 'receipt', partyId: p.id, amount: new Dec(300), date: '2025-06-01' }));
    assert.ok(r.paymentId > 0 && r.voucherId > 0);
    assert.equal(await countRows(t.database, 'audit_entries'), audits + 1);
    assert.equal((await getParty(t.database.db, actor, p.id))!.balance, '600');
    const none = await invoicePayments(t.database.db, actor, 123456);
    assert.deepEqual(none, { paid: '0', payments: [] });

    const before = await snapshotCounts(t.database);
    await assert.rejects(run((tx) => deleteParty(tx, actor, p.id)), (e) => code(e) === 'IN_USE');
    assert.deepEqual(await snapshotCounts(t.database), before);

    const q = await run((tx) => createParty(tx, actor, { lastName: 'حذفی', openingBalance: new Dec(-50), mobile: '0912' }));
    assert.equal(q.balance, '-50');
    // An opening balance is a use (issue 18 point 2): refused, nothing written.
    const kept = await snapshotCounts(t.database);
    await assert.rejects(run((tx) => deleteParty(tx, actor, q.id)), (e) => code(e) === 'IN_USE');
    assert.deepEqual(await snapshotCounts(t.database), kept);
    const plain = await run((tx) => createParty(tx, actor, { lastName: 'حذفی بی‌مانده', mobile: '0913' }));
    await run((tx) => deleteParty(tx, actor, plain.id));
    assert.equal(await getParty(t.database.db, actor, plain.id), null);
  });
});
