import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { MoadianClient, MoadianTransportError } from '../../../src/domain/moadian/client.js';
import { buildMoadianInvoice } from '../../../src/domain/moadian/invoice-json.js';
import { moadianJson } from '../../../src/domain/moadian/json.js';
import { invoicePacket } from '../../../src/domain/moadian/jose.js';
import { startFakeMoadian, type FakeMoadian } from '../../helpers/fake-moadian.js';
import { sampleSigner, SAMPLE_NATIONAL_ID } from '../../helpers/moadian-keys.js';

let fake: FakeMoadian;
let client: MoadianClient;
let serial = 100n;
before(async () => {
  fake = await startFakeMoadian({ A111H1: { nationalId: SAMPLE_NATIONAL_ID, economicCode: '14003778990' } });
  client = new MoadianClient({ baseUrl: fake.url, clientId: 'A111H1', signer: sampleSigner(), timeoutMs: 2000 });
});
after(() => fake.close());

async function salePacket() {
  serial += 1n;
  const inv = buildMoadianInvoice({
    fiscalId: 'A111H1', serial, issuedAtMs: Date.now() - 60_000, subject: 'original', type: 1, sellerEconomicCode: '14003778990',
    buyer: { kind: 'legal', economicCode: '10100302746' }, settlement: 'credit',
    lines: [
      { sstid: '2710000138624', quantity: '2.75', unitPrice: '123457', discount: '15000', vatRate: '10' },
      { sstid: '2330000604708', quantity: '3', unitPrice: '99999', discount: '0', vatRate: '10' },
    ],
  });
  const [key] = (await client.serverInformation()).publicKeys;
  return invoicePacket(moadianJson(inv), 'A111H1', sampleSigner(), key!);
}

test('moadian client: a sale is sent and its inquiry comes back SUCCESS with the org signature; a fresh nonce per call', async () => {
  const before = fake.nonces.length;
  const packet = await salePacket();
  const [sent] = await client.send([packet]);
  assert.equal(sent!.uid, packet.header.requestTraceId);
  const [byRef] = await client.inquiryByReference([sent!.referenceNumber]);
  assert.equal(byRef!.status, 'SUCCESS', JSON.stringify(byRef));
  assert.equal(byRef!.sign!.split('.').length, 3);
  const [byUid] = await client.inquiryByUid([sent!.uid], 'A111H1');
  assert.equal(byUid!.status, 'SUCCESS');
  assert.equal(fake.nonces.length - before, 4, 'server-information, send, two inquiries: one nonce each');
  assert.equal(new Set(fake.nonces).size, fake.nonces.length);
});

test('moadian client: FAILED results carry the server error codes', async () => {
  const [sent] = await client.send([await salePacket()]);
  fake.forceNext = { status: 'FAILED', errors: [{ code: '012802', message: 'مقدار وارد شده در فیلد «روش تسویه» جز مقادیر مجاز نیست' }] };
  const [r] = await client.inquiryByReference([sent!.referenceNumber]);
  assert.equal(r!.status, 'FAILED');
  assert.deepEqual(r!.data!.error!.map((e) => e.code), ['012802']);
});

test('moadian client: an unknown reference is NOT_FOUND', async () => {
  const [r] = await client.inquiryByReference(['00000000-0000-4000-8000-000000000000']);
  assert.equal(r!.status, 'NOT_FOUND');
});

test('moadian client: HTTP 500 surfaces as a retryable transport error; a 4xx does not', async () => {
  fake.failNext = { status: 500, code: '5199', count: 1 };
  await assert.rejects(client.nonce(), (e) => e instanceof MoadianTransportError && e.retryable && e.status === 500 && e.codes[0] === '5199');
  const bad = new MoadianClient({ baseUrl: fake.url, clientId: 'ZZZZZZ', signer: sampleSigner() });
  await assert.rejects(bad.serverInformation(), (e) => e instanceof MoadianTransportError && !e.retryable && e.codes[0] === '4110');
});

test('moadian client: a server that never answers surfaces as a retryable timeout', async () => {
  const slow = new MoadianClient({ baseUrl: fake.url, clientId: 'A111H1', signer: sampleSigner(), timeoutMs: 200 });
  fake.hang = true;
  try {
    await assert.rejects(slow.nonce(), (e) => e instanceof MoadianTransportError && e.retryable && /timeout/.test(e.message));
  } finally {
    fake.hang = false;
  }
});
